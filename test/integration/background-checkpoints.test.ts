import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startBackgroundCheckpoints, type BackgroundCheckpoints } from '../../src/db/background-checkpoints';
import { openDb } from '../../src/db/client';
import { projectRoot } from '../../src/paths';
import { createTestDb } from '../helpers/db';
import { sleep, waitUntil } from '../helpers/wait';

let ctx: ReturnType<typeof createTestDb>;
let checkpoints: BackgroundCheckpoints | undefined;
beforeEach(() => {
  ctx = createTestDb();
  ctx.db.$client.exec('create table filler (b blob not null)');
  // Everything so far into the file, so what follows lives in the WAL until someone checkpoints it.
  ctx.db.$client.pragma('wal_checkpoint(TRUNCATE)');
});
afterEach(async () => {
  await checkpoints?.stop();
  checkpoints = undefined;
  ctx.cleanup();
});

const PAGE = 4096;
const fileSize = () => fs.statSync(ctx.file).size;
const writePages = (pages: number) => {
  const insert = ctx.db.$client.prepare('insert into filler (b) values (?)');
  for (let i = 0; i < pages; i++) insert.run(Buffer.alloc(PAGE - 200, i % 251));
};

describe('background WAL checkpoints', () => {
  it('copy committed pages into the database file from the worker, not the main connection', async () => {
    checkpoints = startBackgroundCheckpoints(ctx.db, ctx.file, { intervalMs: 20 });
    expect(ctx.db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(20_000);
    const before = fileSize();
    writePages(300); // far below the main connection's mark: only the worker checkpoints these
    await waitUntil(() => fileSize() >= before + 300 * PAGE, 5_000, 'pages checkpointed into the file');
    const reader = openDb(ctx.file);
    expect(reader.$client.prepare('select count(*) from filler').pluck().get()).toBe(300);
    reader.$client.close();
  });

  it('stop, and give SQLite its own checkpoints back', async () => {
    const started = startBackgroundCheckpoints(ctx.db, ctx.file, { intervalMs: 20 });
    await started.stop();
    expect(ctx.db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    const before = fileSize();
    writePages(50);
    await sleep(200);
    expect(fileSize()).toBe(before);
  });

  it('give SQLite its own checkpoints back when the worker cannot open the file', async () => {
    const errors: string[] = [];
    checkpoints = startBackgroundCheckpoints(ctx.db, path.join(ctx.dir, 'missing', 'x.sqlite'), {
      intervalMs: 20,
      onError: (message) => errors.push(message),
    });
    await waitUntil(
      () => ctx.db.$client.pragma('wal_autocheckpoint', { simple: true }) === 1000,
      5_000,
      'automatic checkpoints restored',
    );
    expect(errors.join('\n')).toMatch(/unable to open|directory does not exist/i);
  });

  it('let a process that stops them run its cleanup before it ends', () => {
    const script = path.join(projectRoot, 'test/fixtures/stop-background-checkpoints.ts');
    const child = spawnSync(process.execPath, ['--import', 'tsx', script, ctx.file], {
      cwd: projectRoot,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe('cleaned up\n');
  });

  it('do nothing for an in-memory database', async () => {
    const memory = openDb(':memory:');
    checkpoints = startBackgroundCheckpoints(memory, ':memory:');
    expect(memory.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await checkpoints.stop();
    memory.$client.close();
  });
});
