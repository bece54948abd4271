import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Db } from '../../src/db/client';
import { openDb } from '../../src/open-db';

/** A migrated database in a fresh temporary file (a real file, so WAL and concurrent handles behave as in use). */
export function createTestDb(): { db: Db; file: string; dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-test-'));
  const file = path.join(dir, 'test.sqlite');
  const db = openDb(file);
  return {
    db,
    file,
    dir,
    cleanup: () => {
      db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
