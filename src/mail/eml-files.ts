import path from 'node:path';
import type { Db } from '../db/client';

/**
 * The .eml file a stored path names, when it lies inside mailDir; null for anything outside it. Paths are stored
 * relative to the mail directory, so a database restored elsewhere names its own files, never the live
 * instance's; an absolute path stored by an earlier version counts only if it lies inside mailDir.
 */
export function emlFileIn(mailDir: string, stored: string): string | null {
  const dir = path.resolve(mailDir);
  const file = path.resolve(dir, stored);
  return file.startsWith(dir + path.sep) ? file : null;
}

/**
 * Rewrites the absolute .eml paths earlier versions stored that lie inside mailDir as paths relative to it (run
 * at server start); any other absolute path is left as it is, and emlFileIn never opens or deletes its file.
 * Returns how many were rewritten.
 */
export function relativizeEmlPaths(db: Db, mailDir: string): number {
  const rows = db.$client
    .prepare(`SELECT id, eml_path AS stored FROM mail_outbox WHERE eml_path LIKE '/%'`)
    .all() as { id: number; stored: string }[];
  const update = db.$client.prepare('UPDATE mail_outbox SET eml_path = ? WHERE id = ?');
  let rewritten = 0;
  db.$client.transaction(() => {
    for (const { id, stored } of rows) {
      const file = emlFileIn(mailDir, stored);
      if (file === null) continue;
      update.run(path.relative(path.resolve(mailDir), file), id);
      rewritten++;
    }
  })();
  return rewritten;
}
