/**
 * `npm run bench:load` — the cluster under load: 1,000 tiny tasks (210 atoms, a few hundred
 * steps each) queued at once over 2 agents, with 20 concurrent WatchSweep streams. Checks that
 * every task has exactly one stored result and that every watcher saw the sweep end, and
 * samples the coordinator's memory (its own process_resident_memory_bytes) as tasks finish.
 * Writes bench/results/load.json; docs/reliability.md quotes it.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import Database from 'better-sqlite3';
import { loadContract, type SweepEvent__Output } from '@ionsweep/shared/net';
import { freePort, removeStore, startNatsServer } from './lib/nats-server.js';
import { runCli, startCli } from './lib/cli-process.js';
import { repoPath } from './lib/engine.js';
import { tinySweep } from './lib/sweep-files.js';

const WATCHERS = 20;
const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));

function loadSweep(): string {
  return tinySweep('load', {
    'm: [2.0, 4.0]': 'm: [2.0, 2.3, 2.6, 2.9, 3.2, 3.5, 3.8, 4.1, 4.4, 4.7]',
    'relax: { max_steps: 200, fmax: 2.0 }': 'relax: { max_steps: 20, fmax: 2.0 }',
    'duration_ps: 0.5, thermostat: csvr': 'duration_ps: 0.05, thermostat: csvr',
    'equilibrate_ps: 0.5': 'equilibrate_ps: 0.05',
    'production_ps: 2': 'production_ps: 0.2',
    'checkpoint_every: 500': 'checkpoint_every: 100',
    'temperatures: [2000, 2500]': 'temperatures: [2000, 2100, 2200, 2300, 2400, 2500, 2600, 2700, 2800, 2900]',
    'replicas: 2': 'replicas: 10',
  });
}

async function rss(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return Number(/^process_resident_memory_bytes (\S+)$/m.exec(text)?.[1] ?? NaN);
}

const nats = await startNatsServer();
const data = tmp('ionsweep-load-data-');
const address = `127.0.0.1:${await freePort()}`;
const metricsPort = await freePort();
const coordinator = startCli([
  'coordinator',
  '--listen',
  address,
  '--data',
  data,
  '--nats',
  nats.url,
  '--metrics-port',
  String(metricsPort),
]);
await coordinator.waitFor(/listening/);
const agents = ['a1', 'a2'].map((id) =>
  startCli(['agent', '--coordinator', address, '--nats', nats.url, '--workers', '1', '--id', id]),
);
for (const a of agents) await a.waitFor(/workers, coordinator/);
const rssIdle = await rss(metricsPort);

const t0 = performance.now();
const sub = runCli(['submit', loadSweep(), '--coordinator', address], { timeoutMs: 120_000 });
if (sub.code !== 0) throw new Error(sub.stderr);
const id = sub.stdout.trim();
console.log(
  `bench:load — sweep ${id}: ${sub.stderr.trim()}; submitted in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

const client = new (loadContract().ionsweep.v1.SweepService)(address, grpc.credentials.createInsecure());
const watchers = Array.from(
  { length: WATCHERS },
  () =>
    new Promise<{ events: number; last: string }>((resolve, reject) => {
      let events = 0;
      let last = '';
      const stream = client.WatchSweep({ sweep_id: id });
      stream.on('data', (e: SweepEvent__Output) => {
        events++;
        if (e.status) last = e.status.state;
      });
      stream.on('end', () => resolve({ events, last }));
      stream.on('error', reject);
    }),
);
const samples: { done: number; rss_mb: number }[] = [];
const sampler = setInterval(() => {
  const st = JSON.parse(runCli(['status', id, '--coordinator', address, '--format', 'json']).stdout) as {
    done: number;
  };
  void rss(metricsPort).then((r) => samples.push({ done: st.done, rss_mb: r / 2 ** 20 }));
}, 5000);
const seen = await Promise.all(watchers);
const wall = (performance.now() - t0) / 1000;
clearInterval(sampler);
const rssEnd = await rss(metricsPort);

const db = new Database(join(data, 'ionsweep.db'), { readonly: true });
const counts = db
  .prepare(
    `SELECT COUNT(*) AS tasks, COUNT(r.task_id) AS results, COUNT(DISTINCT r.task_id) AS distinct_results
     FROM sweep_tasks st LEFT JOIN results r ON r.task_id = st.task_id WHERE st.sweep_id = ?`,
  )
  .get(id) as { tasks: number; results: number; distinct_results: number };
db.close();
const results = JSON.parse(runCli(['results', id, '--coordinator', address, '--format', 'json']).stdout) as {
  points: { replicas: number }[];
};
await Promise.all(agents.map((a) => a.stop()));
await coordinator.stop();
await nats.stop();
removeStore(nats.storeDir);

const report = {
  date: new Date().toISOString(),
  tasks: counts.tasks,
  results: counts.results,
  distinct_results: counts.distinct_results,
  points: results.points.length,
  replicas_per_point: [...new Set(results.points.map((p) => p.replicas))],
  watchers: WATCHERS,
  watchers_that_saw_done: seen.filter((w) => w.last === 'done').length,
  events_per_watcher: [Math.min(...seen.map((w) => w.events)), Math.max(...seen.map((w) => w.events))],
  wall_s: wall,
  tasks_per_s: counts.tasks / wall,
  coordinator_rss_mb: {
    idle: rssIdle / 2 ** 20,
    end: rssEnd / 2 ** 20,
    max: Math.max(...samples.map((s) => s.rss_mb)),
  },
  samples,
};
console.log(
  `${report.tasks} tasks, ${report.results} results (${report.distinct_results} distinct), ${report.points} points × ${report.replicas_per_point} replicas`,
);
console.log(
  `${report.watchers_that_saw_done}/${WATCHERS} watchers saw the sweep end (${report.events_per_watcher.join('–')} events each)`,
);
console.log(`wall ${wall.toFixed(1)} s, ${report.tasks_per_s.toFixed(1)} tasks/s`);
console.log(
  `coordinator RSS: idle ${report.coordinator_rss_mb.idle.toFixed(0)} MB, max ${report.coordinator_rss_mb.max.toFixed(0)} MB, end ${report.coordinator_rss_mb.end.toFixed(0)} MB`,
);
for (const s of samples) console.log(`  ${String(s.done).padStart(5)} done: ${s.rss_mb.toFixed(0)} MB`);
mkdirSync(repoPath('bench/results'), { recursive: true });
writeFileSync(repoPath('bench/results/load.json'), JSON.stringify(report, null, 2) + '\n');
console.log('wrote bench/results/load.json');
if (
  report.results !== report.tasks ||
  report.distinct_results !== report.tasks ||
  report.watchers_that_saw_done !== WATCHERS
)
  process.exitCode = 1;
