import { readDecimal } from '../../src/numbers';

describe('numbers as people type them', () => {
  it.each([
    ['62,5', 62.5],
    ['62.5', 62.5],
    [' 32 ', 32],
    ['1.234,5', 1234.5],
    ['1,234.5', 1234.5],
    [58.25, 58.25],
  ])('reads %p as %p', (typed, value) => {
    expect(readDecimal(typed)).toBe(value);
  });

  it.each([['năm mươi'], ['62,5,1'], ['1.2.3'], [''], [','], [Number.NaN], [null]])('refuses %p', (typed) => {
    expect(readDecimal(typed)).toBeUndefined();
  });
});
