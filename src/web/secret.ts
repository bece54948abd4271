import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * SESSION_SECRET if configured, otherwise a random secret kept beside the database so that forms opened
 * before a restart can still be submitted after it.
 */
export function resolveAppSecret(configured: string | undefined, databaseFile: string): string {
  if (configured) return configured;
  if (databaseFile === ':memory:') return crypto.randomBytes(32).toString('hex');
  const file = path.join(path.dirname(databaseFile), '.app-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    const secret = crypto.randomBytes(32).toString('hex');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
