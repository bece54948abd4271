import type { TokenState } from '../invitations/resolve-token';

type Answered = Extract<TokenState, { state: 'answered' }>;

export type HandoffLimits = {
  /** Links handed over at most; beyond it the oldest is dropped (its thank-you page then reads the link). */
  maxEntries: number;
  /** A hand-over older than this is not used: the page reads the link as it now stands. */
  maxAgeMs: number;
};

/**
 * What an accepted submit read about its link, handed to the thank-you page its redirect leads to: that page is
 * drawn from it once instead of reading the link a third time. Kept in memory only, for one visit, a minute at
 * most; a reload or a late visit reads the link as usual.
 */
export function thankYouHandoff(
  { maxEntries, maxAgeMs }: HandoffLimits = { maxEntries: 2_000, maxAgeMs: 60_000 },
) {
  const entries = new Map<string, { at: number; state: Answered }>();
  const dropExpired = (now: number) => {
    // A Map iterates in insertion order: the oldest hand-overs come first.
    for (const [token, entry] of entries) {
      if (now - entry.at <= maxAgeMs && entries.size < maxEntries) break;
      entries.delete(token);
    }
  };
  return {
    give(token: string, state: Answered, now: number): void {
      dropExpired(now);
      entries.set(token, { at: now, state });
    },
    take(token: string, now: number): Answered | undefined {
      const entry = entries.get(token);
      if (!entry) return undefined;
      entries.delete(token);
      return now - entry.at <= maxAgeMs ? entry.state : undefined;
    },
  };
}
