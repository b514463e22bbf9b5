/**
 * How JetStream keeps ionsweep's data: replicas of the work queue and of both object stores (1 on
 * a single server; 3 on a cluster of three or more survives the loss of a server, its disk
 * included), and a size bound on each store, so that a full store fails a save with a message
 * that says what to change instead of filling the NATS server's volume. Whoever starts first
 * (coordinator or agent) creates the streams; a later start with other settings brings them to
 * its own (JetStream changes replicas and limits of a live stream).
 */
import { jetstreamManager, StorageType, type StreamConfig } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { Objm, type ObjectStore } from '@nats-io/obj';
import { createHash } from 'node:crypto';
import { errorMessage } from '@ionsweep/shared';

export interface JetStreamStorage {
  /** copies of every stream and store (≤ the cluster's servers) */
  replicas: number;
  /** bound of the checkpoint store, bytes (checkpoints are deleted once their task is stored) */
  checkpointBytes: number;
  /** bound of the artifact store, bytes (tasks' files stay until removed) */
  artifactBytes: number;
}

export const DEFAULT_STORAGE: JetStreamStorage = {
  replicas: 1,
  checkpointBytes: 2 * 2 ** 30,
  artifactBytes: 8 * 2 ** 30,
};

/** A size as people write it: 8 GiB, 1.5 GiB, 256 MiB. */
const size = (b: number) => (b >= 2 ** 30 ? `${+(b / 2 ** 30).toFixed(2)} GiB` : `${+(b / 2 ** 20).toFixed(1)} MiB`);

/** What a JetStream storage error means for the user, with the flag that changes it. */
export function storageError(what: string, flag: string, maxBytes: number, err: unknown): Error {
  const m = errorMessage(err);
  if (/insufficient (storage )?resources/i.test(m))
    return new Error(
      `nats-server cannot reserve ${size(maxBytes)} for ${what} (its JetStream max_file_store, or a replica's ` +
        `free disk, is smaller): lower ${flag} or raise the server's limit`,
      { cause: err },
    );
  if (/replicas > 1 not supported|insufficient servers|no suitable peers/i.test(m))
    return new Error(`${what}: the NATS servers cannot hold the replicas asked for (${m}); lower --nats-replicas`, {
      cause: err,
    });
  if (/maximum bytes exceeded/i.test(m))
    return new Error(`${what}: the store is full (${size(maxBytes)}); raise ${flag} on the coordinator and agents`, {
      cause: err,
    });
  return new Error(`${what} (${m})`, { cause: err });
}

/** Brings an existing stream to these replicas and bytes (a no-op when it has them). */
export async function conformStream(
  nc: NatsConnection,
  stream: string,
  want: Pick<StreamConfig, 'num_replicas' | 'max_bytes'>,
): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const { config } = await jsm.streams.info(stream);
  if (config.num_replicas === want.num_replicas && config.max_bytes === want.max_bytes) return;
  await jsm.streams.update(stream, { ...config, ...want });
}

/** An object store with these replicas and this bound, created or brought to them. */
export async function objectBucket(
  nc: NatsConnection,
  bucket: string,
  replicas: number,
  maxBytes: number,
  flag: string,
): Promise<ObjectStore> {
  const what = `the object store ${bucket}`;
  try {
    const store = await new Objm(nc).create(bucket, { replicas, max_bytes: maxBytes, storage: StorageType.File });
    await conformStream(nc, `OBJ_${bucket}`, { num_replicas: replicas, max_bytes: maxBytes });
    return store;
  } catch (err) {
    throw storageError(what, flag, maxBytes, err);
  }
}

/**
 * A read from an object store, tried again after a timeout: right after a server of a cluster is
 * lost, a request can still go to it (measured on nats-server 2.9.10: the first direct get a
 * second after the loss timed out at 5 s, the next ones answered).
 */
export async function retryRead<T>(read: () => Promise<T>, attempts = 4): Promise<T> {
  for (let k = 1; ; k++) {
    try {
      return await read();
    } catch (err) {
      if (k >= attempts || !/timeout/i.test(errorMessage(err))) throw err;
    }
  }
}

/**
 * An object's bytes read with JetStream's direct gets, chunk after chunk, checked against its
 * size and SHA-256; null when there is no such object. The client's own reader subscribes an
 * ephemeral consumer, which JetStream may place on a replica's server that is down: after a
 * server of a cluster was lost, 4 and 5 of 12 such reads timed out over the next 10 s, with no
 * sign of ending (nats-server 2.9.10, measured); direct gets, answered by any replica that is up,
 * had none.
 */
export async function readObject(
  nc: NatsConnection,
  store: ObjectStore,
  bucket: string,
  name: string,
): Promise<Uint8Array | null> {
  const info = await retryRead(() => store.info(name));
  if (!info || info.deleted) return null;
  const jsm = await jetstreamManager(nc);
  const subject = `$O.${bucket}.C.${info.nuid}`;
  const out = new Uint8Array(info.size);
  let at = 0;
  let seq = 0;
  for (let k = 0; k < info.chunks; k++) {
    const m = await retryRead(() => jsm.direct.getMessage(`OBJ_${bucket}`, { next_by_subj: subject, seq: seq + 1 }));
    if (!m || at + m.data.length > info.size)
      throw new Error(`object ${bucket}/${name}: chunk ${k + 1} of ${info.chunks} is missing or too long`);
    out.set(m.data, at);
    at += m.data.length;
    seq = m.seq;
  }
  const digest = `SHA-256=${createHash('sha256').update(out).digest('base64url')}`;
  if (at !== info.size || digest.replace(/=+$/, '') !== info.digest.replace(/=+$/, ''))
    throw new Error(
      `object ${bucket}/${name} is corrupt: ${at} of ${info.size} bytes, digest ${digest} against ${info.digest}`,
    );
  return out;
}
