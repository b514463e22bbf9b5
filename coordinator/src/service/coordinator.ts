/**
 * The coordinator's logic, independent of the transport. Submissions are parsed, planned and
 * stored; their pending tasks then run either here, on this machine's worker pool (no
 * dispatcher), or on node agents, through the JetStream work queue (a dispatcher). Agents ask
 * whether to run a delivered task, stream progress and hand in results, which are stored once;
 * a sweep whose tasks all have results is aggregated. Status and results come from the durable
 * store; events feed WatchSweep streams and NATS subjects. The gRPC servers are thin layers.
 */
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage, InputError, parseForceField, parseSweep, type TaskSpec } from '@ionsweep/shared';
import type { SweepStatus__Output as SweepStatus, TaskProgress__Output as TaskProgress } from '@ionsweep/shared/net';
import { readArtifactDir } from '@ionsweep/node-agent';
import { SqliteStore } from '../store/sqlite-store.js';
import { executeSweep, finishSweep, growAdaptive, recordSweep, SweepCancelled } from '../embedded/run-sweep.js';
import type { Dispatcher } from '../dispatch/jetstream-dispatcher.js';
import { CoordinatorMetrics } from '../metrics/coordinator-metrics.js';
import type { Registry } from 'prom-client';

export class UnknownSweep extends Error {
  constructor(readonly sweepId: string) {
    super(`no sweep with id '${sweepId}'`);
    this.name = 'UnknownSweep';
  }
}

export interface CoordinatorOptions {
  dataDir: string;
  threads?: number;
  /** run tasks on node agents through this dispatcher instead of on this machine */
  dispatcher?: Dispatcher;
  /** where to register the coordinator's Prometheus metrics */
  registry?: Registry;
  /** a task's files (agents' object store); default: those tasks run here left in DATA/artifacts */
  artifacts?: ArtifactReader;
  log?: (line: string) => void;
}

/** A task's files by name, checked against its manifest; null when it left none. */
export type ArtifactReader = (taskId: string) => Promise<Map<string, Uint8Array> | null>;

export type CoordinatorEvent = { sweepId: string; status?: SweepStatus; progress?: TaskProgress };

export interface AgentInfo {
  agentId: string;
  hostname: string;
  workers: number;
  busy: number;
  running: string[];
  lastSeen: number;
}

const TERMINAL = new Set(['done', 'failed', 'cancelled']);
export const isTerminal = (state: string) => TERMINAL.has(state);

export class Coordinator {
  readonly store: SqliteStore;
  readonly events = new EventEmitter();
  readonly agents = new Map<string, AgentInfo>();
  readonly metrics: CoordinatorMetrics | null;
  /** heartbeat interval the agents are told to keep (an agent silent for three is counted gone) */
  heartbeatIntervalMs = 5000;
  /** sweeps executing on this machine (local mode) */
  private readonly running = new Map<string, AbortController>();
  private readonly log: (line: string) => void;

  constructor(private readonly options: CoordinatorOptions) {
    mkdirSync(options.dataDir, { recursive: true });
    this.store = new SqliteStore(join(options.dataDir, 'ionsweep.db'));
    this.events.setMaxListeners(0);
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    const dispatcher = options.dispatcher;
    this.metrics = options.registry
      ? new CoordinatorMetrics(options.registry, this.store, {
          queue: dispatcher ? () => dispatcher.queueStats() : undefined,
          agents: () => this.liveAgents().length,
          dataDir: options.dataDir,
        })
      : null;
  }

  liveAgents(): AgentInfo[] {
    const since = Date.now() - 3 * this.heartbeatIntervalMs;
    return [...this.agents.values()].filter((a) => a.lastSeen >= since);
  }

  /** Picks up sweeps that were running when the coordinator stopped. */
  async resume(): Promise<void> {
    for (const sweepId of this.store.sweepIdsWithState('running')) await this.start(sweepId);
  }

  async submit(req: {
    sweep_yaml: string;
    sweep_file_name: string;
    forcefield_yaml: string;
    forcefield_file_name: string;
  }) {
    const sweep = parseSweep(req.sweep_yaml, req.sweep_file_name || 'sweep.yaml');
    if (!req.forcefield_yaml) throw new InputError('forcefield', 'the request carries no force-field file');
    const forcefield = parseForceField(req.forcefield_yaml, req.forcefield_file_name || 'forcefield.yaml');
    const { sweepId, specs, reused } = recordSweep(this.store, sweep, forcefield);
    await this.start(sweepId);
    return { sweep_id: sweepId, tasks: specs.size, reused };
  }

  private async start(sweepId: string): Promise<void> {
    this.emitStatus(sweepId);
    const pending = this.store.pendingTasks(sweepId);
    if (pending.length === 0) return this.settle(sweepId);
    if (this.options.dispatcher) {
      for (const { taskId, spec } of pending) {
        const state = this.store.taskState(taskId)?.state;
        // a task that failed for good is dispatched anew: its old message id is spent (de-duplication)
        if (state === 'failed') this.store.withdraw([taskId]);
        else if (state !== 'running') this.store.setState(taskId, 'queued');
        await this.options.dispatcher.dispatch(taskId, spec, this.store.generation(taskId), this.store.storeId);
      }
    } else this.executeLocally(sweepId);
  }

  private executeLocally(sweepId: string): void {
    if (this.running.has(sweepId)) return;
    const plan = this.store.sweepPlan(sweepId)!;
    const specs = new Map<string, TaskSpec>(this.store.pendingTasks(sweepId).map((t) => [t.taskId, t.spec]));
    const controller = new AbortController();
    this.running.set(sweepId, controller);
    executeSweep({
      sweep: plan.sweep,
      store: this.store,
      checkpointDir: join(this.options.dataDir, 'checkpoints'),
      artifactDir: join(this.options.dataDir, 'artifacts'),
      outDir: this.outDir(sweepId),
      threads: this.options.threads,
      signal: controller.signal,
      plan: { sweepId, specs, placements: plan.placements, reused: plan.placements.length - specs.size },
      onTaskStored: () => this.taskStored(),
      onProgress: (p) => {
        if (p.task) this.events.emit('event', { sweepId, progress: p.task } satisfies CoordinatorEvent);
        else this.emitStatus(sweepId);
      },
    })
      .catch((err) => {
        if (!(err instanceof SweepCancelled)) this.log(`sweep ${sweepId} failed: ${errorMessage(err)}`);
      })
      .finally(() => {
        this.running.delete(sweepId);
        this.emitStatus(sweepId);
      });
  }

  status(sweepId: string): SweepStatus {
    const s = this.store.sweepStatus(sweepId);
    if (!s) throw new UnknownSweep(sweepId);
    return s;
  }

  list(): SweepStatus[] {
    return this.store.sweepIds().map((id) => this.status(id));
  }

  async cancel(sweepId: string): Promise<SweepStatus> {
    if (this.status(sweepId).state !== 'running') return this.status(sweepId);
    if (this.options.dispatcher) {
      this.store.setSweepStatus(sweepId, 'cancelled');
      // a task another running sweep still wants keeps going
      const ids = this.store
        .pendingTasks(sweepId)
        .map((t) => t.taskId)
        .filter((id) => this.store.runningSweepsOf(id).length === 0);
      this.store.withdraw(ids);
      this.metrics?.tasksFinished.inc({ outcome: 'withdrawn' }, ids.length);
      await this.options.dispatcher.withdraw(ids);
      this.emitStatus(sweepId);
    } else {
      this.store.setSweepStatus(sweepId, 'cancelled');
      this.running.get(sweepId)?.abort();
    }
    return this.status(sweepId);
  }

  results(sweepId: string): { sweep_id: string; results_json: string; results_csv: string } {
    const st = this.status(sweepId);
    const dir = this.outDir(sweepId);
    if (st.state !== 'done' || !existsSync(join(dir, 'results.json'))) {
      throw new InputError(
        'sweep_id',
        `sweep ${sweepId} has no results yet (state: ${st.state}, ${st.done}/${st.tasks} tasks done)`,
      );
    }
    return {
      sweep_id: sweepId,
      results_json: readFileSync(join(dir, 'results.json'), 'utf8'),
      results_csv: readFileSync(join(dir, 'results.csv'), 'utf8'),
    };
  }

  /**
   * The files the sweep's tasks (or the one named) left, task after task; a task that left none
   * comes with null.
   */
  async *artifacts(
    sweepId: string,
    taskId = '',
  ): AsyncGenerator<{ taskId: string; files: Map<string, Uint8Array> | null }> {
    const plan = this.store.sweepPlan(sweepId);
    if (!plan) throw new UnknownSweep(sweepId);
    const ids = [...new Set(plan.placements.map((p) => p.taskId))];
    if (taskId && !ids.includes(taskId)) throw new InputError('task_id', `sweep ${sweepId} has no task ${taskId}`);
    const read =
      this.options.artifacts ?? (async (id: string) => readArtifactDir(join(this.options.dataDir, 'artifacts'), id));
    for (const id of taskId ? [taskId] : ids) yield { taskId: id, files: await read(id) };
  }

  // ---- the agents' side --------------------------------------------------------------------

  register(agentId: string, hostname: string, workers: number): void {
    this.agents.set(agentId, { agentId, hostname, workers, busy: 0, running: [], lastSeen: Date.now() });
    this.log(`agent ${agentId} (${hostname}, ${workers} workers) registered`);
  }

  /** false when the agent is unknown (this coordinator restarted): it should register again */
  heartbeat(agentId: string, busy: number, workers: number, running: string[]): boolean {
    const a = this.agents.get(agentId);
    if (!a) return false;
    Object.assign(a, { busy, workers, running, lastSeen: Date.now() });
    return true;
  }

  /** Whether a delivered task should run: not when stored, withdrawn since, or wanted by no sweep. */
  startTask(taskId: string, generation: number, delivery: number): { run: boolean; reason: string } {
    if (this.store.hasResult(taskId)) return { run: false, reason: 'its result is already stored' };
    if (generation !== this.store.generation(taskId)) return { run: false, reason: 'it was withdrawn after queueing' };
    const sweeps = this.store.runningSweepsOf(taskId);
    if (sweeps.length === 0) return { run: false, reason: 'no running sweep wants it' };
    this.store.setState(taskId, 'running');
    if (delivery > 1) this.metrics?.redeliveries.inc();
    for (const sweepId of sweeps) this.emitStatus(sweepId);
    return { run: true, reason: '' };
  }

  progress(p: TaskProgress): void {
    for (const sweepId of this.store.runningSweepsOf(p.task_id))
      this.events.emit('event', { sweepId, progress: p } satisfies CoordinatorEvent);
  }

  /** Stores a result (once); returns false when the task already had one. */
  submitResult(taskId: string, resultJson: string): boolean {
    const first = this.store.putResult(taskId, resultJson);
    if (first) this.taskStored();
    for (const sweepId of this.store.runningSweepsOf(taskId)) this.settle(sweepId);
    return first;
  }

  reportFailure(agentId: string, taskId: string, error: string, final: boolean): void {
    this.log(`task ${taskId} failed on agent ${agentId}${final ? ' (no delivery left)' : ''}: ${error}`);
    if (this.store.hasResult(taskId)) return;
    this.store.setState(taskId, final ? 'failed' : 'queued', error);
    if (final) this.metrics?.tasksFinished.inc({ outcome: 'failed' });
    for (const sweepId of this.store.runningSweepsOf(taskId)) this.settle(sweepId);
  }

  private taskStored(): void {
    this.metrics?.tasksFinished.inc({ outcome: 'done' });
    this.metrics?.lastSuccess.set(Date.now() / 1000);
  }

  /** Ends a running sweep whose tasks are all done (aggregate) or some failed for good. */
  private settle(sweepId: string): void {
    const s = this.status(sweepId);
    if (s.state !== 'running') return;
    if (s.done + s.failed < s.tasks || this.running.has(sweepId)) return this.emitStatus(sweepId);
    if (s.failed > 0) this.store.setSweepStatus(sweepId, 'failed');
    else {
      const plan = this.store.sweepPlan(sweepId)!;
      // adaptive sweeps: the points that miss their target get more replicas, dispatched like the rest
      if (growAdaptive(this.store, sweepId, plan.sweep, plan.placements)) {
        this.start(sweepId).catch((err) =>
          this.log(`sweep ${sweepId}: dispatching more replicas failed: ${errorMessage(err)}`),
        );
        return;
      }
      finishSweep(this.store, sweepId, plan.sweep, plan.placements, this.outDir(sweepId));
    }
    this.emitStatus(sweepId);
  }

  private outDir(sweepId: string): string {
    return join(this.options.dataDir, 'sweeps', sweepId);
  }

  private emitStatus(sweepId: string): void {
    const status = this.status(sweepId);
    this.events.emit('event', { sweepId, status } satisfies CoordinatorEvent);
    this.options.dispatcher?.publishEvent({ sweep_id: sweepId, status });
  }

  async close(): Promise<void> {
    this.metrics?.close();
    for (const c of this.running.values()) c.abort();
    const deadline = Date.now() + 10_000;
    while (this.running.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    this.store.close();
  }
}
