/**
 * The coordinator's life as an operator sees it, with real processes: SIGTERM with agents
 * connected ends within a bound (their progress streams are ended, not waited for); a scrape
 * stays fast with NATS down (queue numbers are read in the background); and a restarted
 * coordinator does not look stalled to the shipped alert, evaluated by a real Prometheus; the
 * probes (gRPC health, /healthz, /readyz) say what Kubernetes needs to know.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath } from 'grpc-health-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli, type CliProcess } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';
import { freePort, removeStore, startNatsServer, type NatsServer } from '../helpers/nats.js';
import { startPrometheus, type Prometheus } from '../helpers/prometheus.js';
import { tinySweep } from '../helpers/sweeps.js';

const dir = mkdtempSync(join(tmpdir(), 'ionsweep-lifecycle-'));

/** grpc.health.v1.Health/Check of the whole server ('' service), plaintext. */
async function grpcHealth(address: string): Promise<string> {
  const def = loadSync(protoPath, { keepCase: true, defaults: true, enums: String });
  const pkg = grpc.loadPackageDefinition(def) as unknown as {
    grpc: { health: { v1: { Health: new (a: string, c: grpc.ChannelCredentials) => grpc.Client } } };
  };
  const client = new pkg.grpc.health.v1.Health(address, grpc.credentials.createInsecure()) as grpc.Client & {
    Check(req: { service: string }, cb: (err: Error | null, res: { status: string }) => void): void;
  };
  try {
    return await new Promise((resolve, reject) =>
      client.Check({ service: '' }, (err, res) => (err ? reject(err) : resolve(res.status))),
    );
  } finally {
    client.close();
  }
}

/** The expression of a shipped alert, from deploy/prometheus/alerts.yml. */
function alertExpr(name: string): string {
  const doc = parse(readFileSync(join(ROOT, 'deploy/prometheus/alerts.yml'), 'utf8')) as {
    groups: { rules: { alert?: string; expr: string }[] }[];
  };
  const rule = doc.groups.flatMap((g) => g.rules).find((r) => r.alert === name);
  if (!rule) throw new Error(`no alert ${name} in alerts.yml`);
  return rule.expr;
}

describe('coordinator lifecycle (real NATS, coordinator, agent, Prometheus)', () => {
  let nats: NatsServer;
  const procs: CliProcess[] = [];
  let prom: Prometheus | null = null;
  afterAll(async () => {
    prom?.stop();
    await Promise.all(procs.map((p) => p.stop('SIGKILL')));
    await nats?.stop();
    if (nats) removeStore(nats.storeDir);
  });

  it('waits for a NATS server that is not up yet (--nats-wait), and gives up at once with --nats-wait 0', async () => {
    const port = await freePort();
    const url = `nats://127.0.0.1:${port}`;
    const early = runCli(['coordinator', '--listen', '127.0.0.1:0', '--data', join(dir, 'w0'), '--nats', url, '--nats-wait', '0']); // prettier-ignore
    expect(early.code).toBe(1);
    expect(early.stderr.trim().split('\n')).toHaveLength(1);
    expect(early.stderr).toMatch(/^ionsweep: cannot reach NATS at nats:\/\/127\.0\.0\.1:\d+: connection refused/);
    const coordinator = startCli(['coordinator', '--listen', '127.0.0.1:0', '--data', join(dir, 'w'), '--nats', url]);
    procs.push(coordinator);
    await coordinator.waitFor(
      /coordinator: NATS at nats:\/\/127\.0\.0\.1:\d+ not reachable yet \(connection refused\); retrying in/,
    );
    const late = await startNatsServer(undefined, port);
    try {
      await coordinator.waitFor(/listening/, 30_000);
      await coordinator.stop();
    } finally {
      await late.stop();
      removeStore(late.storeDir);
    }
  }, 60_000);

  it('SIGTERM with an agent connected: the coordinator exits within seconds; the agent stays up', async () => {
    nats = await startNatsServer();
    const address = `127.0.0.1:${await freePort()}`;
    const coordinator = startCli(['coordinator', '--listen', address, '--data', join(dir, 'a'), '--nats', nats.url]);
    procs.push(coordinator);
    await coordinator.waitFor(/listening/);
    const agent = startCli(['agent', '--coordinator', address, '--nats', nats.url, '--workers', '1']);
    procs.push(agent);
    await agent.waitFor(/workers, coordinator/);
    await new Promise((r) => setTimeout(r, 1500)); // its progress stream is open by now
    // the standard gRPC health check answers SERVING (no token needed)
    expect(await grpcHealth(address)).toBe('SERVING');
    // an agent with nothing to do and --exit-when-idle stops by itself (batch jobs release nodes)
    const idle = startCli(['agent', '--coordinator', address, '--nats', nats.url, '--workers', '1', '--exit-when-idle', '2']); // prettier-ignore
    await idle.waitFor(/idle for 2 s, exiting \(--exit-when-idle\)/, 15_000);
    // its own exit, not one a signal from here would race with
    const idleCode = idle.proc.exitCode ?? (await new Promise<number | null>((r) => idle.proc.once('exit', r)));
    expect(idleCode).toBe(0);
    const t0 = Date.now();
    const code = await coordinator.stop('SIGTERM');
    const seconds = (Date.now() - t0) / 1000;
    expect(code).toBe(0);
    expect(seconds, coordinator.log()).toBeLessThan(6);
    expect(agent.proc.exitCode).toBeNull();
    await agent.stop();
  }, 60_000);

  it('a restarted coordinator is not "stalled" to the shipped alert; a scrape with NATS down stays fast', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const metricsPort = await freePort();
    const args = ['coordinator', '--listen', address, '--data', join(dir, 'b'), '--nats', nats.url, '--metrics-port', String(metricsPort)]; // prettier-ignore
    let coordinator = startCli(args);
    procs.push(coordinator);
    await coordinator.waitFor(/listening/);
    // a sweep with no agent to run it: its tasks stay queued
    const sweep = tinySweep('stall', { 'seed: 1': 'seed: 77' });
    expect(runCli(['submit', sweep, '--coordinator', address], { timeoutMs: 30_000 }).code).toBe(0);
    await coordinator.stop();
    coordinator = startCli(args);
    procs.push(coordinator);
    await coordinator.waitFor(/listening/);
    prom = await startPrometheus({ coordinator: [metricsPort], agent: [] });
    const query = async (expr: string) => (await prom!.query(expr)).data.result;
    for (let k = 0; k < 100 && (await query('ionsweep_tasks{state="queued"}')).length === 0; k++)
      await new Promise((r) => setTimeout(r, 200));
    expect(Number((await query('sum(ionsweep_tasks{state="queued"})'))[0]?.value[1])).toBe(8);
    // the stall condition (without its `for:`) holds for nothing: the restart started the clock
    expect(await query(alertExpr('IonsweepSweepStalled'))).toEqual([]);
    const since = Number((await query('time() - ionsweep_last_task_success_timestamp_seconds'))[0].value[1]);
    expect(since).toBeLessThan(60);

    const probe = async (path: string) => {
      const r = await fetch(`http://127.0.0.1:${metricsPort}${path}`);
      return `${r.status} ${(await r.text()).trim()}`;
    };
    expect(await probe('/healthz')).toBe('200 ok');
    expect(await probe('/readyz')).toBe('200 ok');
    // NATS goes away: /metrics answers at once, and says how old its queue numbers are
    await nats.stop();
    await new Promise((r) => setTimeout(r, 3000));
    const t0 = Date.now();
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(Date.now() - t0).toBeLessThan(1000);
    const age = Number(/^ionsweep_queue_stats_age_seconds (\S+)$/m.exec(text)?.[1]);
    expect(age).toBeGreaterThan(1);
    // alive, but not ready: what a Kubernetes readiness probe should see
    expect(await probe('/healthz')).toBe('200 ok');
    expect(await probe('/readyz')).toBe('503 not ready: NATS is unreachable');
  }, 120_000);
});
