/**
 * `npm run dashboard:preview` — a picture of the Grafana dashboard from a real run, for
 * docs/operations.md (Grafana itself cannot be installed here). A nats-server, a coordinator and
 * two agents run a small sweep while Prometheus scrapes them every second; one agent is
 * SIGKILLed mid-task and restarted on the same metrics port, so the failure and redelivery panels
 * have something to show. Every dashboard query is then read back over the run and drawn where
 * its panel sits: docs/img/dashboard.svg, and docs/img/dashboard.png when chromium is there.
 * Options: --out DIR (default docs/img).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { errorMessage, writeFileAtomic } from '@ionsweep/shared';
import { queryDashboard, renderDashboard, type Dashboard } from './lib/dashboard-render.js';
import { freePort, removeStore, startNatsServer } from './lib/nats-server.js';
import { ROOT_DIR, runCli, startCli, type CliProcess } from './lib/cli-process.js';
import { startPrometheus } from './lib/prometheus.js';
import { tinySweep } from './lib/sweep-files.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));
const i = process.argv.indexOf('--out');
const outDir = resolve(i >= 0 ? process.argv[i + 1] : join(ROOT_DIR, 'docs/img'));

const dashboard = JSON.parse(
  readFileSync(join(ROOT_DIR, 'deploy/grafana/dashboards/ionsweep.json'), 'utf8'),
) as Dashboard;

async function main() {
  const nats = await startNatsServer();
  const address = `127.0.0.1:${await freePort()}`;
  const coordMetrics = await freePort();
  const agentMetrics = [await freePort(), await freePort()];
  const coordinator = startCli([
    'coordinator',
    ...['--listen', address, '--data', tmp('ionsweep-preview-'), '--nats', nats.url],
    ...['--metrics-port', String(coordMetrics), '--ack-wait', '5'],
  ]);
  await coordinator.waitFor(/listening/);
  const agent = (k: number): CliProcess =>
    startCli([
      'agent',
      ...['--coordinator', address, '--nats', nats.url, '--workers', '1', '--id', `agent${k}`],
      ...['--metrics-port', String(agentMetrics[k])],
    ]);
  const agents = [agent(0), agent(1)];
  for (const a of agents) await a.waitFor(/workers, coordinator/);
  const prom = await startPrometheus({ coordinator: [coordMetrics], agent: agentMetrics });
  const start = Date.now() / 1000;
  try {
    await sleep(5000);
    const sweep = tinySweep('preview', { 'production_ps: 2': 'production_ps: 30', 'replicas: 2': 'replicas: 3' });
    const id = runCli(['submit', sweep, '--coordinator', address]).stdout.trim();
    const status = () => JSON.parse(runCli(['status', id, '--coordinator', address, '--format', 'json']).stdout);
    console.log(`sweep ${id}: 12 tasks on 2 agents; agent1 will be killed mid-task and restarted`);
    await sleep(12_000);
    await agents[1].stop('SIGKILL');
    await sleep(4000);
    agents[1] = agent(1);
    // the picture is taken mid-sweep, as a user watching it would see it: the progress and ETA
    // panels count the tasks of running sweeps, and are empty once it ends
    for (let s = status(); s.done < (2 * s.tasks) / 3; s = status()) {
      if (s.state !== 'running') throw new Error(`the sweep ended ${s.state} early`);
      process.stderr.write(`\r${s.done}/${s.tasks} tasks done`);
      await sleep(1000);
    }
    process.stderr.write('\n');
    await sleep(2000); // the last scrapes
    const end = Date.now() / 1000;
    const data = await queryDashboard(dashboard, prom.queryRange, start, end, 2);
    // a one-minute run fills neither the 5 m rate windows nor the ETA's 30 m one: rates read low
    // and climb, the ETA reads high; on a sweep of hours they settle
    const caption = `${new Date().toISOString().slice(0, 16)}Z · real Prometheus data from a ${Math.round(end - start)} s run (rate windows not yet full), 1 s scrapes · drawn by bench/dashboard-preview.ts, not Grafana`;
    mkdirSync(outDir, { recursive: true });
    const svgFile = join(outDir, 'dashboard.svg');
    const svg = renderDashboard(dashboard, data, caption);
    writeFileAtomic(svgFile, svg);
    console.log(`wrote ${svgFile}`);
    screenshot(svgFile, svg, join(outDir, 'dashboard.png'));
  } finally {
    prom.stop();
    await Promise.all(agents.map((a) => a.stop()));
    await coordinator.stop();
    await nats.stop();
    removeStore(nats.storeDir);
  }
}

/** PNG of the SVG at its own size through headless chromium, if installed. */
function screenshot(svgFile: string, svg: string, png: string) {
  const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(svg) ?? [];
  const profile = tmp('chromium-');
  const r = spawnSync(
    'chromium',
    [
      ...['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
      ...[`--user-data-dir=${profile}`, `--screenshot=${png}`, `--window-size=${w},${h}`, `file://${svgFile}`],
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  rmSync(profile, { recursive: true, force: true });
  if (r.status === 0) console.log(`wrote ${png}`);
  else console.log(`no PNG (chromium: ${r.error?.message ?? r.stderr.trim().split('\n').at(-1)})`);
}

main().catch((err) => {
  console.error(errorMessage(err));
  process.exit(1);
});
