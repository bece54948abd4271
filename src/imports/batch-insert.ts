import type Database from 'better-sqlite3';

const ROWS_PER_STATEMENT = 100;

export type BatchInsert = { add(values: unknown[]): void; flush(): void };

/**
 * Collects rows for `insert into t (cols)` and writes them 100 per statement: a bulk import spends far fewer
 * calls into SQLite than with one statement per row. Call flush() before anything reads the table.
 */
export function batchInsert(sql: Database.Database, head: string, columnCount: number): BatchInsert {
  const statement = (rows: number) =>
    sql.prepare(
      `${head} values ${Array(rows)
        .fill(`(${Array(columnCount).fill('?').join(',')})`)
        .join(',')}`,
    );
  let full: Database.Statement | undefined;
  let pending: unknown[] = [];
  return {
    add(values) {
      for (const v of values) pending.push(v);
      if (pending.length === ROWS_PER_STATEMENT * columnCount) {
        (full ??= statement(ROWS_PER_STATEMENT)).run(pending);
        pending = [];
      }
    },
    flush() {
      if (pending.length > 0) statement(pending.length / columnCount).run(pending);
      pending = [];
    },
  };
}

// Below these a rebuild costs more than it saves: the whole index is re-sorted, old rows included (measured:
// 110,000 invitations into tables of 220,000 and 330,000 are still faster rebuilt; 1:4 is our extrapolation).
const MIN_ROWS_FOR_REBUILD = 5_000;
const MAX_EXISTING_ROWS_PER_NEW_ROW = 4;

/**
 * Runs load (which inserts about `rows` rows into table) with the table's indexes dropped, then recreates
 * them from their stored definitions: SQLite builds an index from sorted keys far faster than it maintains
 * one through scattered inserts (random tokens, 94 unit × form ranges; measured: 110,000 invitations
 * 680 → 290 ms). Only when the load is at least a quarter of the table, and only inside a transaction, so a
 * failure — a unique index that would no longer hold included — rolls the drop back with the rows.
 */
export function withIndexesRebuiltAfter<T>(
  sql: Database.Database,
  table: string,
  rows: number,
  load: () => T,
): T {
  if (!sql.inTransaction) throw new Error('withIndexesRebuiltAfter needs a transaction');
  if (rows < MIN_ROWS_FOR_REBUILD) return load();
  const existing = sql.prepare(`select count(*) from "${table}"`).pluck().get() as number;
  if (rows * MAX_EXISTING_ROWS_PER_NEW_ROW < existing) return load();
  const indexes = sql
    .prepare("select name, sql from sqlite_master where type = 'index' and tbl_name = ? and sql is not null")
    .all(table) as { name: string; sql: string }[];
  // A savepoint of its own: if the load or a rebuild fails, the indexes come back even when the caller catches
  // the error and commits the rest of its transaction. Dropping and recreating changes the schema, so other
  // connections (the server beside a CLI import) re-prepare their statements once.
  return sql.transaction(() => {
    for (const index of indexes) sql.exec(`drop index "${index.name}"`);
    const result = load();
    for (const index of indexes) sql.exec(index.sql);
    return result;
  })();
}
