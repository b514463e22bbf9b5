/**
 * A real Prometheus (Debian's `prometheus`) scraping ionsweep's /metrics endpoints every second,
 * for the observability test and the dashboard preview. The job names are the ones the shipped
 * scrape config, dashboard and alerts use.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './nats-server.js';

export interface PromResult<R = unknown> {
  status: string;
  error?: string;
  data: { resultType: string; result: R[] };
}

/** one series of an instant query: labels and [unix seconds, value] */
export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** one series of a range query */
export interface PromRange {
  metric: Record<string, string>;
  values: [number, string][];
}

export interface Prometheus {
  url: string;
  /** an instant query, now or at `at` (unix seconds) */
  query(expr: string, at?: number): Promise<PromResult<PromSample>>;
  queryRange(expr: string, start: number, end: number, stepSeconds: number): Promise<PromResult<PromRange>>;
  stop(): void;
}

export interface ScrapeTargets {
  coordinator: number[];
  agent: number[];
  ruleFiles?: string[];
  /** more scrape jobs, each one YAML flow mapping (e.g. with scheme https, tls_config, basic_auth) */
  extraJobs?: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts Prometheus on a free port, scraping 127.0.0.1:<port> targets; resolves once it is ready. */
export async function startPrometheus(targets: ScrapeTargets): Promise<Prometheus> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'ionsweep-prom-'));
  const job = (name: string, ports: number[]) =>
    `  - { job_name: ${name}, static_configs: [{ targets: [${ports.map((p) => `'127.0.0.1:${p}'`).join(', ')}] }] }`;
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      `rule_files: [${(targets.ruleFiles ?? []).map((f) => `'${f}'`).join(', ')}]`,
      'scrape_configs:',
      job('ionsweep-coordinator', targets.coordinator),
      job('ionsweep-agent', targets.agent),
      ...(targets.extraJobs ?? []).map((j) => `  - ${j}`),
    ].join('\n'),
  );
  const child = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: 'ignore' },
  );
  const get = async <R>(path: string, params: Record<string, string>): Promise<PromResult<R>> =>
    (await fetch(`${url}${path}?${new URLSearchParams(params)}`)).json() as Promise<PromResult<R>>;
  for (let k = 0; ; k++) {
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (k >= 300 || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`prometheus did not become ready on ${url}`);
    }
    await sleep(100);
  }
  return {
    url,
    query: (expr, at) => get('/api/v1/query', at === undefined ? { query: expr } : { query: expr, time: String(at) }),
    queryRange: (expr, start, end, step) =>
      get('/api/v1/query_range', { query: expr, start: String(start), end: String(end), step: String(step) }),
    stop: () => child.kill('SIGTERM'),
  };
}
