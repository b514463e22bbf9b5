/**
 * Locked doors, with real processes: gRPC over TLS with a bearer token, NATS with an auth token
 * or an NKEY user.
 * Clients without the token are refused with one clear line; the token never shows up in logs,
 * errors or metrics; a non-loopback address without TLS and a token is refused.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nkeys } from '@nats-io/nats-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli, type CliProcess } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';
import { freePort, removeStore, startNatsServer, type NatsServer } from '../helpers/nats.js';
import { tinySweep } from '../helpers/sweeps.js';
import { makeCertificates } from '../helpers/certificates.js';

const TINY = `${ROOT}examples/sweeps/tiny.yaml`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TOKEN = 'tok-3f9a1c7e55d04b2b9e61';
const NATS_TOKEN = 'nats-8d2e6b0a4c';

describe('TLS and tokens (real coordinator, agent and nats-server)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ionsweep-sec-'));
  const tokenFile = join(dir, 'token');
  const wrongTokenFile = join(dir, 'wrong-token');
  const natsTokenFile = join(dir, 'nats-token');
  let certs: ReturnType<typeof makeCertificates>;
  let nats: NatsServer;
  let coordinator: CliProcess;
  let agent: CliProcess;
  let address: string;
  let metricsPort: number;

  beforeAll(async () => {
    writeFileSync(tokenFile, `${TOKEN}\n`);
    writeFileSync(wrongTokenFile, 'not-the-token\n');
    writeFileSync(natsTokenFile, NATS_TOKEN);
    certs = makeCertificates(dir);
    nats = await startNatsServer(undefined, undefined, { token: NATS_TOKEN });
    const port = await freePort();
    metricsPort = await freePort();
    address = `127.0.0.1:${port}`;
    coordinator = startCli([
      'coordinator',
      '--listen',
      `0.0.0.0:${port}`,
      '--data',
      join(dir, 'data'),
      '--nats',
      nats.url,
      '--nats-token-file',
      natsTokenFile,
      '--tls-cert',
      certs.cert,
      '--tls-key',
      certs.key,
      '--token-file',
      tokenFile,
      '--metrics-port',
      String(metricsPort),
    ]);
    await coordinator.waitFor(/listening/);
    // the agent takes its secrets from the environment
    agent = startCli(['agent', '--coordinator', address, '--nats', nats.url, '--workers', '2'], {
      IONSWEEP_TOKEN_FILE: tokenFile,
      IONSWEEP_TLS_CA: certs.ca,
      IONSWEEP_NATS_TOKEN_FILE: natsTokenFile,
    });
    await agent.waitFor(/workers, coordinator/);
  }, 60_000);

  afterAll(async () => {
    await agent?.stop();
    await coordinator?.stop();
    await nats?.stop();
    removeStore(nats.storeDir);
  });

  const auth = () => ['--coordinator', address, '--token-file', tokenFile, '--tls-ca', certs.ca];

  it('runs a sweep for a client with the token, over TLS', () => {
    const r = runCli(
      [
        'submit',
        TINY,
        '--coordinator',
        address,
        '--token-file',
        tokenFile,
        '--tls-ca',
        certs.ca,
        '--wait',
        '--format',
        'json',
      ],
      {
        timeoutMs: 180_000,
      },
    );
    expect(r.code, r.stderr + coordinator.log() + agent.log()).toBe(0);
    expect(JSON.parse(r.stdout).points).toHaveLength(4);
  }, 240_000);

  it('refuses every client call without the right token, with one clear line', () => {
    // the token is checked before anything is looked up: any well-formed id will do, so the test
    // needs no sweep of another test
    const id = '0123456789abcdef';
    const calls = [['submit', TINY], ['status'], ['status', id], ['watch', id], ['results', id], ['cancel', id]];
    for (const tokenArgs of [[], ['--token-file', wrongTokenFile]]) {
      for (const c of calls) {
        const r = runCli([...c, '--coordinator', address, '--tls-ca', certs.ca, ...tokenArgs]);
        expect(r.code, c.join(' ')).not.toBe(0);
        expect(r.stderr.trim().split('\n'), c.join(' ')).toEqual([
          'ionsweep: unauthenticated: the coordinator refused this client (missing or wrong token: see --token-file)',
        ]);
      }
    }
    // and the token file is also read from the environment
    const env = runCli(['status', '--coordinator', address, '--tls-ca', certs.ca], {
      env: { IONSWEEP_TOKEN_FILE: tokenFile },
    });
    expect(env.code, env.stderr).toBe(0);
  }, 120_000);

  it('refuses a client that does not check the certificate, or talks plaintext', () => {
    const r = runCli(['status', '--coordinator', address, '--token-file', tokenFile]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^ionsweep: cannot reach the coordinator/);
  });

  it('never shows a token in logs, errors or metrics', async () => {
    // one refused call of its own, so that the metrics hold a refusal whatever ran before
    const refused = runCli(['status', '0123456789abcdef', '--coordinator', address, '--tls-ca', certs.ca]);
    expect(refused.code).not.toBe(0);
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/ionsweep_grpc_requests_total\{method="GetSweep",code="UNAUTHENTICATED"\}/);
    for (const text of [coordinator.log(), agent.log(), metrics]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(NATS_TOKEN);
    }
  });

  it('with --tls-ca on the coordinator, requires client certificates (mutual TLS)', async () => {
    const port = await freePort();
    const mtls = startCli([
      'coordinator',
      '--listen',
      `127.0.0.1:${port}`,
      '--data',
      join(dir, 'mtls'),
      '--tls-cert',
      certs.cert,
      '--tls-key',
      certs.key,
      '--tls-ca',
      certs.ca,
      '--token-file',
      tokenFile,
    ]);
    try {
      await mtls.waitFor(/listening.*with client certificates/);
      const target = ['--coordinator', `127.0.0.1:${port}`, '--tls-ca', certs.ca, '--token-file', tokenFile];
      const without = runCli(['status', ...target]);
      expect(without.code).not.toBe(0);
      expect(without.stderr).toMatch(/^ionsweep: cannot reach the coordinator/);
      const withCert = runCli(['status', ...target, '--tls-cert', certs.clientCert, '--tls-key', certs.clientKey]);
      expect(withCert.code, withCert.stderr).toBe(0);
    } finally {
      await mtls.stop();
    }
  });

  it('refuses a non-loopback address without TLS and a token, and NATS without its token', () => {
    const plain = runCli(['coordinator', '--listen', '0.0.0.0:0', '--data', join(dir, 'other')]);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(
      /^ionsweep: --listen: 0\.0\.0\.0 is not a loopback address; serving it needs TLS .* or --insecure/,
    );
    const tlsOnly = runCli([
      'coordinator',
      '--listen',
      '0.0.0.0:0',
      '--data',
      join(dir, 'other'),
      '--tls-cert',
      certs.cert,
      '--tls-key',
      certs.key,
    ]);
    expect(tlsOnly.code).toBe(2);
    const noNatsToken = runCli(['agent', '--coordinator', address, '--nats', nats.url, ...auth().slice(2)], {
      timeoutMs: 20_000,
    });
    expect(noNatsToken.code).toBe(1);
    expect(noNatsToken.stderr).toMatch(
      /^ionsweep: cannot reach NATS at nats:\/\/127\.0\.0\.1:\d+: .*(Authorization|authorization)/,
    );
  });

  it('rotates tokens and the certificate on SIGHUP without a restart; a bad file keeps the old secrets', async () => {
    const rot = join(dir, 'rotation');
    mkdirSync(rot);
    const second = makeCertificates(join(dir, 'second-ca')); // the certificate moves to another CA
    const bundle = join(rot, 'both-cas.pem'); // agents trust both during the move
    writeFileSync(bundle, readFileSync(certs.ca, 'utf8') + readFileSync(second.ca, 'utf8'));
    const file = (name: string, text: string) => (writeFileSync(join(rot, name), text), join(rot, name));
    const accepted = file('accepted-tokens', 'old-token-1\n');
    const [cert, key] = [
      file('server.pem', readFileSync(certs.cert, 'utf8')),
      file('server.key', readFileSync(certs.key, 'utf8')),
    ];
    const [oldToken, newToken] = [file('old', 'old-token-1'), file('new', 'new-token-2')];
    const agentToken = file('agent-token', 'old-token-1\n');
    const port = await freePort();
    const at = `127.0.0.1:${port}`;
    const queue = await startNatsServer(); // its own: the other coordinator's agent would take its tasks
    const coord = startCli([
      ...['coordinator', '--listen', at, '--data', join(rot, 'data'), '--nats', queue.url],
      ...['--tls-cert', cert, '--tls-key', key, '--token-file', accepted],
    ]);
    await coord.waitFor(/listening/);
    const worker = startCli(['agent', '--coordinator', at, '--nats', queue.url, '--token-file', agentToken], {
      IONSWEEP_TLS_CA: bundle,
    });
    const ok = (token: string, ca: string) =>
      runCli(['status', '--coordinator', at, '--token-file', token, '--tls-ca', ca]).code === 0;
    // each reload's log line differs from the ones before, so waiting for it waits for this reload
    const reload = async (proc: CliProcess, pattern: RegExp) => {
      proc.proc.kill('SIGHUP');
      await proc.waitFor(pattern);
    };
    try {
      await worker.waitFor(/workers, coordinator/);
      expect([ok(oldToken, certs.ca), ok(newToken, certs.ca)]).toEqual([true, false]);
      // 1. the new token is accepted next to the old one; the agent moves to it
      writeFileSync(accepted, 'old-token-1\nnew-token-2\n');
      await reload(coord, /secrets reloaded \(TLS certificate, 2 accepted token/);
      expect([ok(oldToken, certs.ca), ok(newToken, certs.ca)]).toEqual([true, true]);
      writeFileSync(agentToken, 'new-token-2\n');
      await reload(worker, /token reloaded/);
      // 2. the old token goes, and the certificate now comes from the second CA
      writeFileSync(accepted, 'new-token-2\n');
      writeFileSync(cert, readFileSync(second.cert));
      writeFileSync(key, readFileSync(second.key));
      await reload(coord, /secrets reloaded \(TLS certificate, 1 accepted token/);
      expect([ok(oldToken, second.ca), ok(newToken, certs.ca), ok(newToken, second.ca)]).toEqual([false, false, true]);
      // the agent's calls carry the new token: it runs a sweep end to end
      const one = tinySweep('rotated', {
        'm: [2.0, 4.0]': 'm: [2.0]',
        'temperatures: [2000, 2500]': 'temperatures: [2500]',
        'replicas: 2': 'replicas: 1',
      });
      const r = runCli(
        ['submit', one, '--coordinator', at, '--token-file', newToken, '--tls-ca', second.ca, '--wait'],
        { timeoutMs: 120_000 },
      );
      expect(r.code, r.stderr + worker.log()).toBe(0);
      // an agent whose token is refused holds its task, saying why, and runs it once the token is fixed
      writeFileSync(agentToken, 'old-token-1\n');
      await reload(worker, /token reloaded[\s\S]*token reloaded/);
      const held = tinySweep('held', {
        'm: [2.0, 4.0]': 'm: [2.0]',
        'temperatures: [2000, 2500]': 'temperatures: [2500]',
        'replicas: 2': 'replicas: 1',
        'seed: 1': 'seed: 2',
      });
      const heldId = runCli(['submit', held, '--coordinator', at, '--token-file', newToken, '--tls-ca', second.ca]);
      expect(heldId.code, heldId.stderr).toBe(0);
      await worker.waitFor(/the coordinator refuses this agent's token; holding the task/);
      await sleep(3000); // several refused retries: none may use up a delivery
      writeFileSync(agentToken, 'new-token-2\n');
      await reload(worker, /(token reloaded[\s\S]*){3}/);
      const after = runCli(
        ['submit', held, '--coordinator', at, '--token-file', newToken, '--tls-ca', second.ca, '--wait'],
        { timeoutMs: 120_000 },
      );
      expect(after.code, after.stderr + worker.log()).toBe(0);
      expect(worker.log()).not.toMatch(/failed \(delivery|handed back/);
      // 3. a key that does not match the certificate: reported, and the previous secrets stay
      writeFileSync(key, readFileSync(certs.key));
      await reload(
        coord,
        /secrets NOT reloaded, still serving with the previous ones: --tls-key: the key does not belong/,
      );
      expect(ok(newToken, second.ca)).toBe(true);
      for (const t of ['old-token-1', 'new-token-2']) expect(coord.log() + worker.log()).not.toContain(t);
    } finally {
      await worker.stop();
      await coord.stop();
      await queue.stop();
      removeStore(queue.storeDir);
    }
  }, 180_000);
});

describe('NATS with an NKEY user (real nats-server that knows only the public key)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ionsweep-nkey-'));
  const seed = nkeys.createUser().getSeed();
  const seedFile = join(dir, 'user.nk');
  let nats: NatsServer;
  let coordinator: CliProcess;
  let address: string;

  beforeAll(async () => {
    writeFileSync(seedFile, `${new TextDecoder().decode(seed)}\n`);
    nats = await startNatsServer(undefined, undefined, { nkeySeed: seed });
    address = `127.0.0.1:${await freePort()}`;
    coordinator = startCli(['coordinator', '--listen', address, '--data', join(dir, 'data'), '--nats', nats.url], {
      IONSWEEP_NATS_NKEY_FILE: seedFile,
    });
    await coordinator.waitFor(/listening/);
  }, 60_000);

  afterAll(async () => {
    await coordinator?.stop();
    await nats?.stop();
    removeStore(nats.storeDir);
  });

  it('an agent with the seed runs a sweep; the seed shows up in no log', async () => {
    const agent = startCli(['agent', '--coordinator', address, '--nats', nats.url, '--nats-nkey-file', seedFile]);
    try {
      await agent.waitFor(/workers, coordinator/);
      const one = tinySweep('nkey', {
        'm: [2.0, 4.0]': 'm: [2.0]',
        'temperatures: [2000, 2500]': 'temperatures: [2500]',
      });
      const r = runCli(['submit', one, '--coordinator', address, '--wait'], { timeoutMs: 120_000 });
      expect(r.code, r.stderr + agent.log()).toBe(0);
      expect(r.stderr).toMatch(/2\/2\s+done/);
    } finally {
      await agent.stop();
    }
    const secret = new TextDecoder().decode(seed);
    expect(agent.log()).not.toContain(secret);
    expect(coordinator.log()).not.toContain(secret);
  }, 120_000);

  it('refuses another seed (one line from the server) and a file that is not a seed (before connecting)', async () => {
    const other = join(dir, 'other.nk');
    writeFileSync(other, new TextDecoder().decode(nkeys.createUser().getSeed()));
    const wrong = runCli(['agent', '--coordinator', address, '--nats', nats.url, '--nats-nkey-file', other], {
      timeoutMs: 20_000,
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^ionsweep: cannot reach NATS at nats:\/\/127\.0\.0\.1:\d+: .*[Aa]uthorization/);
    const junk = join(dir, 'junk.nk');
    writeFileSync(junk, 'SUnot-a-seed\n');
    const bad = runCli(['agent', '--coordinator', address, '--nats', nats.url, '--nats-nkey-file', junk]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe(
      `ionsweep: --nats-nkey-file: ${junk} does not hold an NKEY user seed (one line starting SU)`,
    );
  });
});
