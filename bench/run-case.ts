// Child process of bench/run.ts: runs one case module and writes a CaseOutcome JSON file.
import fs from 'node:fs';
import path from 'node:path';
import { peakRssMb } from './lib/measure';
import type { BenchCase, BenchResult } from './types';

export type CaseOutcome = { name: string; results: BenchResult[]; peakRssMb: number; seconds: number };

async function main(caseFile: string, outFile: string): Promise<void> {
  const started = Date.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(path.resolve(caseFile)) as { default?: BenchCase };
  const benchCase = loaded.default;
  if (!benchCase || typeof benchCase.run !== 'function') {
    throw new Error(`${caseFile} does not default-export a BenchCase`);
  }
  const results = await benchCase.run();
  const outcome: CaseOutcome = {
    name: benchCase.name,
    results,
    peakRssMb: peakRssMb(),
    seconds: (Date.now() - started) / 1000,
  };
  fs.writeFileSync(outFile, JSON.stringify(outcome));
}

main(process.argv[2] as string, process.argv[3] as string).then(
  // Servers, pools or timers a case forgot to close must not keep the run waiting.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
