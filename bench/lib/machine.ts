/** The machine's own two-thread speedup on independent CPU-bound work: the ceiling for scaling figures. */
import { Worker } from 'node:worker_threads';

export async function machineTwoThreadSpeedup(): Promise<number> {
  const code =
    'let s = 0; for (let i = 0; i < 2e8; i++) s += Math.sqrt(i); require("node:worker_threads").parentPort.postMessage(s);';
  const run = () => new Promise((r) => new Worker(code, { eval: true }).once('message', r));
  let t0 = performance.now();
  await run();
  await run();
  const serial = performance.now() - t0;
  t0 = performance.now();
  await Promise.all([run(), run()]);
  return serial / (performance.now() - t0);
}
