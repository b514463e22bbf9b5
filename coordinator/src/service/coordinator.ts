/**
 * The coordinator's logic, independent of the transport: submissions are parsed, planned,
 * stored and executed (here on this machine's worker pool); status and results come from the
 * durable store; events feed WatchSweep streams. The gRPC server is a thin layer over it.
 */
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  InputError,
  parseForceField,
  parseSweep,
  type SweepStatus__Output as SweepStatus,
  type TaskProgress,
} from '@ionsweep/shared';
import { SqliteStore } from '../store/sqlite-store.js';
import { executeSweep, recordSweep, SweepCancelled } from '../embedded/run-sweep.js';

export class UnknownSweep extends Error {
  constructor(readonly sweepId: string) {
    super(`no sweep with id '${sweepId}'`);
    this.name = 'UnknownSweep';
  }
}

export interface CoordinatorOptions {
  dataDir: string;
  threads?: number;
}

export type CoordinatorEvent = { sweepId: string; status?: SweepStatus; progress?: TaskProgress };

const TERMINAL = new Set(['done', 'failed', 'cancelled']);
export const isTerminal = (state: string) => TERMINAL.has(state);

export class Coordinator {
  readonly store: SqliteStore;
  readonly events = new EventEmitter();
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly options: CoordinatorOptions) {
    mkdirSync(options.dataDir, { recursive: true });
    this.store = new SqliteStore(join(options.dataDir, 'ionsweep.db'));
    this.events.setMaxListeners(0);
  }

  submit(req: { sweep_yaml: string; sweep_file_name: string; forcefield_yaml: string; forcefield_file_name: string }) {
    const sweep = parseSweep(req.sweep_yaml, req.sweep_file_name || 'sweep.yaml');
    if (!req.forcefield_yaml) throw new InputError('forcefield', 'the request carries no force-field file');
    const forcefield = parseForceField(req.forcefield_yaml, req.forcefield_file_name || 'forcefield.yaml');
    const plan = recordSweep(this.store, sweep, forcefield);
    const { sweepId, specs, reused } = plan;
    if (!this.running.has(sweepId)) {
      const controller = new AbortController();
      this.running.set(sweepId, controller);
      this.emitStatus(sweepId);
      executeSweep({
        sweep,
        forcefield,
        store: this.store,
        checkpointDir: join(this.options.dataDir, 'checkpoints'),
        outDir: this.outDir(sweepId),
        threads: this.options.threads,
        signal: controller.signal,
        plan,
        onProgress: (p) => {
          if (p.task) this.events.emit('event', { sweepId, progress: p.task } satisfies CoordinatorEvent);
          else this.emitStatus(sweepId);
        },
      })
        .catch((err) => {
          if (!(err instanceof SweepCancelled))
            process.stderr.write(`sweep ${sweepId} failed: ${err instanceof Error ? err.message : String(err)}\n`);
        })
        .finally(() => {
          this.running.delete(sweepId);
          this.emitStatus(sweepId);
        });
    }
    return { sweep_id: sweepId, tasks: specs.size, reused };
  }

  status(sweepId: string): SweepStatus {
    const s = this.store.sweepStatus(sweepId);
    if (!s) throw new UnknownSweep(sweepId);
    return s;
  }

  list(): SweepStatus[] {
    return this.store.sweepIds().map((id) => this.status(id));
  }

  cancel(sweepId: string): SweepStatus {
    this.status(sweepId); // throws when unknown
    this.running.get(sweepId)?.abort();
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

  private outDir(sweepId: string): string {
    return join(this.options.dataDir, 'sweeps', sweepId);
  }

  private emitStatus(sweepId: string): void {
    this.events.emit('event', { sweepId, status: this.status(sweepId) } satisfies CoordinatorEvent);
  }

  async close(): Promise<void> {
    for (const c of this.running.values()) c.abort();
    const deadline = Date.now() + 10_000;
    while (this.running.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    this.store.close();
  }
}
