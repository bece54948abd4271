import { createTestDb } from '../helpers/db';
import { withIndexesRebuiltAfter } from '../../src/imports/batch-insert';

let ctx: ReturnType<typeof createTestDb>;
beforeEach(() => {
  ctx = createTestDb();
  ctx.db.$client.exec('create table things (id integer primary key, code text not null, n integer)');
  ctx.db.$client.exec('create unique index things_code on things (code)');
  ctx.db.$client.exec('create index things_n on things (n)');
});
afterEach(() => ctx.cleanup());

const indexSql = () =>
  ctx.db.$client
    .prepare("select name, sql from sqlite_master where type = 'index' and tbl_name = 'things' order by name")
    .all();
const insertMany = (from: number, count: number, code = (i: number) => `c${i}`) => {
  const insert = ctx.db.$client.prepare('insert into things (code, n) values (?, ?)');
  for (let i = from; i < from + count; i++) insert.run(code(i), i % 7);
};

describe('bulk loads with indexes rebuilt after', () => {
  it('leave the same indexes, still enforced, after a large load', () => {
    const before = indexSql();
    const sql = ctx.db.$client;
    sql.transaction(() => withIndexesRebuiltAfter(sql, 'things', 10_000, () => insertMany(0, 10_000)))();
    expect(indexSql()).toEqual(before);
    expect(() => insertMany(0, 1)).toThrow(/UNIQUE constraint failed: things.code/);
  });

  it('roll the dropped indexes back with the rows when the rebuilt unique index no longer holds', () => {
    const before = indexSql();
    const sql = ctx.db.$client;
    const load = () =>
      withIndexesRebuiltAfter(sql, 'things', 10_000, () => insertMany(0, 10_000, () => 'same'));
    expect(() => sql.transaction(load)()).toThrow(/UNIQUE constraint failed/);
    expect(indexSql()).toEqual(before);
    expect(sql.prepare('select count(*) from things').pluck().get()).toBe(0);
  });

  it('put the indexes back even when the caller catches the failure and commits', () => {
    const before = indexSql();
    const sql = ctx.db.$client;
    sql.transaction(() => {
      insertMany(0, 1);
      try {
        withIndexesRebuiltAfter(sql, 'things', 10_000, () => insertMany(1, 10_000, () => 'same'));
      } catch {
        // the caller goes on: its own row is committed, the failed load is not
      }
    })();
    expect(indexSql()).toEqual(before);
    expect(sql.prepare('select count(*) from things').pluck().get()).toBe(1);
  });

  it('keep the indexes in place for a load under a quarter of the table', () => {
    const sql = ctx.db.$client;
    // One commit for the existing rows: each commit is synced to disk.
    sql.transaction(() => insertMany(0, 40_001))();
    let indexesDuringLoad: unknown[] = [];
    sql.transaction(() =>
      withIndexesRebuiltAfter(sql, 'things', 10_000, () => {
        indexesDuringLoad = indexSql();
        insertMany(40_001, 10_000);
      }),
    )();
    expect(indexesDuringLoad).toHaveLength(2);
  });

  it('refuse to run outside a transaction', () => {
    expect(() => withIndexesRebuiltAfter(ctx.db.$client, 'things', 10_000, () => undefined)).toThrow(
      /transaction/,
    );
  });
});
