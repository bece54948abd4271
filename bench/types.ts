/** One measured figure, shown beside the bare-stack ceiling measured in the same run. */
export type BenchResult = {
  name: string;
  value: number;
  unit: string;
  /** The bare-stack figure this one is compared with, measured in the same run. */
  baseline?: { name: string; value: number };
  /** Human-readable target, e.g. "≥ 50% of baseline" or "< 1500 ms". */
  target?: string;
  pass?: boolean;
  notes?: string;
};

/** A module under bench/cases/ default-exports one of these; bench/run.ts runs them all in order. */
export type BenchCase = { name: string; run(): Promise<BenchResult[]> };
