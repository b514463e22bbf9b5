/**
 * Reading a sweep store's tables in tests. better-sqlite3 12 on Node 24 aborts the process when
 * the garbage collector frees a Database or a Statement outside a JavaScript context (see
 * RETAINED in coordinator/src/store/sqlite-store.ts; it took down a test worker of
 * test/cluster/cluster.test.ts on Node 24.21), so each one made here is kept for the life of the
 * test process.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';

const RETAINED: unknown[] = [];

/** Rows of a read-only query of DIR/ionsweep.db. */
export function queryStore<T>(dir: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(join(dir, 'ionsweep.db'), { readonly: true });
  RETAINED.push(db);
  try {
    const statement = db.prepare(sql);
    RETAINED.push(statement);
    return statement.all(...params) as T[];
  } finally {
    db.close();
  }
}
