/**
 * One coordinator per NATS server. The work queue has no routing: a second coordinator's agents
 * would take the first one's tasks, find no sweep of theirs that wants them, and drop them, and
 * the first coordinator's sweeps would wait forever. So a coordinator claims the server, in the
 * object store, and renews the claim while it runs; a start against another store's live claim
 * fails with a message that says what to do. A claim lapses STALE_MS after its last renewal, so
 * a coordinator that crashed does not lock its NATS server for good.
 */
import { hostname } from 'node:os';
import { Objm, type ObjectStore } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/nats-core';
import { InputError } from '@ionsweep/shared';
import { redactUrl } from '@ionsweep/node-agent';

export const CLAIM_BUCKET = 'ionsweep-coordinator';
const OWNER = 'owner';
export const RENEW_MS = 5_000;
export const STALE_MS = 20_000;

interface Claim {
  store_id: string;
  listen: string;
  host: string;
  pid: number;
}

export interface NatsClaim {
  /** set when this start took over a lapsed claim of another store */
  previous?: { storeId: string; secondsAgo: number };
  release(): Promise<void>;
}

async function currentClaim(store: ObjectStore): Promise<{ claim: Claim; ageMs: number } | null> {
  const info = await store.info(OWNER);
  const bytes = info && (await store.getBlob(OWNER));
  if (!info || !bytes) return null;
  try {
    return { claim: JSON.parse(new TextDecoder().decode(bytes)) as Claim, ageMs: Date.now() - Date.parse(info.mtime) };
  } catch {
    return null; // unreadable: treat as no claim
  }
}

/** Claims the NATS server for the coordinator of `storeId`; throws an InputError when another coordinator holds it. */
export async function claimNats(nc: NatsConnection, url: string, storeId: string, listen: string): Promise<NatsClaim> {
  const store = await new Objm(nc).create(CLAIM_BUCKET);
  const found = await currentClaim(store);
  if (found && found.claim.store_id !== storeId && found.ageMs < STALE_MS) {
    const o = found.claim;
    throw new InputError(
      '--nats',
      `${redactUrl(url)} already serves the coordinator of store ${o.store_id} (listening on ${o.listen}, ` +
        `${o.host} pid ${o.pid}, renewed ${Math.max(0, Math.round(found.ageMs / 1000))} s ago): one coordinator ` +
        `per NATS server, as agents take any coordinator's tasks. Give this one its own NATS server, or stop ` +
        `the other (it gives the server up when it stops, or ${STALE_MS / 1000} s after a crash)`,
    );
  }
  const mine: Claim = { store_id: storeId, listen, host: hostname(), pid: process.pid };
  const put = () => store.putBlob({ name: OWNER }, new TextEncoder().encode(JSON.stringify(mine)));
  await put();
  // a renewal that fails (NATS briefly away) is retried on the next tick
  const timer = setInterval(() => void put().catch(() => {}), RENEW_MS);
  timer.unref();
  return {
    previous:
      found && found.claim.store_id !== storeId
        ? { storeId: found.claim.store_id, secondsAgo: Math.round(found.ageMs / 1000) }
        : undefined,
    async release() {
      clearInterval(timer);
      const now = await currentClaim(store).catch(() => null);
      if (now?.claim.store_id === storeId && now.claim.pid === process.pid) await store.delete(OWNER).catch(() => {});
    },
  };
}
