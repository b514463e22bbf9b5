/**
 * The durable work queue on NATS JetStream: a work-queue stream with one subject per task
 * (`<subject>.<task id>`, so a queued task can be withdrawn), whose message id is the task id and
 * a dispatch key (`Nats-Msg-Id`, so publishing a dispatch twice stores it once, while a new
 * dispatch after a cancel, or from another coordinator store, goes through), and a durable pull
 * consumer with
 * explicit acks, a bounded ack wait kept alive by `working()` while a task runs, and a bounded
 * number of deliveries after which a task is terminated (its dead-letter state is the caller's).
 */
import { AckPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { conformStream, storageError } from './storage.js';

export interface TaskQueueConfig {
  stream: string;
  /** subject prefix: task t is published on `<subject>.<t>` */
  subject: string;
  durable: string;
  /** how long a delivered task may go without ack or heartbeat before it is redelivered */
  ackWaitMs: number;
  /** deliveries after which a task is terminated */
  maxDeliver: number;
  /** window in which a repeated task id is recognised as a duplicate */
  duplicateWindowMs: number;
  /** copies of the stream on a NATS cluster (1: a single server) */
  replicas: number;
}

export const DEFAULT_TASK_QUEUE: TaskQueueConfig = {
  stream: 'IONSWEEP_TASKS',
  subject: 'ionsweep.tasks',
  durable: 'ionsweep-agents',
  ackWaitMs: 60_000,
  maxDeliver: 5,
  duplicateWindowMs: 24 * 3600_000,
  replicas: 1,
};

const ns = (ms: number) => ms * 1_000_000;

/**
 * Creates the stream and the durable consumer if they do not exist (idempotent), and brings an
 * existing stream to the configured replicas.
 */
export async function ensureTaskQueue(nc: NatsConnection, cfg: TaskQueueConfig = DEFAULT_TASK_QUEUE): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const replicas = cfg.replicas;
  try {
    try {
      await jsm.streams.info(cfg.stream);
    } catch {
      await jsm.streams.add({
        name: cfg.stream,
        subjects: [`${cfg.subject}.>`],
        retention: RetentionPolicy.Workqueue,
        storage: StorageType.File,
        duplicate_window: ns(cfg.duplicateWindowMs),
        num_replicas: replicas,
      });
    }
    await conformStream(nc, cfg.stream, { num_replicas: replicas, max_bytes: -1 });
  } catch (err) {
    throw storageError(`the work queue ${cfg.stream}`, '--nats-replicas', 0, err);
  }
  try {
    await jsm.consumers.info(cfg.stream, cfg.durable);
  } catch {
    await jsm.consumers.add(cfg.stream, {
      durable_name: cfg.durable,
      ack_policy: AckPolicy.Explicit,
      ack_wait: ns(cfg.ackWaitMs),
      max_deliver: cfg.maxDeliver,
    });
  }
}

/**
 * Publishes a task; `duplicate` is true when this dispatch (task id and dispatch key) was already
 * published within the duplicate window.
 */
export async function publishTask(
  nc: NatsConnection,
  taskId: string,
  payload: Uint8Array,
  cfg: TaskQueueConfig = DEFAULT_TASK_QUEUE,
  dispatchKey = '0',
): Promise<{ duplicate: boolean }> {
  if (!/^[A-Za-z0-9_-]+$/.test(taskId)) throw new Error(`task id '${taskId}' is not a valid subject token`);
  const ack = await jetstream(nc).publish(`${cfg.subject}.${taskId}`, payload, { msgID: `${taskId}.${dispatchKey}` });
  return { duplicate: ack.duplicate };
}

/**
 * Removes a task's queued (undelivered or unacknowledged) messages; returns how many. They are
 * deleted one by one: a purge filtered by subject would be shorter, but on nats-server 2.9 it
 * moves the work-queue consumer past the other tasks' messages too (found by our tests). A
 * message that escapes (failed lookup) is harmless: the coordinator's dispatch generation makes
 * an agent drop it.
 */
export async function withdrawTask(
  nc: NatsConnection,
  taskId: string,
  cfg: TaskQueueConfig = DEFAULT_TASK_QUEUE,
): Promise<number> {
  const jsm = await jetstreamManager(nc);
  let removed = 0;
  for (;;) {
    const msg = await jsm.streams
      .getMessage(cfg.stream, { last_by_subj: `${cfg.subject}.${taskId}` })
      .catch(() => null); // none left
    if (!msg) return removed;
    if (await jsm.streams.deleteMessage(cfg.stream, msg.seq, false)) removed++;
  }
}

/** Messages waiting in the queue (not yet acknowledged). */
export async function queueDepth(nc: NatsConnection, cfg: TaskQueueConfig = DEFAULT_TASK_QUEUE): Promise<number> {
  const info = await (await jetstreamManager(nc)).streams.info(cfg.stream);
  return info.state.messages;
}

export interface QueuedTask {
  taskId: string;
  payload: Uint8Array;
  /** 1 on the first delivery */
  deliveryCount: number;
}

/** `done`: ack (the result is stored, or the task is no longer wanted); `retry`: redeliver later; `failed`: never again. */
export type TaskOutcome = 'done' | 'retry' | 'failed';

export class TaskConsumer {
  constructor(
    private readonly nc: NatsConnection,
    private readonly cfg: TaskQueueConfig = DEFAULT_TASK_QUEUE,
  ) {}

  /**
   * Takes one task, if one arrives within `expiresMs`, and runs the handler on it while telling
   * the server every ackWait/3 that the work goes on. Returns false when no task came.
   */
  async runOne(handler: (task: QueuedTask) => Promise<TaskOutcome>, expiresMs = 5_000): Promise<boolean> {
    const consumer = await jetstream(this.nc).consumers.get(this.cfg.stream, this.cfg.durable);
    const msg = await consumer.next({ expires: expiresMs });
    if (!msg) return false;
    const task: QueuedTask = {
      taskId: msg.subject.slice(this.cfg.subject.length + 1),
      payload: msg.data,
      deliveryCount: msg.info.deliveryCount,
    };
    // a heartbeat lost while NATS reconnects is harmless: the next one (or the ack) follows
    const beat = () => {
      try {
        msg.working();
      } catch {
        /* disconnected */
      }
    };
    const heartbeat = setInterval(beat, Math.max(100, this.cfg.ackWaitMs / 3));
    try {
      settle(msg, await handler(task), task.deliveryCount, this.cfg.maxDeliver);
    } catch {
      settle(msg, 'retry', task.deliveryCount, this.cfg.maxDeliver);
    } finally {
      clearInterval(heartbeat);
    }
    return true;
  }
}

function settle(msg: JsMsg, outcome: TaskOutcome, deliveries: number, maxDeliver: number): void {
  try {
    if (outcome === 'done') msg.ack();
    else if (outcome === 'failed' || deliveries >= maxDeliver) msg.term();
    else msg.nak();
  } catch {
    // disconnected: the server redelivers after the ack wait, and StartTask drops what is stored
  }
}

/** The queue as the server has it configured (the first process to create it set the ack wait). */
export async function queueConfig(
  nc: NatsConnection,
  cfg: TaskQueueConfig = DEFAULT_TASK_QUEUE,
): Promise<TaskQueueConfig> {
  const info = await (await jetstreamManager(nc)).consumers.info(cfg.stream, cfg.durable);
  return {
    ...cfg,
    ackWaitMs: info.config.ack_wait ? info.config.ack_wait / 1e6 : cfg.ackWaitMs,
    maxDeliver: info.config.max_deliver ?? cfg.maxDeliver,
  };
}
