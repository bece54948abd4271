/**
 * The size of a fixed-size slot that holds `length` bytes: the next power of two from `min`, so records of similar
 * size share a pool and a slot is always rewritten at the size it was made (docs/DOMAIN.md § Anonymity and
 * personal data).
 */
export function slotCapacity(length: number, min = 64): number {
  let capacity = min;
  while (capacity < length) capacity *= 2;
  return capacity;
}
