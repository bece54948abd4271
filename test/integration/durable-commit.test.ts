import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeInvitedCampaign } from '../helpers/invitation-fixtures';
import { createTestDb } from '../helpers/db';
import { startServerProcess } from '../helpers/server-process';
import { csrfOver, submitOver } from '../helpers/survey';

// docs/OPERATIONS.md § Durability: the thank-you page is a promise. A power cut loses what the operating system
// had not yet written to the disk, so every file SQLite changed for an answer must have been synced (fsync or
// fdatasync) after its last write and before the server sends the answer's acknowledgement. Watched from the
// outside: the server runs under strace, which records its file writes, syncs and socket writes in order.

/**
 * strace is needed, allowed to trace (apt-get install -y strace; a container may need CAP_SYS_PTRACE); .ci/run
 * installs it and sets REQUIRE_STRACE=1.
 */
function straceAvailable(): boolean {
  if (spawnSync('strace', ['-qq', '-e', 'trace=none', 'true']).status === 0) return true;
  if (process.env.REQUIRE_STRACE)
    throw new Error('REQUIRE_STRACE is set but strace is missing or cannot trace');
  console.warn('Durability test not run: strace is missing or cannot trace (apt-get install -y strace).');
  return false;
}

const itWithStrace = straceAvailable() ? it : it.skip;

describe('an acknowledged answer', () => {
  let t: ReturnType<typeof createTestDb> | undefined;
  afterEach(() => t?.cleanup());

  itWithStrace(
    'is on the disk before its acknowledgement leaves: every database file written since the POST is synced first',
    async () => {
      t = createTestDb();
      const { people } = makeInvitedCampaign(t.db, { units: 1, perUnit: 3 });
      t.db.$client.close();
      const trace = path.join(t.dir, 'strace.txt');
      const server = await startServerProcess(t.file, t.dir, [
        'strace',
        ...['-f', '-y', '-qq', '-s', '48', '-o', trace],
        ...['-e', 'trace=read,write,writev,pwrite64,pwritev,fsync,fdatasync,ftruncate'],
      ]);
      try {
        const token = people[0]!.invitations[0]!.token;
        const pair = await csrfOver(server.origin, token);
        const res = await submitOver(server.origin, token, pair);
        expect(res.status).toBe(303);
      } finally {
        // strace leaves the program it runs alive when it is stopped itself: stop the server, strace follows.
        process.kill(server.pid, 'SIGTERM');
        await server.exited;
      }
      const lines = fs.readFileSync(trace, 'utf8').split('\n');
      const posted = lines.findIndex((l) => /^\d+\s+read\(\d+<(?:socket|TCP)[^>]*>, "POST \/s\//.test(l));
      const acknowledged = lines.findIndex(
        (l, i) => i > posted && /^\d+\s+writev?\(\d+<(?:socket|TCP)[^>]*>, .*HTTP\/1\.1 303/.test(l),
      );
      expect(posted).toBeGreaterThanOrEqual(0);
      expect(acknowledged).toBeGreaterThan(posted);

      const database = path.basename(t.file);
      const fileOf = (line: string) => /^\d+\s+\w+\(\d+<([^>]+)>/.exec(line)?.[1];
      const ours = (file: string | undefined) =>
        file !== undefined && path.basename(file).startsWith(database);
      const window = lines.slice(posted, acknowledged);
      const lastWrite = new Map<string, number>();
      const lastSync = new Map<string, number>();
      window.forEach((line, i) => {
        const file = fileOf(line);
        if (!ours(file)) return;
        if (/^\d+\s+(pwrite64|pwritev|write|writev)\(/.test(line)) lastWrite.set(file!, i);
        if (/^\d+\s+(fsync|fdatasync)\(/.test(line)) lastSync.set(file!, i);
      });
      // The answer was written somewhere: the database file or its journal / WAL.
      expect(lastWrite.size).toBeGreaterThan(0);
      const unsynced = [...lastWrite]
        .filter(([file, i]) => (lastSync.get(file) ?? -1) < i)
        .map(([f]) => path.basename(f));
      expect(unsynced).toEqual([]);
    },
    30_000,
  );
});
