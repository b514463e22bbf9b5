/**
 * `--nats-replicas`, `--checkpoint-store-bytes`, `--artifact-store-bytes`: how JetStream keeps the
 * work queue and the object stores, on the coordinator and the agents alike (whoever starts
 * first creates them; a later start with other settings brings them to its own).
 */
import { Option, type Command } from 'commander';
import { InputError, parseBytes, parseIntegerIn } from '@ionsweep/shared';
import { DEFAULT_STORAGE, type JetStreamStorage } from '@ionsweep/node-agent';

export interface NatsStorageFlags {
  natsReplicas: string;
  checkpointStoreBytes: string;
  artifactStoreBytes: string;
}

export function withNatsStorage(cmd: Command): Command {
  return cmd
    .addOption(
      new Option(
        '--nats-replicas <n>',
        'copies of the work queue and stores on a NATS cluster (3 survives losing a server; 1 on a single server)',
      )
        .env('IONSWEEP_NATS_REPLICAS')
        .default(String(DEFAULT_STORAGE.replicas)),
    )
    .addOption(
      new Option('--checkpoint-store-bytes <size>', 'bound of the JetStream checkpoint store (e.g. 2GiB)')
        .env('IONSWEEP_CHECKPOINT_STORE_BYTES')
        .default('2GiB'),
    )
    .addOption(
      new Option('--artifact-store-bytes <size>', "bound of the JetStream store of tasks' files (e.g. 8GiB)")
        .env('IONSWEEP_ARTIFACT_STORE_BYTES')
        .default('8GiB'),
    );
}

export function natsStorageFrom(o: NatsStorageFlags): JetStreamStorage {
  const storage = {
    replicas: parseIntegerIn('--nats-replicas', o.natsReplicas, 1, 5),
    checkpointBytes: parseBytes('--checkpoint-store-bytes', o.checkpointStoreBytes, 2 ** 20),
    artifactBytes: parseBytes('--artifact-store-bytes', o.artifactStoreBytes, 2 ** 20),
  };
  if (storage.replicas === 2)
    throw new InputError('--nats-replicas', 'use 1 or an odd count (3, 5): two replicas cannot outvote a lost one');
  return storage;
}
