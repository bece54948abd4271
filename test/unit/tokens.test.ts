import { newToken, newTokens, TOKEN_LENGTH, TOKEN_PATTERN } from '../../src/tokens';

describe('survey tokens', () => {
  it('drawn in bulk have the shape of a single token and never repeat', () => {
    const tokens = newTokens(10_000);
    expect(tokens).toHaveLength(10_000);
    expect(tokens.every((t) => TOKEN_PATTERN.test(t))).toBe(true);
    expect(TOKEN_PATTERN.test(newToken())).toBe(true);
    expect(new Set(tokens).size).toBe(10_000);
  });

  it('drawn in bulk use all 64 symbols evenly, at every position', () => {
    const tokens = newTokens(20_000);
    const counts = new Map<string, number>();
    for (const token of tokens) for (const ch of token) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(64);
    const expected = (20_000 * TOKEN_LENGTH) / 64;
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.1);
    for (let position = 0; position < TOKEN_LENGTH; position++) {
      expect(new Set(tokens.map((t) => t[position])).size).toBe(64);
    }
  });

  it('drawn in bulk for nothing is an empty list', () => {
    expect(newTokens(0)).toEqual([]);
  });
});
