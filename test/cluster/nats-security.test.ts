/**
 * The NATS deployments people run: TLS from a private CA with client certificates (mutual TLS),
 * and operator mode with JWT `.creds` files (nats-server with `resolver: MEMORY` and account
 * JWTs issued here with @nats-io/jwt). Coordinator and agent are real processes; each runs a
 * one-task sweep, and the wrong credentials are refused with one line.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeAccount, encodeOperator, encodeUser, fmtCreds } from '@nats-io/jwt';
import { credsAuthenticator, nkeys } from '@nats-io/nats-core';
import { describe, expect, it } from 'vitest';
import { runCli, startCli, type CliProcess } from '../helpers/cli.js';
import { freePort, removeStore, startNatsServer, type NatsServer } from '../helpers/nats.js';
import { tinySweep } from '../helpers/sweeps.js';
import { makeCertificates } from '../helpers/certificates.js';

const oneTask = () =>
  tinySweep('nats-secure', {
    'm: [2.0, 4.0]': 'm: [2.0]',
    'temperatures: [2000, 2500]': 'temperatures: [2500]',
    'replicas: 2': 'replicas: 1',
    'seed: 1': `seed: ${Math.floor(Math.random() * 1e9)}`,
  });

/** Coordinator and one agent with these NATS flags; runs a one-task sweep through them. */
async function sweepThrough(nats: NatsServer, dir: string, flags: string[], secret: string): Promise<void> {
  const address = `127.0.0.1:${await freePort()}`;
  const procs: CliProcess[] = [];
  try {
    const coordinator = startCli(['coordinator', '--listen', address, '--data', join(dir, 'data'), '--nats', nats.url, ...flags]); // prettier-ignore
    procs.push(coordinator);
    await coordinator.waitFor(/listening/, 30_000);
    const agent = startCli(['agent', '--coordinator', address, '--nats', nats.url, '--workers', '1', ...flags]);
    procs.push(agent);
    await agent.waitFor(/workers, coordinator/, 30_000);
    const r = runCli(['submit', oneTask(), '--coordinator', address, '--wait'], { timeoutMs: 120_000 });
    expect(r.code, r.stderr + coordinator.log() + agent.log()).toBe(0);
    expect(r.stderr).toMatch(/1\/1\s+done/);
    for (const p of procs) expect(p.log()).not.toContain(secret);
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
  }
}

describe('NATS over TLS from a private CA, with client certificates', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ionsweep-nats-tls-'));

  it('coordinator and agent run a sweep over mutual TLS; an agent without a certificate is refused in one line', async () => {
    // the server certificate names 127.0.0.1 and localhost (nats.js checks 'localhost' for 127.0.0.1)
    const c = makeCertificates(dir);
    const nats = await startNatsServer(undefined, undefined, {
      conf: `tls { cert_file: "${c.cert}", key_file: "${c.key}", ca_file: "${c.ca}", verify: true }\n`,
      probe: { scheme: 'tls', tls: { caFile: c.ca, certFile: c.clientCert, keyFile: c.clientKey } },
    });
    try {
      await sweepThrough(
        nats,
        dir,
        ['--nats-tls-ca', c.ca, '--nats-tls-cert', c.clientCert, '--nats-tls-key', c.clientKey],
        'PRIVATE KEY',
      );
      const anonymous = runCli(['agent', '--coordinator', '127.0.0.1:1', '--nats', nats.url, '--nats-tls-ca', c.ca], {
        timeoutMs: 30_000,
      });
      expect(anonymous.code).toBe(1);
      expect(anonymous.stderr.trim().split('\n')).toHaveLength(1);
      expect(anonymous.stderr).toMatch(/^ionsweep: cannot reach NATS at tls:\/\/127\.0\.0\.1:\d+: /);
      const half = runCli(['agent', '--coordinator', '127.0.0.1:1', '--nats', nats.url, '--nats-tls-cert', c.clientCert]); // prettier-ignore
      expect(half.code).toBe(2);
      expect(half.stderr.trim()).toBe('ionsweep: --nats-tls-cert: --nats-tls-cert and --nats-tls-key go together');
    } finally {
      await nats.stop();
      removeStore(nats.storeDir);
    }
  }, 240_000);
});

describe('NATS in operator mode with JWT .creds files (resolver: MEMORY)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ionsweep-nats-jwt-'));

  it('coordinator and agent run a sweep with a .creds file; a revoked user and a foreign one are refused in one line; SIGHUP rotates it', async () => {
    const operator = nkeys.createOperator();
    const system = nkeys.createAccount();
    const account = nkeys.createAccount();
    const user = nkeys.createUser();
    const revoked = nkeys.createUser();
    const revokedPub = revoked.getPublicKey();
    const operatorJwt = await encodeOperator('ionsweep-test', operator, { system_account: system.getPublicKey() });
    const systemJwt = await encodeAccount('SYS', system, {}, { signer: operator });
    // JetStream must be enabled on the account (unlimited here); the revocation list names a user
    const accountJwt = await encodeAccount(
      'ionsweep',
      account,
      {
        // the account's limits, all of them: a claim leaves out nothing (conn 0 would refuse everyone)
        limits: {
          subs: -1, conn: -1, leaf: -1, imports: -1, exports: -1, data: -1, payload: -1, wildcards: true,
          mem_storage: -1, disk_storage: -1, streams: -1, consumer: -1,
        }, // prettier-ignore
        revocations: { [revokedPub]: Math.floor(Date.now() / 1000) + 3600 },
      },
      { signer: operator },
    );
    const creds = async (kp: typeof user, name: string) => {
      const file = join(dir, `${name}.creds`);
      const jwt = await encodeUser(name, kp, account);
      writeFileSync(file, new TextDecoder().decode(fmtCreds(jwt, kp)));
      return file;
    };
    const good = await creds(user, 'worker');
    const bad = await creds(revoked, 'revoked');
    const foreign = join(dir, 'foreign.creds');
    const stranger = nkeys.createUser();
    writeFileSync(
      foreign,
      new TextDecoder().decode(fmtCreds(await encodeUser('stranger', stranger, nkeys.createAccount()), stranger)),
    );
    const monitor = await freePort();
    const nats = await startNatsServer(undefined, undefined, {
      conf: [
        `http_port: ${monitor}`,
        `operator: ${operatorJwt}`,
        `system_account: ${system.getPublicKey()}`,
        'resolver: MEMORY',
        `resolver_preload: { ${system.getPublicKey()}: ${systemJwt}, ${account.getPublicKey()}: ${accountJwt} }`,
        '',
      ].join('\n'),
      probe: { authenticator: credsAuthenticator(readFileSync(good)) },
    });
    try {
      await sweepThrough(nats, dir, ['--nats-creds', good], new TextDecoder().decode(user.getSeed()));
      for (const file of [bad, foreign]) {
        const r = runCli(['agent', '--coordinator', '127.0.0.1:1', '--nats', nats.url, '--nats-creds', file], {
          timeoutMs: 30_000,
        });
        expect(r.code, r.stderr).toBe(1);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(
          /^ionsweep: cannot reach NATS at nats:\/\/127\.0\.0\.1:\d+: .*([Aa]uthorization|revoked)/,
        );
      }
      // rotation: a new user's .creds in the same file, SIGHUP, and the agent reconnects as that user
      const rotating = join(dir, 'rotating.creds');
      writeFileSync(rotating, readFileSync(good));
      const address = `127.0.0.1:${await freePort()}`;
      const coordinator = startCli(['coordinator', '--listen', address, '--data', join(dir, 'data2'), '--nats', nats.url, '--nats-creds', good]); // prettier-ignore
      await coordinator.waitFor(/listening/, 30_000);
      const agent = startCli(['agent', '--coordinator', address, '--nats', nats.url, '--workers', '1', '--nats-creds', rotating]); // prettier-ignore
      try {
        const users = async () => {
          const connz = (await (await fetch(`http://127.0.0.1:${monitor}/connz?auth=1`)).json()) as {
            connections?: { name?: string; authorized_user?: string }[];
          };
          return (connz.connections ?? [])
            .filter((c) => c.name?.startsWith('ionsweep-agent'))
            .map((c) => c.authorized_user);
        };
        await agent.waitFor(/workers, coordinator/, 30_000);
        expect(await users()).toEqual([user.getPublicKey()]);
        const next = nkeys.createUser();
        writeFileSync(rotating, new TextDecoder().decode(fmtCreds(await encodeUser('next', next, account), next)));
        agent.proc.kill('SIGHUP');
        await agent.waitFor(/NATS credentials reloaded \(reconnected\)/);
        for (let k = 0; k < 50 && (await users())[0] !== next.getPublicKey(); k++)
          await new Promise((r) => setTimeout(r, 100));
        expect(await users()).toEqual([next.getPublicKey()]);
      } finally {
        await agent.stop();
        await coordinator.stop();
      }
      const notCreds = join(dir, 'not.creds');
      writeFileSync(notCreds, 'hello\n');
      const r = runCli(['agent', '--coordinator', '127.0.0.1:1', '--nats', nats.url, '--nats-creds', notCreds]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toBe(
        `ionsweep: --nats-creds: ${notCreds} is not a NATS .creds file (a user JWT and a user seed)`,
      );
    } finally {
      await nats.stop();
      removeStore(nats.storeDir);
    }
  }, 240_000);
});
