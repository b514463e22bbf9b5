/**
 * Observability for real: a Prometheus (Debian's) scrapes a running coordinator and agent every
 * second during a small sweep, loads the shipped alert rules, and evaluates every PromQL
 * expression of the Grafana dashboard and of the alerts through its HTTP API.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli, type CliProcess } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';
import { freePort, removeStore, startNatsServer, type NatsServer } from '../helpers/nats.js';
import {
  queryDashboard,
  renderDashboard,
  startPrometheus,
  type Dashboard,
  type Prometheus,
} from '../helpers/prometheus.js';
import { tinySweep } from '../helpers/sweeps.js';

const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DASHBOARD = JSON.parse(readFileSync(join(ROOT, 'deploy/grafana/dashboards/ionsweep.json'), 'utf8')) as Dashboard;
const ALERTS = parse(readFileSync(join(ROOT, 'deploy/prometheus/alerts.yml'), 'utf8')) as {
  groups: { rules: { alert: string; expr: string }[] }[];
};

/** tiny.yaml at one temperature with 8 ps production: 4 tasks of a few seconds. */
function sweepFile(): string {
  return tinySweep('observed', {
    'production_ps: 2': 'production_ps: 8',
    'temperatures: [2000, 2500]': 'temperatures: [2500]',
  });
}

describe('Prometheus scraping a coordinator and an agent during a sweep', () => {
  let nats: NatsServer;
  let coordinator: CliProcess;
  let agent: CliProcess;
  let prometheus: Prometheus;
  let start: number;
  /** when the sweep's work was scraped: the tests that read it query here, so a later agent restart cannot reset it */
  let end: number;
  let coordMetrics: number;
  let agentMetrics: number;
  let startAgent: () => CliProcess;
  const query = (expr: string) => prometheus.query(expr);
  const ruleStates = async () => {
    const loaded = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as {
      data: { groups: { rules: { name: string; health: string; state: string }[] }[] };
    };
    return loaded.data.groups.flatMap((g) => g.rules);
  };

  beforeAll(async () => {
    nats = await startNatsServer();
    const address = `127.0.0.1:${await freePort()}`;
    coordMetrics = await freePort();
    agentMetrics = await freePort();
    coordinator = startCli([
      'coordinator',
      '--listen',
      address,
      '--data',
      tmp('ionsweep-obs-data-'),
      '--nats',
      nats.url,
      '--metrics-port',
      String(coordMetrics),
    ]);
    await coordinator.waitFor(/listening/);
    startAgent = () =>
      startCli([
        'agent',
        '--coordinator',
        address,
        '--nats',
        nats.url,
        '--workers',
        '2',
        '--metrics-port',
        String(agentMetrics),
      ]);
    agent = startAgent();
    await agent.waitFor(/workers, coordinator/);

    prometheus = await startPrometheus({
      coordinator: [coordMetrics],
      agent: [agentMetrics],
      ruleFiles: [join(ROOT, 'deploy/prometheus/alerts.yml')],
    });
    start = Date.now() / 1000;
    await sleep(2500); // a few scrapes before the sweep
    const r = runCli(['submit', sweepFile(), '--coordinator', address, '--wait', '--format', 'json'], {
      timeoutMs: 180_000,
    });
    expect(r.code, r.stderr).toBe(0);
    await sleep(3000); // a few scrapes after it
    end = Date.now() / 1000;
  }, 240_000);

  afterAll(async () => {
    prometheus?.stop();
    await agent?.stop();
    await coordinator?.stop();
    await nats?.stop();
    removeStore(nats.storeDir);
  });

  it('scrapes both targets and sees the work the sweep did', async () => {
    const up = await prometheus.query('up', end);
    expect(up.data.result).toHaveLength(2);
    for (const s of up.data.result as { value: [number, string] }[]) expect(s.value[1]).toBe('1');
    const value = async (expr: string) =>
      Number(((await prometheus.query(expr, end)).data.result[0] as { value: [number, string] }).value[1]);
    expect(await value('ionsweep_tasks_finished_total{outcome="done"}')).toBe(4);
    expect(await value('ionsweep_agent_tasks_total{outcome="done"}')).toBe(4);
    // 4 tasks of 210 atoms, each its whole protocol: melt 500 + equilibrate 500 + production 8000
    const steps = await value('ionsweep_md_steps_total');
    expect(steps).toBe(4 * 9000);
    expect(await value('ionsweep_md_atom_steps_total')).toBe(steps * 210);
    expect(await value('ionsweep_checkpoint_writes_total')).toBeGreaterThan(4 * 10);
    expect(await value('ionsweep_grpc_requests_total{method="SubmitResult",code="OK"}')).toBe(4);
    expect(await value('ionsweep_sweeps{state="done"}')).toBe(1);
    // the object stores against their bounds (checkpoints deleted as tasks are stored; 4 tasks' files kept)
    expect(await value('ionsweep_jetstream_store_max_bytes{store="ionsweep-checkpoints"}')).toBe(2 * 2 ** 30);
    expect(await value('ionsweep_jetstream_store_max_bytes{store="ionsweep-artifacts"}')).toBe(8 * 2 ** 30);
    expect(await value('ionsweep_jetstream_store_bytes{store="ionsweep-artifacts"}')).toBeGreaterThan(4 * 20_000);
    expect(await value('ionsweep_data_free_bytes')).toBeGreaterThan(0);
    expect(await value('ionsweep_data_size_bytes')).toBeGreaterThan(await value('ionsweep_data_free_bytes'));
    // process defaults are there too
    expect(await value('process_resident_memory_bytes{job="ionsweep-agent"}')).toBeGreaterThan(0);
  });

  it('every dashboard query is valid and returns data', async () => {
    const exprs = DASHBOARD.panels.flatMap((p) => p.targets.map((t) => ({ panel: p.title, expr: t.expr })));
    expect(exprs.length).toBeGreaterThanOrEqual(15);
    for (const { panel, expr } of exprs) {
      const r = await prometheus.query(expr, end);
      expect(r.status, `${panel}: ${expr}: ${r.error}`).toBe('success');
      expect(r.data.result.length, `${panel}: ${expr} returned no data`).toBeGreaterThan(0);
    }
  });

  it('draws every panel of the dashboard from the run (the picture in docs/operations.md)', async () => {
    const data = await queryDashboard(DASHBOARD, prometheus.queryRange, start, end, 1);
    const svg = renderDashboard(DASHBOARD, data, 'test');
    for (const p of DASHBOARD.panels) {
      expect(data.get(p.title)!.length, p.title).toBeGreaterThan(0);
      expect(svg).toContain(`>${p.title}`);
    }
    // the progress gauge shows a percentage (0 % now: it counts the tasks of running sweeps), and
    // each time-series panel draws at least one line
    expect(svg).toMatch(/>\d+ %</);
    const timeseries = DASHBOARD.panels.filter((p) => p.type === 'timeseries').length;
    expect(svg.match(/<path d="M/g)?.length ?? 0).toBeGreaterThanOrEqual(timeseries);
  });

  it('every alert expression is valid, the rules load healthy, and none fires on a healthy cluster', async () => {
    const rules = ALERTS.groups.flatMap((g) => g.rules);
    for (const rule of rules) {
      const r = await query(rule.expr);
      expect(r.status, `${rule.alert}: ${r.error}`).toBe('success');
      expect(r.data.result, `${rule.alert} would fire`).toEqual([]);
    }
    const states = await ruleStates();
    expect(states.map((s) => s.name).sort()).toEqual(rules.map((r) => r.alert).sort());
    for (const s of states) expect(s, s.name).toMatchObject({ health: 'ok', state: 'inactive' });
  });

  it('an alert fires when its condition holds: an agent that stops answering is down', async () => {
    const agentUp = async (up: number) => {
      for (let k = 0; k < 100; k++) {
        if ((await query(`up{job="ionsweep-agent"} == ${up}`)).data.result.length === 1) return true;
        await sleep(200);
      }
      return false;
    };
    await agent.stop();
    expect(await agentUp(0)).toBe(true);
    // the agent comes back (same metrics port), so the other tests see a healthy cluster in any order
    agent = startAgent();
    await agent.waitFor(/workers, coordinator/);
    expect(await agentUp(1)).toBe(true);
    for (let k = 0; k < 100 && (await ruleStates()).some((r) => r.state !== 'inactive'); k++) await sleep(200);
    expect((await ruleStates()).filter((r) => r.state !== 'inactive')).toEqual([]);
  }, 60_000);
});
