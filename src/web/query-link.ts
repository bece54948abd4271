/** A link to the same page with some query values changed; empty values are dropped to keep URLs short. */
export function queryLink(
  base: string,
  current: Record<string, unknown>,
): (changes?: Record<string, string | number | undefined>) => string {
  return (changes = {}) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...current, ...changes })) {
      if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
    }
    const query = params.toString();
    return query ? `${base}?${query}` : base;
  };
}
