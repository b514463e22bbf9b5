import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import {
  encodeCheckpoint,
  ensureTaskQueue,
  objectStoreCheckpoints,
  DEFAULT_STORAGE,
  publishTask,
  withdrawTask,
  queueDepth,
  TaskConsumer,
  type TaskQueueConfig,
} from '@ionsweep/node-agent';
import { removeStore, startNatsServer, type NatsServer } from '../helpers/nats.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const bytes = (s: string) => new TextEncoder().encode(s);

describe('JetStream work queue and checkpoint store (real nats-server)', () => {
  let server: NatsServer;
  let nc: NatsConnection;
  let n = 0;
  /** a fresh stream and consumer per test */
  const queue = (over: Partial<TaskQueueConfig> = {}): TaskQueueConfig => {
    n++;
    return {
      stream: `T${n}`,
      subject: `ionsweep.test${n}`,
      durable: `agents${n}`,
      ackWaitMs: 1000,
      maxDeliver: 3,
      duplicateWindowMs: 60_000,
      replicas: 1,
      ...over,
    };
  };

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
  });
  afterAll(async () => {
    await nc?.close();
    await server?.stop();
    removeStore(server.storeDir);
  });

  it('stores a task once however often it is published (Nats-Msg-Id = task id)', async () => {
    const cfg = queue();
    await ensureTaskQueue(nc, cfg);
    await ensureTaskQueue(nc, cfg); // idempotent
    expect(await publishTask(nc, 'task-a', bytes('A'), cfg)).toEqual({ duplicate: false });
    expect(await publishTask(nc, 'task-a', bytes('A'), cfg)).toEqual({ duplicate: true });
    expect(await publishTask(nc, 'task-b', bytes('B'), cfg)).toEqual({ duplicate: false });
    expect(await queueDepth(nc, cfg)).toBe(2);
  });

  it('withdraws a queued task, and lets its next dispatch generation through', async () => {
    const cfg = queue();
    await ensureTaskQueue(nc, cfg);
    await publishTask(nc, 'task-c', bytes('C0'), cfg, '0');
    await publishTask(nc, 'task-d', bytes('D0'), cfg, '0');
    expect(await withdrawTask(nc, 'task-c', cfg)).toBe(1);
    expect(await queueDepth(nc, cfg)).toBe(1);
    // the same dispatch again is still a duplicate; the next generation is not
    expect(await publishTask(nc, 'task-c', bytes('C0'), cfg, '0')).toEqual({ duplicate: true });
    expect(await publishTask(nc, 'task-c', bytes('C1'), cfg, '1')).toEqual({ duplicate: false });
    const seen: string[] = [];
    const c = new TaskConsumer(nc, cfg);
    while (
      await c.runOne(async (t) => (seen.push(`${t.taskId}:${new TextDecoder().decode(t.payload)}`), 'done'), 1000)
    );
    // the other task is still delivered (a filtered purge on nats-server 2.9 would have skipped it)
    expect(seen.sort()).toEqual(['task-c:C1', 'task-d:D0']);
  });

  it('keeps a long task with its agent through working() heartbeats, and removes it on ack', async () => {
    const cfg = queue({ ackWaitMs: 600 });
    await ensureTaskQueue(nc, cfg);
    await publishTask(nc, 'long', bytes('L'), cfg);
    const seen: string[] = [];
    const second = new TaskConsumer(nc, cfg);
    const worker = new TaskConsumer(nc, cfg).runOne(async (t) => {
      seen.push(`${t.taskId}#${t.deliveryCount}`);
      // meanwhile another agent polls: the task must not be redelivered while it is being worked on
      const stolen = await second.runOne(async (u) => (seen.push(`stolen ${u.taskId}`), 'done'), 1500);
      expect(stolen).toBe(false);
      return 'done';
    });
    expect(await worker).toBe(true);
    expect(seen).toEqual(['long#1']);
    await sleep(100);
    expect(await queueDepth(nc, cfg)).toBe(0);
  });

  it('redelivers the task of an agent that died (no ack, no heartbeat) to another one', async () => {
    const cfg = queue({ ackWaitMs: 500 });
    await ensureTaskQueue(nc, cfg);
    await publishTask(nc, 'orphan', bytes('O'), cfg);
    // an agent that takes the task and dies: its connection closes without ack
    const doomed = await connect({ servers: server.url });
    const consumer = await (
      await import('@nats-io/jetstream')
    )
      .jetstream(doomed)
      .consumers.get(cfg.stream, cfg.durable);
    expect((await consumer.next({ expires: 2000 }))?.subject).toBe(`${cfg.subject}.orphan`);
    await doomed.close();
    const seen: number[] = [];
    expect(await new TaskConsumer(nc, cfg).runOne(async (t) => (seen.push(t.deliveryCount), 'done'), 3000)).toBe(true);
    expect(seen).toEqual([2]);
  });

  it('retries a failing task and terminates it after max deliveries', async () => {
    const cfg = queue({ ackWaitMs: 500, maxDeliver: 3 });
    await ensureTaskQueue(nc, cfg);
    await publishTask(nc, 'bad', bytes('X'), cfg);
    const deliveries: number[] = [];
    const c = new TaskConsumer(nc, cfg);
    for (let k = 0; k < 3; k++)
      expect(await c.runOne(async (t) => (deliveries.push(t.deliveryCount), 'retry'), 3000)).toBe(true);
    expect(deliveries).toEqual([1, 2, 3]);
    expect(await c.runOne(async () => 'done', 1200)).toBe(false); // terminated: never again
  });

  it('keeps checkpoints in the object store across a server restart and falls back from a corrupted one', async () => {
    const ck = await objectStoreCheckpoints(nc, 'ckpt-test');
    const first = encodeCheckpoint({ meta: { step: 100 }, sections: { x: Float64Array.from([1, 2, 3]) } });
    const second = encodeCheckpoint({ meta: { step: 200 }, sections: { x: Float64Array.from([4, 5, 6]) } });
    expect(await ck.load('t1')).toBeNull();
    await ck.save('t1', first);
    await ck.save('t1', second);
    expect(Array.from((await ck.load('t1'))!)).toEqual(Array.from(second));
    // restart the server on the same store: the checkpoints are still there
    const port = Number(server.url.split(':').at(-1));
    await nc.close();
    await server.stop();
    server = await startNatsServer(server.storeDir, port);
    nc = await connect({ servers: server.url });
    const again = await objectStoreCheckpoints(nc, 'ckpt-test');
    expect(Array.from((await again.load('t1'))!)).toEqual(Array.from(second));
    // a corrupted newest checkpoint (slot b: saves alternate a, b): the previous one is used
    const broken = second.slice();
    broken[broken.length >> 1] ^= 0xff;
    await again.store.putBlob({ name: 't1.b' }, broken);
    const warnings: string[] = [];
    const withWarn = await objectStoreCheckpoints(nc, 'ckpt-test', (m) => warnings.push(m));
    expect(Array.from((await withWarn.load('t1'))!)).toEqual(Array.from(first));
    expect(warnings[0]).toMatch(/checksum mismatch/);
    // the next save replaces the broken slot, not the one it resumed from
    const third = encodeCheckpoint({ meta: { step: 300 }, sections: { x: Float64Array.from([7, 8, 9]) } });
    await withWarn.save('t1', third);
    expect(Array.from((await withWarn.store.getBlob('t1.a'))!)).toEqual(Array.from(first));
    expect(Array.from((await (await objectStoreCheckpoints(nc, 'ckpt-test')).load('t1'))!)).toEqual(Array.from(third));
  }, 30_000);

  it('bounds the checkpoint store (a full one says which flag to raise) and deletes a stored task’s slots', async () => {
    const storage = { ...DEFAULT_STORAGE, checkpointBytes: 2 ** 20 };
    const ck = await objectStoreCheckpoints(nc, 'ckpt-bounded', undefined, storage);
    const jsm = await jetstreamManager(nc);
    expect((await jsm.streams.info('OBJ_ckpt-bounded')).config.max_bytes).toBe(2 ** 20);
    const big = (step: number) =>
      encodeCheckpoint({ meta: { step }, sections: { x: new Float64Array(80_000).fill(step) } }); // 640 kB
    await ck.save('t1', big(1));
    await expect(ck.save('t1', big(2))).rejects.toThrow(
      /cannot save checkpoint ckpt-bounded\/t1\.b: the store is full \(1 MiB\); raise --checkpoint-store-bytes on the coordinator and agents/,
    );
    await ck.remove('t1');
    expect(await ck.store.list()).toEqual([]);
    await ck.save('t1', big(3)); // room again
    expect(await ck.load('t1')).not.toBeNull();
  }, 30_000);
});
