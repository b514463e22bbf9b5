/**
 * The coordinator's side of NATS: tasks go to the JetStream work queue (one subject per task,
 * message id = task id + the coordinator store's id + dispatch generation), withdrawn tasks are purged from it and announced
 * on a control subject so agents stop running them, and sweep events are published for anyone
 * who listens (`ionsweep.sweep.<sweep id>.event`, JSON SweepEvent).
 */
import type { NatsConnection } from '@nats-io/nats-core';
import { jetstreamManager } from '@nats-io/jetstream';
import { canonicalJson, type TaskSpec } from '@ionsweep/shared';
import type { SweepEvent, TaskAssignment } from '@ionsweep/shared/net';
import type { QueueStats } from '../metrics/coordinator-metrics.js';
import {
  ARTIFACT_BUCKET,
  CANCEL_SUBJECT,
  CHECKPOINT_BUCKET,
  DEFAULT_TASK_QUEUE,
  ensureTaskQueue,
  publishTask,
  withdrawTask,
  type TaskQueueConfig,
} from '@ionsweep/node-agent';

/** Subject of a sweep's events; subscribe to `ionsweep.sweep.*.event` for all of them. */
export const eventsSubject = (sweepId: string) => `ionsweep.sweep.${sweepId}.event`;

export interface Dispatcher {
  /** `origin`: the coordinator store's id, so another store's dispatches are not duplicates */
  dispatch(taskId: string, spec: TaskSpec, generation: number, origin: string): Promise<void>;
  /** removes queued copies and tells agents to stop running ones */
  withdraw(taskIds: string[]): Promise<void>;
  publishEvent(event: SweepEvent & { sweep_id: string }): void;
  queueStats(): Promise<QueueStats>;
}

export class JetStreamDispatcher implements Dispatcher {
  private readonly encoder = new TextEncoder();

  private constructor(
    private readonly nc: NatsConnection,
    private readonly queue: TaskQueueConfig,
  ) {}

  static async create(nc: NatsConnection, queue: TaskQueueConfig = DEFAULT_TASK_QUEUE): Promise<JetStreamDispatcher> {
    await ensureTaskQueue(nc, queue);
    return new JetStreamDispatcher(nc, queue);
  }

  async dispatch(taskId: string, spec: TaskSpec, generation: number, origin: string): Promise<void> {
    const assignment: TaskAssignment = { task_id: taskId, spec_json: canonicalJson(spec), generation };
    const payload = this.encoder.encode(JSON.stringify(assignment));
    await publishTask(this.nc, taskId, payload, this.queue, `${origin}-${generation}`);
  }

  async withdraw(taskIds: string[]): Promise<void> {
    for (const id of taskIds) await withdrawTask(this.nc, id, this.queue);
    this.nc.publish(CANCEL_SUBJECT, JSON.stringify({ task_ids: taskIds }));
  }

  async queueStats(): Promise<QueueStats> {
    const jsm = await jetstreamManager(this.nc);
    const [stream, consumer, ...stores] = await Promise.all([
      jsm.streams.info(this.queue.stream),
      jsm.consumers.info(this.queue.stream, this.queue.durable),
      ...[CHECKPOINT_BUCKET, ARTIFACT_BUCKET].map((b) => jsm.streams.info(`OBJ_${b}`).catch(() => null)),
    ]);
    return {
      depth: stream.state.messages,
      pendingAcks: consumer.num_ack_pending,
      stores: [CHECKPOINT_BUCKET, ARTIFACT_BUCKET].flatMap((store, k) => {
        const info = stores[k];
        return info ? [{ store, bytes: info.state.bytes, maxBytes: info.config.max_bytes }] : [];
      }),
    };
  }

  publishEvent(event: SweepEvent & { sweep_id: string }): void {
    if (!this.nc.isClosed()) this.nc.publish(eventsSubject(event.sweep_id), JSON.stringify(event));
  }
}
