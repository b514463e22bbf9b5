/**
 * The node agent: pulls tasks from the JetStream work queue, runs them on a piscina pool with
 * checkpoints in the JetStream object store (so a redelivered task resumes on any agent), keeps
 * the message alive with `working()` while it runs, streams progress to the coordinator over
 * gRPC, and acknowledges a message only after the coordinator confirms the result is stored.
 * Task handling is the plain runTask function; NATS and gRPC are injected (Temporal's worker /
 * task-handler split).
 */
import { hostname } from 'node:os';
import * as grpc from '@grpc/grpc-js';
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import { errorMessage, ENGINE_VERSION, taskId as taskIdOf, type TaskSpec } from '@ionsweep/shared';
import {
  unaryCall,
  type AgentServiceClient,
  type TaskAssignment__Output,
  type TaskProgress__Output as TaskProgress,
} from '@ionsweep/shared/net';
import { TaskPool, type PoolTask } from '../runtime/task-pool.js';
import { TaskAborted } from '../runtime/task-handler.js';
import {
  DEFAULT_TASK_QUEUE,
  ensureTaskQueue,
  queueConfig,
  TaskConsumer,
  type QueuedTask,
  type TaskOutcome,
  type TaskQueueConfig,
} from '../runtime/jetstream/task-queue.js';
import { objectStoreCheckpoints } from '../runtime/jetstream/checkpoint-object-store.js';
import { artifactBucket, objectStoreArtifacts } from '../runtime/jetstream/artifact-object-store.js';
import { DEFAULT_STORAGE, type JetStreamStorage } from '../runtime/jetstream/storage.js';
import type { ArtifactStore } from '../runtime/artifacts/artifact-store.js';
import type { CheckpointStore } from '../runtime/task-handler.js';
import type { Registry } from 'prom-client';
import { AgentMetrics, type AgentTaskOutcome } from './agent-metrics.js';

/** The coordinator publishes withdrawn task ids here (JSON `{ task_ids: [...] }`). */
export const CANCEL_SUBJECT = 'ionsweep.control.cancel';

export interface AgentOptions {
  client: AgentServiceClient;
  nc: NatsConnection;
  workers: number;
  /** threads inside each task's simulation (pair forces; default 1) */
  threadsPerTask?: number;
  agentId?: string;
  queue?: TaskQueueConfig;
  /** how long a stopping agent lets running tasks reach a checkpoint before ending them */
  stopGraceMs?: number;
  log?: (line: string) => void;
  /** where to register the agent's Prometheus metrics */
  registry?: Registry;
  /** replicas and bounds of the JetStream streams and stores (default: one server) */
  storage?: JetStreamStorage;
}

interface Running {
  task: PoolTask;
  atoms: number;
  abort: AbortController;
  withdrawn: boolean;
  lastProgress: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PROGRESS_EVERY_MS = 1000;

export class NodeAgent {
  readonly agentId: string;
  private queue: TaskQueueConfig;
  private readonly log: (line: string) => void;
  private readonly pool: TaskPool;
  private readonly running = new Map<string, Running>();
  private readonly loops: Promise<void>[] = [];
  private readonly metrics: AgentMetrics | null;
  private stopping = false;
  private heartbeat: NodeJS.Timeout | null = null;
  private cancelSub: Subscription | null = null;
  /** tasks' files go to the JetStream object store, set at start */
  private artifacts: ArtifactStore | null = null;
  /** deletes a stored task's checkpoints from the object store, set at start */
  private removeCheckpoints: (taskId: string) => Promise<void> = async () => {};
  private progressStream: grpc.ClientWritableStream<TaskProgress> | null = null;

  constructor(private readonly o: AgentOptions) {
    this.agentId = o.agentId ?? `${hostname()}-${process.pid}`;
    this.queue = o.queue ?? DEFAULT_TASK_QUEUE;
    this.log = o.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.pool = new TaskPool(o.workers);
    this.metrics = o.registry ? new AgentMetrics(o.registry, () => ({ busy: this.busy, total: o.workers })) : null;
  }

  get busy(): number {
    return this.running.size;
  }

  async start(): Promise<void> {
    const storage = this.o.storage ?? DEFAULT_STORAGE;
    await ensureTaskQueue(this.o.nc, { ...this.queue, replicas: storage.replicas });
    this.queue = await queueConfig(this.o.nc, this.queue); // heartbeats follow the server's ack wait
    const store = await objectStoreCheckpoints(this.o.nc, undefined, this.log, storage);
    this.removeCheckpoints = (id) => store.remove(id);
    const checkpoints: CheckpointStore = {
      load: (id) => store.load(id),
      save: async (id, bytes) => {
        await store.save(id, bytes);
        this.metrics?.checkpoint(bytes.length);
      },
    };
    this.artifacts = objectStoreArtifacts(await artifactBucket(this.o.nc, storage), storage);
    const interval = await this.register();
    this.heartbeat = setInterval(() => void this.beat(), interval);
    this.cancelSub = this.o.nc.subscribe(CANCEL_SUBJECT, {
      callback: (err, msg) => {
        if (err) return;
        const { task_ids } = msg.json<{ task_ids: string[] }>();
        for (const id of task_ids) this.withdraw(id);
      },
    });
    for (let i = 0; i < this.o.workers; i++) this.loops.push(this.loop(checkpoints));
  }

  /** Registers, retrying until the coordinator answers; resolves to the heartbeat interval. */
  private async register(): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      try {
        const r = await unaryCall(this.o.client, this.o.client.Register, {
          agent_id: this.agentId,
          hostname: hostname(),
          workers: this.o.workers,
          engine_version: ENGINE_VERSION,
        });
        return r.heartbeat_interval_ms || 5000;
      } catch (err) {
        if (this.stopping) return 5000;
        if (attempt === 0) this.log(`agent ${this.agentId}: cannot register yet (${errorMessage(err)}); retrying`);
        await sleep(Math.min(5000, 250 * 2 ** attempt));
      }
    }
  }

  private async beat(): Promise<void> {
    try {
      const r = await unaryCall(
        this.o.client,
        this.o.client.Heartbeat,
        {
          agent_id: this.agentId,
          busy_workers: this.busy,
          workers: this.o.workers,
          running_tasks: [...this.running.keys()],
        },
        5000,
      );
      if (!r.known) await this.register();
    } catch {
      // the coordinator is away; the next beat tries again
    }
  }

  private async loop(checkpoints: CheckpointStore): Promise<void> {
    const consumer = new TaskConsumer(this.o.nc, this.queue);
    while (!this.stopping) {
      try {
        await consumer.runOne(
          (t) =>
            this.handle(t, checkpoints).catch((err: unknown): TaskOutcome => {
              this.log(`agent ${this.agentId}: task ${t.taskId}: ${errorMessage(err)}; handed back to the queue`);
              return 'retry';
            }),
          2000,
        );
      } catch (err) {
        if (this.stopping || this.o.nc.isClosed()) break;
        this.log(`agent ${this.agentId}: pulling failed (${errorMessage(err)}); retrying`);
        await sleep(1000);
      }
    }
  }

  /** One delivered task, start to settle. */
  private async handle(t: QueuedTask, checkpoints: CheckpointStore): Promise<TaskOutcome> {
    if (this.stopping) return 'retry';
    this.metrics?.delivered(t.deliveryCount);
    const assignment = JSON.parse(new TextDecoder().decode(t.payload)) as TaskAssignment__Output;
    const spec = JSON.parse(assignment.spec_json) as TaskSpec;
    if (assignment.task_id !== t.taskId || taskIdOf(spec) !== t.taskId) {
      await this.reportFailure(t, 'the queued task does not match its id (corrupted message)', true);
      return 'failed';
    }
    const start = await this.withCoordinator(() =>
      unaryCall(this.o.client, this.o.client.StartTask, {
        agent_id: this.agentId,
        task_id: t.taskId,
        generation: assignment.generation,
        delivery: t.deliveryCount,
      }),
    );
    if (!start) return 'retry';
    if (!start.run) {
      this.settled(t.taskId, 'dropped', 0);
      this.log(`agent ${this.agentId}: task ${t.taskId} dropped: ${start.reason}`);
      return 'done';
    }
    const abort = new AbortController();
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    const run: Running = {
      abort,
      atoms: spec.system.counts.reduce((a, [, n]) => a + n, 0),
      withdrawn: false,
      lastProgress: 0,
      task: this.pool.run(t.taskId, spec, {
        checkpoints,
        artifacts: this.artifacts ?? undefined,
        signal: abort.signal,
        onProgress: (p) => this.progress(p),
        threads: this.o.threadsPerTask ?? 1,
      }),
    };
    this.running.set(t.taskId, run);
    try {
      const result = await run.task.result;
      const stored = await this.withCoordinator(() =>
        unaryCall(this.o.client, this.o.client.SubmitResult, {
          agent_id: this.agentId,
          task_id: t.taskId,
          result_json: JSON.stringify(result),
        }),
      );
      if (!stored) return this.settled(t.taskId, 'released', seconds(), 'retry');
      // stored (now or before): its checkpoints are of no more use
      await this.removeCheckpoints(t.taskId).catch((err: unknown) =>
        this.log(`agent ${this.agentId}: task ${t.taskId}: checkpoints not deleted (${errorMessage(err)})`),
      );
      this.settled(t.taskId, 'done', seconds(), 'done', result.steps, run.atoms);
      this.log(
        `agent ${this.agentId}: task ${t.taskId} done: ${result.steps} steps in ${result.seconds.toFixed(1)} s` +
          (result.resumedFromStep > 0 ? ` (resumed from step ${result.resumedFromStep})` : '') +
          (stored.first ? '' : ', result was already stored'),
      );
      return 'done';
    } catch (err) {
      if (run.withdrawn) {
        this.settled(t.taskId, 'dropped', seconds());
        this.log(`agent ${this.agentId}: task ${t.taskId} withdrawn by the coordinator; stopped`);
        return 'done';
      }
      if (this.stopping || err instanceof TaskAborted) return this.settled(t.taskId, 'released', seconds(), 'retry');
      this.settled(t.taskId, 'failed', seconds());
      await this.reportFailure(t, errorMessage(err), t.deliveryCount >= this.queue.maxDeliver);
      return 'retry';
    } finally {
      this.running.delete(t.taskId);
    }
  }

  private settled(
    taskId: string,
    outcome: AgentTaskOutcome,
    seconds: number,
    queue: TaskOutcome = 'done',
    finalStep?: number,
    atoms?: number,
  ): TaskOutcome {
    this.metrics?.finished(taskId, outcome, seconds, finalStep, atoms);
    return queue;
  }

  /**
   * Runs a coordinator call, retrying while the coordinator is unreachable or refuses this agent's
   * token (fixed by a new --token-file and SIGHUP); null when the agent stops first. Failing the
   * call instead would nak the task, and a few quick naks would use up its deliveries.
   */
  private async withCoordinator<T>(fn: () => Promise<T>): Promise<T | null> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        const code = (err as grpc.ServiceError).code;
        const waitFor = [grpc.status.UNAVAILABLE, grpc.status.DEADLINE_EXCEEDED, grpc.status.UNAUTHENTICATED];
        if (!waitFor.includes(code)) throw err;
        if (code === grpc.status.UNAUTHENTICATED && attempt === 0)
          this.log(
            `agent ${this.agentId}: the coordinator refuses this agent's token; holding the task until it is fixed (--token-file, then SIGHUP)`,
          );
        if (this.stopping && attempt >= 3) return null;
        await sleep(Math.min(5000, 250 * 2 ** attempt));
      }
    }
  }

  private async reportFailure(t: QueuedTask, error: string, final: boolean): Promise<void> {
    this.log(`agent ${this.agentId}: task ${t.taskId} failed (delivery ${t.deliveryCount}): ${error}`);
    await this.withCoordinator(() =>
      unaryCall(this.o.client, this.o.client.ReportFailure, {
        agent_id: this.agentId,
        task_id: t.taskId,
        error,
        delivery: t.deliveryCount,
        final,
      }),
    ).catch(() => {});
  }

  /** Progress to the coordinator, at most once a second per task, on one long-lived stream. */
  private progress(p: TaskProgress): void {
    const r = this.running.get(p.task_id);
    if (r) this.metrics?.progress(p, r.atoms);
    const now = Date.now();
    if (!r || (now - r.lastProgress < PROGRESS_EVERY_MS && p.step < p.total_steps)) return;
    r.lastProgress = now;
    if (!this.progressStream) {
      const stream = this.o.client.StreamProgress(() => {
        if (this.progressStream === stream) this.progressStream = null;
      });
      stream.on('error', () => {
        if (this.progressStream === stream) this.progressStream = null;
      });
      this.progressStream = stream;
    }
    this.progressStream.write(p);
  }

  /** The coordinator withdrew a task (its sweep was cancelled): end it now, drop the message. */
  private withdraw(taskId: string): void {
    const r = this.running.get(taskId);
    if (!r) return;
    r.withdrawn = true;
    r.abort.abort();
  }

  /**
   * Stops pulling, asks running tasks to stop at their next checkpoint (ending them after the
   * grace period), and hands their messages back to the queue for another agent.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const r of this.running.values()) r.task.stop();
    const grace = setTimeout(() => {
      for (const r of this.running.values()) r.abort.abort();
    }, this.o.stopGraceMs ?? 10_000);
    await Promise.all(this.loops);
    clearTimeout(grace);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.cancelSub?.unsubscribe();
    this.progressStream?.end();
    await this.pool.destroy();
  }
}
