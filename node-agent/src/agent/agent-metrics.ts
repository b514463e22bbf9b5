/**
 * An agent's Prometheus metrics. Names follow Prometheus conventions (ionsweep_ prefix, base
 * units, _total counters); no task or sweep ids as labels: the agent is the scrape target's
 * instance. docs/operations.md explains each.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { TaskProgress__Output as TaskProgress } from '@ionsweep/shared/net';

export type AgentTaskOutcome = 'done' | 'failed' | 'dropped' | 'released';

export class AgentMetrics {
  private readonly steps: Counter;
  private readonly atomSteps: Counter;
  private readonly stepSeconds: Histogram;
  private readonly taskSeconds: Histogram;
  private readonly tasks: Counter<'outcome'>;
  private readonly redeliveries: Counter;
  private readonly nsPerDay: Gauge;
  private readonly workers: Gauge<'state'>;
  private readonly checkpointWrites: Counter;
  private readonly checkpointBytes: Counter;
  private readonly lastSuccess: Gauge;
  /** last progress seen per running task: step and time, for step deltas */
  private readonly last = new Map<string, { step: number; at: number; nsPerDay: number }>();

  constructor(registry: Registry, workers: () => { busy: number; total: number }) {
    const registers = [registry];
    this.steps = new Counter({ name: 'ionsweep_md_steps_total', help: 'MD timesteps integrated', registers });
    this.atomSteps = new Counter({
      name: 'ionsweep_md_atom_steps_total',
      help: 'MD timesteps times atoms (work done, comparable across system sizes)',
      registers,
    });
    this.stepSeconds = new Histogram({
      name: 'ionsweep_md_step_seconds',
      help: 'wall time per MD timestep, averaged between progress reports',
      buckets: [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1],
      registers,
    });
    this.taskSeconds = new Histogram({
      name: 'ionsweep_task_duration_seconds',
      help: 'wall time of a task run on this agent, start (or resume) to result',
      buckets: [1, 5, 15, 60, 300, 900, 1800, 3600, 7200, 14400, 43200],
      registers,
    });
    this.tasks = new Counter({
      name: 'ionsweep_agent_tasks_total',
      help: 'tasks this agent settled, by outcome (done, failed, dropped: not wanted any more, released: handed back on stop)',
      labelNames: ['outcome'],
      registers,
    });
    for (const outcome of ['done', 'failed', 'dropped', 'released']) this.tasks.inc({ outcome }, 0);
    this.redeliveries = new Counter({
      name: 'ionsweep_task_redeliveries_total',
      help: 'tasks received that had been delivered before (another agent died, failed or stopped)',
      registers,
    });
    this.nsPerDay = new Gauge({
      name: 'ionsweep_agent_ns_per_day',
      help: 'simulated nanoseconds per day, summed over the tasks running on this agent',
      registers,
      collect: () => this.nsPerDay.set([...this.last.values()].reduce((a, l) => a + l.nsPerDay, 0)),
    });
    this.workers = new Gauge({
      name: 'ionsweep_workers',
      help: 'MD worker threads by state (busy, idle)',
      labelNames: ['state'],
      registers,
      collect: () => {
        const w = workers();
        this.workers.set({ state: 'busy' }, w.busy);
        this.workers.set({ state: 'idle' }, w.total - w.busy);
      },
    });
    this.checkpointWrites = new Counter({
      name: 'ionsweep_checkpoint_writes_total',
      help: 'checkpoints written to the object store',
      registers,
    });
    this.checkpointBytes = new Counter({
      name: 'ionsweep_checkpoint_bytes_total',
      help: 'bytes of checkpoints written to the object store',
      registers,
    });
    this.lastSuccess = new Gauge({
      name: 'ionsweep_last_task_success_timestamp_seconds',
      help: 'Unix time of the last task this agent finished with a stored result',
      registers,
    });
  }

  delivered(deliveryCount: number): void {
    if (deliveryCount > 1) this.redeliveries.inc();
  }

  progress(p: TaskProgress, atoms: number): void {
    const now = performance.now();
    const prev = this.last.get(p.task_id);
    this.last.set(p.task_id, { step: p.step, at: now, nsPerDay: p.ns_per_day });
    if (!prev || p.step <= prev.step) return;
    const steps = p.step - prev.step;
    this.steps.inc(steps);
    this.atomSteps.inc(steps * atoms);
    this.stepSeconds.observe((now - prev.at) / 1000 / steps);
  }

  checkpoint(bytes: number): void {
    this.checkpointWrites.inc();
    this.checkpointBytes.inc(bytes);
  }

  /** `finalStep`: the step a finished task ended at (its steps since the last report count too) */
  finished(taskId: string, outcome: AgentTaskOutcome, seconds: number, finalStep?: number, atoms = 0): void {
    const prev = this.last.get(taskId);
    if (prev && finalStep !== undefined && finalStep > prev.step) {
      this.steps.inc(finalStep - prev.step);
      this.atomSteps.inc((finalStep - prev.step) * atoms);
    }
    this.last.delete(taskId);
    this.tasks.inc({ outcome });
    if (outcome === 'done') {
      this.taskSeconds.observe(seconds);
      this.lastSuccess.set(Date.now() / 1000);
    }
  }
}
