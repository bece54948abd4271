import { newRandomId } from '../../tokens';

/** A password just issued (a new account's or a reset), waiting for the admin who issued it to see it once. */
export type IssuedPassword = { username: string; password: string; created: boolean };

// Long enough to follow a redirect, short enough that a forgotten one does not linger in memory.
const SHOWN_WITHIN_MS = 5 * 60 * 1000;

/**
 * Issued passwords kept in this process's memory only — never in the database, a log or a URL — so the POST that
 * issues one can end in a redirect (a refresh never issues another) and the page shows it once, to its issuer.
 */
export function issuedPasswords() {
  const waiting = new Map<string, IssuedPassword & { issuerId: number; until: number }>();
  return {
    /** Keeps `issued` for its issuer; returns the one-time key the redirect carries. */
    keep(issued: IssuedPassword, issuerId: number, now: number): string {
      for (const [key, entry] of waiting) if (entry.until < now) waiting.delete(key);
      const key = newRandomId();
      waiting.set(key, { ...issued, issuerId, until: now + SHOWN_WITHIN_MS });
      return key;
    },
    /** The password kept under `key` for this issuer, forgotten as it is taken; undefined once shown or expired. */
    take(key: string, issuerId: number, now: number): IssuedPassword | undefined {
      const entry = waiting.get(key);
      if (!entry || entry.issuerId !== issuerId) return undefined;
      waiting.delete(key);
      if (entry.until < now) return undefined;
      return { username: entry.username, password: entry.password, created: entry.created };
    },
  };
}
