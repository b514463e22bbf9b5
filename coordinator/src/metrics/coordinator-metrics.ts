/**
 * The coordinator's Prometheus metrics: task and sweep states (read from the store at scrape
 * time), outcomes, the JetStream queue and object stores, agents, the data volume's free space,
 * and gRPC traffic by method and status code.
 * No task or sweep ids as labels. docs/operations.md explains each.
 */
import { statfsSync } from 'node:fs';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { SqliteStore } from '../store/sqlite-store.js';

export interface QueueStats {
  /** messages in the work-queue stream (queued or delivered and not yet acknowledged) */
  depth: number;
  /** delivered and not yet acknowledged */
  pendingAcks: number;
  /** the JetStream object stores: bytes held and their bound (max_bytes; -1: none) */
  stores: { store: string; bytes: number; maxBytes: number }[];
}

/** How often the queue numbers are read from JetStream. */
const QUEUE_REFRESH_MS = 2000;

export class CoordinatorMetrics {
  readonly tasksFinished: Counter<'outcome'>;
  readonly redeliveries: Counter;
  readonly lastSuccess: Gauge;
  private readonly grpcRequests: Counter<'method' | 'code'>;
  private readonly grpcSeconds: Histogram<'method' | 'code'>;
  private refresher: NodeJS.Timeout | null = null;

  constructor(
    registry: Registry,
    store: SqliteStore,
    sources: { queue?: () => Promise<QueueStats>; agents: () => number; dataDir?: string },
  ) {
    const registers = [registry];
    const tasks = new Gauge({
      name: 'ionsweep_tasks',
      help: 'tasks of running sweeps by state (queued, running, done, failed)',
      labelNames: ['state'],
      registers,
      collect: () => {
        const counts = store.runningTaskCounts();
        for (const state of ['queued', 'running', 'done', 'failed'] as const) tasks.set({ state }, counts[state]);
      },
    });
    const sweeps = new Gauge({
      name: 'ionsweep_sweeps',
      help: 'sweeps by state (running, done, failed, cancelled)',
      labelNames: ['state'],
      registers,
      collect: () => {
        const counts = store.sweepCounts();
        for (const state of ['running', 'done', 'failed', 'cancelled']) sweeps.set({ state }, counts[state] ?? 0);
      },
    });
    this.tasksFinished = new Counter({
      name: 'ionsweep_tasks_finished_total',
      help: 'tasks that ended, by outcome (done: result stored; failed: no delivery left; withdrawn: sweep cancelled)',
      labelNames: ['outcome'],
      registers,
    });
    for (const outcome of ['done', 'failed', 'withdrawn']) this.tasksFinished.inc({ outcome }, 0);
    this.redeliveries = new Counter({
      name: 'ionsweep_task_redeliveries_total',
      help: 'task starts on a delivery after the first (an agent died, failed or stopped)',
      registers,
    });
    this.lastSuccess = new Gauge({
      name: 'ionsweep_last_task_success_timestamp_seconds',
      help: 'Unix time of the last stored task result (the process start until the first)',
      registers,
    });
    // a (re)start starts the clock: left at 0, `time() − last success > 2 h` would call every
    // restarted coordinator's sweeps stalled at once
    this.lastSuccess.set(Date.now() / 1000);
    new Gauge({
      name: 'ionsweep_agents',
      help: 'agents that sent a heartbeat within the last three intervals',
      registers,
      collect() {
        this.set(sources.agents());
      },
    });
    if (sources.dataDir) {
      const dir = sources.dataDir;
      // a local statfs: cheap, and the store and outputs live there
      new Gauge({
        name: 'ionsweep_data_free_bytes',
        help: 'bytes free to the coordinator on its data volume (SQLite store, outputs)',
        registers,
        collect() {
          const f = statfsSync(dir);
          this.set(f.bavail * f.bsize);
        },
      });
      new Gauge({
        name: 'ionsweep_data_size_bytes',
        help: 'size of the coordinator’s data volume',
        registers,
        collect() {
          const f = statfsSync(dir);
          this.set(f.blocks * f.bsize);
        },
      });
    }
    if (sources.queue) {
      const queue = sources.queue;
      const depth = new Gauge({
        name: 'ionsweep_queue_depth',
        help: 'messages in the JetStream work queue (queued plus delivered and not yet acknowledged)',
        registers,
      });
      const pending = new Gauge({
        name: 'ionsweep_queue_pending_acks',
        help: 'tasks delivered to agents and not yet acknowledged',
        registers,
      });
      const storeBytes = new Gauge({
        name: 'ionsweep_jetstream_store_bytes',
        help: 'bytes held by each JetStream object store (checkpoints, artifacts)',
        labelNames: ['store'],
        registers,
      });
      const storeMax = new Gauge({
        name: 'ionsweep_jetstream_store_max_bytes',
        help: 'the bound of each JetStream object store (max_bytes; -1: unbounded)',
        labelNames: ['store'],
        registers,
      });
      // read in the background, never during a scrape: with NATS down a JetStream call takes
      // seconds, and a slow /metrics fails liveness probes (the numbers then just age)
      let readAt = Date.now();
      new Gauge({
        name: 'ionsweep_queue_stats_age_seconds',
        help: 'age of the queue numbers: they are read from JetStream in the background, and grow old while NATS is unreachable',
        registers,
        collect() {
          this.set((Date.now() - readAt) / 1000);
        },
      });
      const refresh = () =>
        void queue().then(
          (q) => {
            depth.set(q.depth);
            pending.set(q.pendingAcks);
            for (const st of q.stores) {
              storeBytes.set({ store: st.store }, st.bytes);
              storeMax.set({ store: st.store }, st.maxBytes);
            }
            readAt = Date.now();
          },
          () => {},
        );
      refresh();
      this.refresher = setInterval(refresh, QUEUE_REFRESH_MS);
      this.refresher.unref();
    }
    this.grpcRequests = new Counter({
      name: 'ionsweep_grpc_requests_total',
      help: 'gRPC requests served, by method and status code',
      labelNames: ['method', 'code'],
      registers,
    });
    this.grpcSeconds = new Histogram({
      name: 'ionsweep_grpc_request_duration_seconds',
      help: 'gRPC request handling time by method and status code (unary calls)',
      labelNames: ['method', 'code'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
  }

  /** Stops reading the queue in the background. */
  close(): void {
    if (this.refresher) clearInterval(this.refresher);
  }

  grpc(method: string, code: string, seconds?: number): void {
    this.grpcRequests.inc({ method, code });
    if (seconds !== undefined) this.grpcSeconds.observe({ method, code }, seconds);
  }
}
