import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDatabaseServed, lockDatabaseForServer } from '../../src/ops/server-lock';

describe('the lock a running server holds on its database', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-lock-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is taken on a first start whose data folder does not exist yet', () => {
    const file = path.join(dir, 'moi', 'data', 'cchc.sqlite');
    const lock = lockDatabaseForServer(file);
    expect(fs.existsSync(path.dirname(file))).toBe(true);
    lock.release();
  });

  it('refuses a second server on the same database until the first lets go', () => {
    const file = path.join(dir, 'cchc.sqlite');
    const first = lockDatabaseForServer(file);
    expect(() => lockDatabaseForServer(file)).toThrow();
    expect(isDatabaseServed(file)).toBe(true);
    first.release();
    expect(isDatabaseServed(file)).toBe(false);
    const second = lockDatabaseForServer(file);
    second.release();
  });
});
