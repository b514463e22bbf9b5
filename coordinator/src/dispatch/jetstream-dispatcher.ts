/**
 * The coordinator's side of NATS: tasks go to the JetStream work queue (one subject per task,
 * message id = task id + dispatch generation), withdrawn tasks are purged from it and announced
 * on a control subject so agents stop running them, and sweep events are published for anyone
 * who listens (`ionsweep.events.<sweep id>`, JSON SweepEvent).
 */
import type { NatsConnection } from '@nats-io/nats-core';
import type { SweepEvent, TaskAssignment, TaskSpec } from '@ionsweep/shared';
import { canonicalJson } from '@ionsweep/shared';
import {
  CANCEL_SUBJECT,
  DEFAULT_TASK_QUEUE,
  ensureTaskQueue,
  publishTask,
  withdrawTask,
  type TaskQueueConfig,
} from '@ionsweep/node-agent';

export const EVENTS_SUBJECT = 'ionsweep.events';

export interface Dispatcher {
  dispatch(taskId: string, spec: TaskSpec, generation: number): Promise<void>;
  /** removes queued copies and tells agents to stop running ones */
  withdraw(taskIds: string[]): Promise<void>;
  publishEvent(event: SweepEvent & { sweep_id: string }): void;
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

  async dispatch(taskId: string, spec: TaskSpec, generation: number): Promise<void> {
    const assignment: TaskAssignment = { task_id: taskId, spec_json: canonicalJson(spec), generation };
    await publishTask(this.nc, taskId, this.encoder.encode(JSON.stringify(assignment)), this.queue, generation);
  }

  async withdraw(taskIds: string[]): Promise<void> {
    for (const id of taskIds) await withdrawTask(this.nc, id, this.queue);
    this.nc.publish(CANCEL_SUBJECT, JSON.stringify({ task_ids: taskIds }));
  }

  publishEvent(event: SweepEvent & { sweep_id: string }): void {
    if (!this.nc.isClosed()) this.nc.publish(`${EVENTS_SUBJECT}.${event.sweep_id}`, JSON.stringify(event));
  }
}
