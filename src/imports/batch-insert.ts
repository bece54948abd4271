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
