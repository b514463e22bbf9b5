import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli, type CliProcess } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';
import { freePort } from '../helpers/nats.js';
import { tinySweep } from '../helpers/sweeps.js';

const TINY = `${ROOT}examples/sweeps/tiny.yaml`;
const QUICK = `${ROOT}examples/sweeps/quick.yaml`;
const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));

describe('coordinator over gRPC (real process, real sockets)', () => {
  let coordinator: CliProcess;
  let address: string;
  const data = tmp('ionsweep-coord-');

  beforeAll(async () => {
    address = `127.0.0.1:${await freePort()}`;
    coordinator = startCli(['coordinator', '--listen', address, '--data', data, '--threads', '2']);
    await coordinator.waitFor(/listening/);
  });
  afterAll(() => coordinator.stop());

  it('runs a submitted sweep to the same numbers as embedded mode', () => {
    const embedded = tmp('ionsweep-emb-');
    expect(runCli(['run', TINY, '--out', embedded], { timeoutMs: 120_000 }).code).toBe(0);
    const r = runCli(['submit', TINY, '--coordinator', address, '--wait', '--format', 'json'], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/submitted [0-9a-f]{16}: 8 tasks, 0 reused/);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(join(embedded, 'results.json'), 'utf8')));
    // tasks run on the coordinator itself leave their files in its data directory; it serves them
    const sweepId = /submitted ([0-9a-f]{16})/.exec(r.stderr)![1];
    const files = tmp('ionsweep-coord-files-');
    const got = runCli(['results', sweepId, '--coordinator', address, '--artifacts', files]);
    expect(got.code, got.stderr).toBe(0);
    for (const task of readdirSync(join(embedded, 'artifacts')))
      for (const name of readdirSync(join(embedded, 'artifacts', task)))
        expect(readFileSync(join(files, task, name), 'utf8'), `${task}/${name}`).toBe(
          readFileSync(join(embedded, 'artifacts', task, name), 'utf8'),
        );
  }, 240_000); // two tiny sweeps, each allowed 120 s: the 30 s default failed on a loaded machine

  it('lists the sweep as done, reuses every result on resubmission and serves results as CSV', () => {
    // its own sweep (another seed), so that it runs alone or in any order
    const file = tinySweep('reused', { 'seed: 1': 'seed: 2' });
    const first = runCli(['submit', file, '--coordinator', address, '--wait'], { timeoutMs: 120_000 });
    expect(first.code, first.stderr).toBe(0);
    const st = runCli(['status', '--coordinator', address, '--format', 'json']);
    const list = JSON.parse(st.stdout) as { name: string; sweep_id: string }[];
    const mine = list.filter((s) => s.name === 'reused');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ name: 'reused', state: 'done', tasks: 8, done: 8, failed: 0 });
    const again = runCli(['submit', file, '--coordinator', address]);
    expect(again.stderr).toMatch(/8 tasks, 8 reused/);
    const csv = runCli(['results', mine[0].sweep_id, '--coordinator', address, '--format', 'csv']);
    expect(csv.stdout.split('\n')[0]).toMatch(/^x,m,temperature_K,replicas,D_Na_cm2_s/);
  }, 120_000);

  it('cancels a running sweep: it stops and has no results', async () => {
    const sub = runCli(['submit', QUICK, '--coordinator', address]);
    expect(sub.code, sub.stderr).toBe(0);
    const id = sub.stdout.trim();
    // let some work happen
    for (let k = 0; k < 100; k++) {
      const s = JSON.parse(runCli(['status', id, '--coordinator', address, '--format', 'json']).stdout);
      if (s.running > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const c = runCli(['cancel', id, '--coordinator', address], { timeoutMs: 30_000 });
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toMatch(new RegExp(`^${id}\\s+quick\\s+cancelled`));
    const res = runCli(['results', id, '--coordinator', address]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^ionsweep: sweep_id: sweep [0-9a-f]+ has no results yet \(state: cancelled/);
  }, 60_000);

  it('returns input errors found by the coordinator as one line, and unknown ids as such', () => {
    const dir = tmp('ionsweep-badff-');
    writeFileSync(
      join(dir, 'ff.yaml'),
      readFileSync(`${ROOT}examples/forcefields/ns-buck-2026.yaml`, 'utf8').replace('rho: 0.284', 'rho: -1'),
    );
    writeFileSync(
      join(dir, 'sweep.yaml'),
      readFileSync(TINY, 'utf8').replace('../forcefields/ns-buck-2026.yaml', 'ff.yaml'),
    );
    const r = runCli(['submit', join(dir, 'sweep.yaml'), '--coordinator', address]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/ff\.yaml:\d+: pairs\.S-S\[0\]\.buckingham\.rho: must be > 0, got -1/);
    const u = runCli(['status', 'feedfeedfeedfeed', '--coordinator', address]);
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/no sweep with id 'feedfeedfeedfeed'/);
  });

  it('refuses a non-loopback listen address without TLS and a token unless --insecure', () => {
    const r = runCli(['coordinator', '--listen', '0.0.0.0:50999', '--data', tmp('ionsweep-x-')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'ionsweep: --listen: 0.0.0.0 is not a loopback address; serving it needs TLS (--tls-cert, --tls-key) and a token (--token-file), or --insecure\n',
    );
  });

  it('rejects malformed and oversized messages and keeps serving', async () => {
    const client = new grpc.Client(address, grpc.credentials.createInsecure(), {
      'grpc.max_send_message_length': 128 * 1024 * 1024,
    });
    const send = (bytes: Buffer) =>
      new Promise<grpc.ServiceError | null>((resolve) =>
        client.makeUnaryRequest(
          '/ionsweep.v1.SweepService/SubmitSweep',
          (b: Buffer) => b,
          (b: Buffer) => b,
          bytes,
          (err) => resolve(err),
        ),
      );
    // not protobuf: a field key with wire type 7, which does not exist
    const malformed = await send(Buffer.from([0x0f, 0x00, 0x01]));
    expect(malformed).toMatchObject({ code: grpc.status.INTERNAL, details: 'Error deserializing request' });
    // 65 MB: over the server's 64 MB limit
    const oversized = await send(Buffer.alloc(65 * 1024 * 1024, 0x20));
    expect(oversized?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    client.close();
    expect(runCli(['status', '--coordinator', address]).code).toBe(0);
  });

  it('says when no coordinator answers', () => {
    const r = runCli(['status', '--coordinator', '127.0.0.1:1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ionsweep: cannot reach the coordinator/);
  });
});
