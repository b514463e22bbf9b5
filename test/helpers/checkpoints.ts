/**
 * Waiting on real progress instead of the clock: a test that kills or cancels a running task
 * must do so after the task has saved a checkpoint and before it ends, and a fixed sleep loses
 * that race on a faster (or slower) machine.
 */
import { Objm } from '@nats-io/obj';
import { connect } from '@nats-io/transport-node';
import { CHECKPOINT_BUCKET } from '@ionsweep/node-agent';

/** ids of the tasks with a checkpoint in the agents' object store (slots `<task>.a`, `<task>.b`) */
export async function checkpointedTasks(natsUrl: string): Promise<Set<string>> {
  const nc = await connect({ servers: natsUrl });
  try {
    const store = await new Objm(nc).create(CHECKPOINT_BUCKET);
    return new Set((await store.list()).map((o) => o.name.replace(/\.[ab]$/, '')));
  } finally {
    await nc.close();
  }
}

/** Resolves once `count` tasks not in `before` have a checkpoint; throws after `timeoutMs`. */
export async function newCheckpoints(
  natsUrl: string,
  before: Set<string>,
  count: number,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const fresh = [...(await checkpointedTasks(natsUrl))].filter((t) => !before.has(t));
    if (fresh.length >= count) return;
    if (Date.now() > deadline)
      throw new Error(`only ${fresh.length} of ${count} tasks checkpointed in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
