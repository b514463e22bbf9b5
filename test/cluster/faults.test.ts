/**
 * Faults, with real processes: agents killed or stopped mid-task, a coordinator killed and
 * restarted, nats-server restarted on the same store, a task that fails on every delivery, and
 * an agent cut off (by a TCP proxy) from the coordinator or from NATS.
 * The queue's ack wait is 2 s here so redeliveries come quickly. The nats-server and the
 * coordinator are shared; every test starts the agents it needs and they are stopped after it, so
 * each test runs alone (`-t`) or in any order. Agents' logs are read only through `waitFor` and
 * `logLines`, which wait with the event loop running: a blocking call (the CLI's status) can
 * hold back lines an agent has already written.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli, type CliProcess } from '../helpers/cli.js';
import { freePort, removeStore, startNatsServer, type NatsServer } from '../helpers/nats.js';
import { tinySweep } from '../helpers/sweeps.js';
import { checkpointedTasks, newCheckpoints } from '../helpers/checkpoints.js';
import { startTcpProxy } from '../helpers/network.js';
import { queryStore } from '../helpers/store.js';

const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One composition at 2500 K, 2 replicas of 210 atoms with `production` ps: tasks of ~10 s. */
function sweep(name: string, seed: number, production = 20): string {
  return tinySweep(name, {
    'm: [2.0, 4.0]': 'm: [2.0]',
    'production_ps: 2': `production_ps: ${production}`,
    'temperatures: [2000, 2500]': 'temperatures: [2500]',
    'seed: 1': `seed: ${seed}`,
  });
}

describe('fault tolerance (real nats-server, coordinator and agents)', () => {
  let nats: NatsServer;
  let natsPort: number;
  let coordinator: CliProcess;
  let coordPort: number;
  let metricsPort: number;
  const data = tmp('ionsweep-faults-');
  const agents: CliProcess[] = [];
  const address = () => `127.0.0.1:${coordPort}`;

  const startCoordinator = async () => {
    coordinator = startCli([
      'coordinator',
      '--listen',
      address(),
      '--data',
      data,
      '--nats',
      nats.url,
      '--ack-wait',
      '2',
      '--metrics-port',
      String(metricsPort),
    ]);
    await coordinator.waitFor(/listening/);
  };
  /** `via`: reach the coordinator or NATS at another address (a proxy that can cut the link) */
  const startAgent = async (id: string, workers = 1, via: { coordinator?: string; nats?: string } = {}) => {
    const a = startCli([
      'agent',
      '--coordinator',
      via.coordinator ?? address(),
      '--nats',
      via.nats ?? nats.url,
      '--workers',
      String(workers),
      '--id',
      id,
    ]);
    agents.push(a);
    await a.waitFor(/workers, coordinator/);
    return a;
  };
  const status = (id: string) =>
    JSON.parse(runCli(['status', id, '--coordinator', address(), '--format', 'json']).stdout) as {
      state: string;
      done: number;
      failed: number;
      running: number;
      tasks: number;
      error: string;
    };
  const submit = (file: string) => {
    const r = runCli(['submit', file, '--coordinator', address()]);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout.trim();
  };
  const untilState = async (id: string, states: string[], timeoutMs = 120_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const s = status(id);
      if (states.includes(s.state)) return s;
      await sleep(250);
    }
    throw new Error(`sweep ${id} did not reach ${states}: ${JSON.stringify(status(id))}\n${coordinator.log()}`);
  };
  const coordinatorMetric = async (name: string): Promise<number> => {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  };
  const results = (id: string) => runCli(['results', id, '--coordinator', address(), '--format', 'json']).stdout;
  const storedResults = () => queryStore<{ n: number }>(data, 'SELECT COUNT(*) AS n FROM results')[0].n;

  beforeAll(async () => {
    natsPort = await freePort();
    nats = await startNatsServer(undefined, natsPort);
    coordPort = await freePort();
    metricsPort = await freePort();
    await startCoordinator();
  }, 60_000);

  afterEach(async () => {
    await Promise.all(agents.splice(0).map((a) => a.stop()));
  });

  /** Waits until the agents' logs hold `n` lines matching `pattern`, then a little longer for any extra. */
  const logLines = async (pattern: RegExp, n: number, timeoutMs = 20_000) => {
    const count = () => agents.reduce((k, a) => k + (a.log().match(new RegExp(pattern, 'g')) ?? []).length, 0);
    const deadline = Date.now() + timeoutMs;
    while (count() < n && Date.now() < deadline) await sleep(100);
    await sleep(300);
    return count();
  };

  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop('SIGKILL')));
    await coordinator?.stop();
    await nats?.stop();
    removeStore(nats.storeDir);
  });

  it('SIGKILL an agent mid-task: the task resumes from its checkpoint on another agent, same result', async () => {
    const file = sweep('killed', 11);
    const reference = tmp('ionsweep-ref-');
    expect(runCli(['run', file, '--out', reference], { timeoutMs: 180_000 }).code).toBe(0);

    const doomed = await startAgent('doomed');
    const before = await checkpointedTasks(nats.url);
    const id = submit(file);
    await newCheckpoints(nats.url, before, 1);
    await sleep(500); // a few more steps past the checkpoint, lost with the kill
    await doomed.stop('SIGKILL');
    const rescuer = await startAgent('rescuer', 2);
    await untilState(id, ['done']);
    // (the agent logs a task after the coordinator has stored it)
    await rescuer.waitFor(/done: .* \(resumed from step [1-9]\d*\)/, 10_000);
    expect(JSON.parse(results(id))).toEqual(JSON.parse(readFileSync(join(reference, 'results.json'), 'utf8')));
    // the resumed task's files too: its thermo log carried over in the checkpoint
    const fetched = tmp('ionsweep-killed-files-');
    expect(runCli(['results', id, '--coordinator', address(), '--artifacts', fetched]).code).toBe(0);
    for (const task of readdirSync(join(reference, 'artifacts')))
      for (const name of readdirSync(join(reference, 'artifacts', task)))
        expect(readFileSync(join(fetched, task, name), 'utf8'), `${task}/${name}`).toBe(
          readFileSync(join(reference, 'artifacts', task, name), 'utf8'),
        );
    await rescuer.stop();
  }, 240_000);

  it('SIGTERM an agent: it checkpoints and releases its tasks within seconds', async () => {
    const stopper = await startAgent('stopper', 2);
    const before = await checkpointedTasks(nats.url);
    const id = submit(sweep('stopped', 12));
    await newCheckpoints(nats.url, before, 2);
    const other = await startAgent('other', 2);
    const t0 = Date.now();
    expect(await stopper.stop('SIGTERM')).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5000);
    await untilState(id, ['done']);
    // (the agent logs a task after the coordinator has stored it)
    await other.waitFor(
      /done: .* \(resumed from step [1-9]\d*\)[\s\S]*done: .* \(resumed from step [1-9]\d*\)/,
      10_000,
    );
    expect(stopper.log()).toMatch(/stopper stopping/);
  }, 240_000);

  it('restart the coordinator mid-sweep: agents reconnect, nothing is lost or stored twice', async () => {
    await startAgent('steady', 2);
    const before = storedResults();
    const id = submit(sweep('restarted', 13));
    for (let k = 0; k < 200 && status(id).running < 2; k++) await sleep(100);
    await coordinator.stop('SIGKILL');
    await sleep(2000);
    await startCoordinator();
    const s = await untilState(id, ['done']);
    expect(s).toMatchObject({ done: 2, failed: 0 });
    expect(storedResults()).toBe(before + 2);
    expect(JSON.parse(results(id)).points).toHaveLength(1);
  }, 240_000);

  it('restart nats-server (same store) mid-sweep: the sweep still ends', async () => {
    await startAgent('survivor', 2);
    const id = submit(sweep('nats-restarted', 14));
    for (let k = 0; k < 200 && status(id).running < 2; k++) await sleep(100);
    await sleep(1000);
    await nats.stop();
    await sleep(1500);
    nats = await startNatsServer(nats.storeDir, natsPort);
    const s = await untilState(id, ['done']);
    expect(s).toMatchObject({ done: 2, failed: 0 });
  }, 240_000);

  it('a task that fails on every delivery ends failed with its error; the rest of the sweep completes', async () => {
    // two compositions; the second carries a net charge and the sweep says "refuse": its build
    // fails in the worker on every delivery
    const file = join(tmp('ionsweep-fault-'), 'doomed.yaml');
    writeFileSync(
      file,
      readFileSync(sweep('doomed', 15, 2), 'utf8')
        .replace(
          / {2}x: 0\.10\n {2}m: \[2\.0\]\n {2}atoms: 210\n {2}density: 1\.95\n/,
          '  counts: [{ Na: 0, Si: 70, S: 140 }, { Na: 16, Si: 63, S: 131 }]\n  atoms: 210\n  box: 18.3\n',
        )
        .replace('charge_neutrality: rescale-anion', 'charge_neutrality: refuse')
        .replace('replicas: 2', 'replicas: 1'),
    );
    await startAgent('runner', 2);
    const id = submit(file);
    const s = await untilState(id, ['failed']);
    expect(s).toMatchObject({ tasks: 2, done: 1, failed: 1 });
    expect(s.error).toMatch(/net charge of 3\.6/);
    const line = runCli(['status', id, '--coordinator', address()]).stdout;
    expect(line).toMatch(/failed\s+1\/2 done, 1 failed .*net charge/);
    const failedDelivery = /failed \(delivery \d\): .*net charge/;
    expect(await logLines(failedDelivery, 5)).toBe(5);
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/ionsweep_tasks_finished_total\{outcome="failed"\} 1\n/);
    // submitted again, the failed task gets its deliveries anew (and fails again); the other is reused
    expect(submit(file)).toBe(id);
    expect(await logLines(failedDelivery, 10)).toBe(10);
    expect(await untilState(id, ['failed'])).toMatchObject({ done: 1, failed: 1 });
  }, 240_000);

  it('cut an agent off the coordinator mid-task: it keeps its lease, and delivers when the link returns', async () => {
    const link = await startTcpProxy(coordPort);
    const cutoff = await startAgent('cutoff', 2, { coordinator: `127.0.0.1:${link.port}` });
    const stored = storedResults();
    const redeliveries = await coordinatorMetric('ionsweep_task_redeliveries_total');
    const before = await checkpointedTasks(nats.url);
    const id = submit(sweep('partitioned', 16, 6));
    await newCheckpoints(nats.url, before, 2);
    link.cut();
    // the tasks end and try to hand in their results while the link is down; NATS heartbeats
    // keep the messages theirs for longer than many ack waits (2 s)
    await sleep(8000);
    expect(status(id)).toMatchObject({ state: 'running', done: 0, running: 2 });
    link.restore();
    expect(await untilState(id, ['done'], 60_000)).toMatchObject({ done: 2, failed: 0 });
    expect(storedResults()).toBe(stored + 2);
    expect(await coordinatorMetric('ionsweep_task_redeliveries_total')).toBe(redeliveries);
    await cutoff.waitFor(/done[\s\S]*done/, 10_000);
    expect(cutoff.log()).not.toMatch(/resumed from step|failed/);
    await cutoff.stop();
    await link.close();
  }, 120_000);

  it('cut an agent off NATS mid-task: another agent resumes the task; one result, the uninterrupted one', async () => {
    const file = tinySweep('islanded', {
      'm: [2.0, 4.0]': 'm: [2.0]',
      'production_ps: 2': 'production_ps: 20',
      'temperatures: [2000, 2500]': 'temperatures: [2500]',
      'replicas: 2': 'replicas: 1',
      'seed: 1': 'seed: 17',
    });
    const reference = tmp('ionsweep-ref-');
    expect(runCli(['run', file, '--out', reference], { timeoutMs: 180_000 }).code).toBe(0);
    const link = await startTcpProxy(natsPort);
    const island = await startAgent('island', 1, { nats: `nats://127.0.0.1:${link.port}` });
    const stored = storedResults();
    const before = await checkpointedTasks(nats.url);
    const id = submit(file);
    await newCheckpoints(nats.url, before, 1);
    link.cut();
    const mainland = await startAgent('mainland', 1);
    expect(await untilState(id, ['done'], 120_000)).toMatchObject({ done: 1, failed: 0 });
    await mainland.waitFor(/done: .* \(resumed from step [1-9]\d*\)/, 10_000);
    // the cut-off agent's run failed on its next checkpoint, and said why. Its save waits out the
    // client's request timeout, which can end after the rescue: the link stays cut until then,
    // or the buffered save would go through on reconnect
    await island.waitFor(/failed \(delivery 1\): cannot save checkpoint ionsweep-checkpoints\/[0-9a-f]+\.[ab]/, 30_000);
    link.restore();
    expect(storedResults()).toBe(stored + 1);
    expect(JSON.parse(results(id))).toEqual(JSON.parse(readFileSync(join(reference, 'results.json'), 'utf8')));
    await Promise.all([island.stop(), mainland.stop()]);
    await link.close();
  }, 240_000);
});
