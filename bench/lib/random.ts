/** Seeded data for benchmarks: the same seed gives the same rows on every machine, so runs compare. */

export type Random = {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
};

/** mulberry32: tiny, fast and good enough for test data (not for secrets). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
  };
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Hoàng', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Lâm', 'Thạch'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Minh', 'Ngọc', 'Thanh', 'Quốc', 'Kim', 'Hoài', 'Đức'];
const GIVEN = [
  'An',
  'Bình',
  'Châu',
  'Dũng',
  'Hà',
  'Hải',
  'Hạnh',
  'Hùng',
  'Khoa',
  'Lan',
  'Long',
  'Mai',
  'Nam',
];
const GIVEN_MORE = [
  'Nhung',
  'Phúc',
  'Quân',
  'Sơn',
  'Tâm',
  'Thảo',
  'Trang',
  'Trí',
  'Tuấn',
  'Vy',
  'Xuân',
  'Yến',
];

/** A plausible Vietnamese full name ("Thạch Thị Yến"). */
export function vietnameseName(random: Random): string {
  return `${random.pick(FAMILY)} ${random.pick(MIDDLE)} ${random.pick([...GIVEN, ...GIVEN_MORE])}`;
}

/** A unique, lower-case ASCII address for row `index` ("tran.van.an.00042@soctrang.gov.vn"). */
export function benchEmail(name: string, index: number): string {
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, '.');
  return `${ascii}.${String(index).padStart(5, '0')}@soctrang.gov.vn`;
}
