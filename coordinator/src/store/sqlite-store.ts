/**
 * The coordinator's durable store: embedded SQLite (better-sqlite3), one file, survives restarts.
 *
 * Schema (version 2):
 *   sweeps(id TEXT PK, name, spec_json, created_at, status)           -- one row per submitted sweep
 *   tasks(id TEXT PK, spec_json, created_at)                          -- id = content hash of the spec
 *   sweep_tasks(sweep_id, task_id, point_index, x, m, temperature, replica, PK(sweep_id, task_id))
 *   results(task_id TEXT PK, result_json, stored_at)                  -- at most one result per task
 *   task_state(task_id TEXT PK, state, attempts, error, updated_at,   -- queued | running | done | failed
 *              generation)                                         -- dispatches of the task so far, minus one
 * meta holds schema_version and store_id (random, set when the store is created: it tells this
 * store's dispatches apart from another store's in the queue's de-duplication window).
 * Version 1 lacked task_state.generation; opening a version-1 store adds it (0 for every task).
 * A result is inserted with INSERT OR IGNORE on the task id: storing it twice is harmless and
 * leaves the first.
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { SweepSpec, TaskPlacement, TaskSpec } from '@ionsweep/shared';
import type { SweepStatus__Output } from '@ionsweep/shared/net';

export const SCHEMA_VERSION = 2;

export type TaskState = 'queued' | 'running' | 'done' | 'failed';

/**
 * Every statement a store prepares, and its database, kept for the life of the process. With
 * better-sqlite3 12 on Node 24, a Statement that the garbage collector frees outside a JavaScript
 * context aborts the process (`Assertion failed: (env) != nullptr` in
 * node::RemoveEnvironmentCleanupHook, from Statement::~Statement: every embedded sweep on Node
 * 24.21, measured). Prepared once per SQL text and never freed, none ever is; they are a few
 * dozen per store. (better-sqlite3 13 avoids it, but needs Node ≥ 22.)
 */
const RETAINED: unknown[] = [];

export class SqliteStore {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  /** random id of this store, made when it was created */
  readonly storeId: string;

  constructor(path: string) {
    this.db = new Database(path);
    RETAINED.push(this.db);
    // exec, not pragma(): pragma() prepares a statement that would be freed (see RETAINED)
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS sweeps (id TEXT PRIMARY KEY, name TEXT NOT NULL, spec_json TEXT NOT NULL, created_at TEXT NOT NULL, status TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS tasks (id TEXT PRIMARY KEY, spec_json TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS sweep_tasks (
        sweep_id TEXT NOT NULL, task_id TEXT NOT NULL, point_index INTEGER NOT NULL, x REAL NOT NULL, m REAL NOT NULL,
        temperature REAL NOT NULL, replica INTEGER NOT NULL, PRIMARY KEY (sweep_id, task_id));
      CREATE TABLE IF NOT EXISTS results (task_id TEXT PRIMARY KEY, result_json TEXT NOT NULL, stored_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS task_state (task_id TEXT PRIMARY KEY, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, error TEXT, updated_at TEXT NOT NULL, generation INTEGER NOT NULL DEFAULT 0);
    `);
    const v = this.sql(`SELECT value FROM meta WHERE key = 'schema_version'`).get() as { value: string } | undefined;
    if (!v) this.sql(`INSERT INTO meta (key, value) VALUES ('schema_version', ?)`).run(String(SCHEMA_VERSION));
    else if (Number(v.value) === 1) this.migrateFrom1();
    else if (Number(v.value) !== SCHEMA_VERSION)
      throw new Error(`store ${path} has schema version ${v.value}; this build reads ${SCHEMA_VERSION}`);
    this.sql(`INSERT OR IGNORE INTO meta (key, value) VALUES ('store_id', ?)`).run(randomUUID().slice(0, 8));
    this.storeId = (this.sql(`SELECT value FROM meta WHERE key = 'store_id'`).get() as { value: string }).value;
  }

  /** The statement for this SQL, prepared once (see RETAINED). */
  private sql(text: string): Database.Statement {
    let st = this.statements.get(text);
    if (!st) {
      st = this.db.prepare(text);
      this.statements.set(text, st);
      RETAINED.push(st);
    }
    return st;
  }

  private migrateFrom1(): void {
    this.db.transaction(() => {
      this.db.exec(`ALTER TABLE task_state ADD COLUMN generation INTEGER NOT NULL DEFAULT 0`);
      this.sql(`UPDATE meta SET value = ? WHERE key = 'schema_version'`).run(String(SCHEMA_VERSION));
    })();
  }

  /** Records a sweep and its tasks (idempotent). */
  recordSweep(
    sweepId: string,
    name: string,
    specJson: string,
    specs: Map<string, TaskSpec>,
    placements: TaskPlacement[],
  ): void {
    const now = new Date().toISOString();
    const tx = this.db.transaction(() => {
      this.sql(
        `INSERT INTO sweeps (id, name, spec_json, created_at, status) VALUES (?, ?, ?, ?, 'running') ON CONFLICT(id) DO UPDATE SET status = 'running'`,
      ).run(sweepId, name, specJson, now);
      const task = this.sql(`INSERT OR IGNORE INTO tasks (id, spec_json, created_at) VALUES (?, ?, ?)`);
      for (const [id, spec] of specs) task.run(id, JSON.stringify(spec), now);
      const link = this.sql(
        `INSERT OR IGNORE INTO sweep_tasks (sweep_id, task_id, point_index, x, m, temperature, replica) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const p of placements) link.run(sweepId, p.taskId, p.pointIndex, p.x, p.m, p.temperature, p.replica);
    });
    tx();
  }

  hasResult(taskId: string): boolean {
    return this.sql(`SELECT 1 FROM results WHERE task_id = ?`).get(taskId) !== undefined;
  }

  /** Stores a result once; returns false when the task already had one. */
  putResult(taskId: string, resultJson: string): boolean {
    const now = new Date().toISOString();
    const tx = this.db.transaction(() => {
      const r = this.sql(`INSERT OR IGNORE INTO results (task_id, result_json, stored_at) VALUES (?, ?, ?)`).run(
        taskId,
        resultJson,
        now,
      );
      this.setState(taskId, 'done');
      return r.changes === 1;
    });
    return tx();
  }

  getResult<T>(taskId: string): T | null {
    const row = this.sql(`SELECT result_json FROM results WHERE task_id = ?`).get(taskId) as
      { result_json: string } | undefined;
    return row ? (JSON.parse(row.result_json) as T) : null;
  }

  setState(taskId: string, state: TaskState, error: string | null = null): void {
    this.sql(
      `INSERT INTO task_state (task_id, state, attempts, error, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(task_id) DO UPDATE SET state = excluded.state, error = excluded.error, updated_at = excluded.updated_at,
           attempts = task_state.attempts + (CASE WHEN excluded.state = 'running' THEN 1 ELSE 0 END)`,
    ).run(taskId, state, state === 'running' ? 1 : 0, error, new Date().toISOString());
  }

  /** The task's dispatch generation (0 until it is first withdrawn). */
  generation(taskId: string): number {
    const row = this.sql(`SELECT generation FROM task_state WHERE task_id = ?`).get(taskId) as
      { generation: number } | undefined;
    return row?.generation ?? 0;
  }

  /** Withdrawn tasks: back to queued, with a new generation so a later dispatch is not a duplicate. */
  withdraw(taskIds: string[]): void {
    const now = new Date().toISOString();
    const stmt = this.sql(
      `INSERT INTO task_state (task_id, state, updated_at, generation) VALUES (?, 'queued', ?, 1)
       ON CONFLICT(task_id) DO UPDATE SET state = 'queued', updated_at = excluded.updated_at, generation = task_state.generation + 1`,
    );
    this.db.transaction(() => taskIds.forEach((id) => stmt.run(id, now)))();
  }

  taskState(taskId: string): { state: TaskState; attempts: number; error: string | null } | null {
    return (
      (this.sql(`SELECT state, attempts, error FROM task_state WHERE task_id = ?`).get(taskId) as
        { state: TaskState; attempts: number; error: string | null } | undefined) ?? null
    );
  }

  sweepState(sweepId: string): string | null {
    const row = this.sql(`SELECT status FROM sweeps WHERE id = ?`).get(sweepId) as { status: string } | undefined;
    return row?.status ?? null;
  }

  /** The sweep as submitted and where its tasks sit, for aggregation. */
  sweepPlan(sweepId: string): { sweep: SweepSpec; placements: TaskPlacement[] } | null {
    const row = this.sql(`SELECT spec_json FROM sweeps WHERE id = ?`).get(sweepId) as { spec_json: string } | undefined;
    if (!row) return null;
    const placements = (
      this.sql(
        `SELECT task_id, point_index, x, m, temperature, replica FROM sweep_tasks WHERE sweep_id = ? ORDER BY rowid`,
      ).all(sweepId) as {
        task_id: string;
        point_index: number;
        x: number;
        m: number;
        temperature: number;
        replica: number;
      }[]
    ).map((r) => ({
      taskId: r.task_id,
      pointIndex: r.point_index,
      x: r.x,
      m: r.m,
      temperature: r.temperature,
      replica: r.replica,
    }));
    return { sweep: JSON.parse(row.spec_json) as SweepSpec, placements };
  }

  /** A sweep's tasks without a stored result, with their specs. */
  pendingTasks(sweepId: string): { taskId: string; spec: TaskSpec }[] {
    return (
      this.sql(
        `SELECT st.task_id, t.spec_json FROM sweep_tasks st JOIN tasks t ON t.id = st.task_id
           LEFT JOIN results r ON r.task_id = st.task_id WHERE st.sweep_id = ? AND r.task_id IS NULL ORDER BY st.rowid`,
      ).all(sweepId) as { task_id: string; spec_json: string }[]
    ).map((r) => ({ taskId: r.task_id, spec: JSON.parse(r.spec_json) as TaskSpec }));
  }

  /** Running sweeps that include a task. */
  runningSweepsOf(taskId: string): string[] {
    return (
      this.sql(
        `SELECT s.id FROM sweep_tasks st JOIN sweeps s ON s.id = st.sweep_id WHERE st.task_id = ? AND s.status = 'running'`,
      ).all(taskId) as { id: string }[]
    ).map((r) => r.id);
  }

  /** Tasks of running sweeps by state (a task with a result is done whatever its state row says). */
  runningTaskCounts(): Record<TaskState, number> {
    const rows = this.sql(
      `SELECT CASE WHEN r.task_id IS NOT NULL THEN 'done' ELSE COALESCE(s.state, 'queued') END AS state, COUNT(*) AS n
         FROM (SELECT DISTINCT st.task_id FROM sweep_tasks st JOIN sweeps w ON w.id = st.sweep_id WHERE w.status = 'running') t
         LEFT JOIN results r ON r.task_id = t.task_id LEFT JOIN task_state s ON s.task_id = t.task_id GROUP BY 1`,
    ).all() as { state: TaskState; n: number }[];
    const counts: Record<TaskState, number> = { queued: 0, running: 0, done: 0, failed: 0 };
    for (const r of rows) counts[r.state] += r.n;
    return counts;
  }

  sweepCounts(): Record<string, number> {
    const rows = this.sql(`SELECT status, COUNT(*) AS n FROM sweeps GROUP BY status`).all() as {
      status: string;
      n: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  sweepIdsWithState(state: string): string[] {
    return (this.sql(`SELECT id FROM sweeps WHERE status = ? ORDER BY created_at`).all(state) as { id: string }[]).map(
      (r) => r.id,
    );
  }

  setSweepStatus(sweepId: string, status: string): void {
    this.sql(`UPDATE sweeps SET status = ? WHERE id = ?`).run(status, sweepId);
  }

  /** The newest sweep's spec (JSON as recorded), or null. */
  latestSweep(): { id: string; specJson: string } | null {
    const row = this.sql(`SELECT id, spec_json FROM sweeps ORDER BY created_at DESC LIMIT 1`).get() as
      { id: string; spec_json: string } | undefined;
    return row ? { id: row.id, specJson: row.spec_json } : null;
  }

  /** Specs and placements of a sweep's tasks. */
  sweepTasks(
    sweepId: string,
  ): { taskId: string; specJson: string; x: number; m: number; temperature: number; replica: number }[] {
    return (
      this.sql(
        `SELECT st.task_id, t.spec_json, st.x, st.m, st.temperature, st.replica FROM sweep_tasks st JOIN tasks t ON t.id = st.task_id WHERE st.sweep_id = ? ORDER BY st.x, st.m, st.temperature, st.replica`,
      ).all(sweepId) as {
        task_id: string;
        spec_json: string;
        x: number;
        m: number;
        temperature: number;
        replica: number;
      }[]
    ).map((r) => ({
      taskId: r.task_id,
      specJson: r.spec_json,
      x: r.x,
      m: r.m,
      temperature: r.temperature,
      replica: r.replica,
    }));
  }

  /** Status and task counts of a sweep (the wire message itself), or null when unknown. */
  sweepStatus(sweepId: string): SweepStatus__Output | null {
    const sweep = this.sql(`SELECT id, name, status FROM sweeps WHERE id = ?`).get(sweepId) as
      { id: string; name: string; status: string } | undefined;
    if (!sweep) return null;
    const counts = this.sql(
      `SELECT COUNT(*) AS tasks,
                SUM(CASE WHEN r.task_id IS NOT NULL THEN 1 ELSE 0 END) AS done,
                SUM(CASE WHEN r.task_id IS NULL AND s.state = 'failed' THEN 1 ELSE 0 END) AS failed,
                SUM(CASE WHEN r.task_id IS NULL AND s.state = 'running' THEN 1 ELSE 0 END) AS running,
                MAX(CASE WHEN r.task_id IS NULL AND s.state = 'failed' THEN s.error END) AS error
         FROM sweep_tasks st LEFT JOIN results r ON r.task_id = st.task_id LEFT JOIN task_state s ON s.task_id = st.task_id
         WHERE st.sweep_id = ?`,
    ).get(sweepId) as {
      tasks: number;
      done: number | null;
      failed: number | null;
      running: number | null;
      error: string | null;
    };
    return {
      sweep_id: sweep.id,
      name: sweep.name,
      state: sweep.status,
      tasks: counts.tasks,
      done: counts.done ?? 0,
      failed: counts.failed ?? 0,
      running: counts.running ?? 0,
      error: counts.error ?? '',
    };
  }

  sweepIds(): string[] {
    return (this.sql(`SELECT id FROM sweeps ORDER BY created_at`).all() as { id: string }[]).map((r) => r.id);
  }

  close(): void {
    this.db.close();
  }
}
