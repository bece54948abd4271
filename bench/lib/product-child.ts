// A case's measured product operation run in a fresh process (a script under bench/lib/product/), so the
// product's peak RSS is reported apart from the case process's data generation and baselines.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../src/paths';
import { siblingModule } from '../../src/sibling-module';
import { peakRssMb } from './measure';

export type ChildOutcome<T> = T & { maxRssMb: number };

/** Runs bench/lib/product/<name> (compiled, as the bench runs) with args; resolves with the JSON it reported and its peak RSS. */
export function runProductChild<T>(name: string, args: string[]): Promise<ChildOutcome<T>> {
  return new Promise((resolve, reject) => {
    const product = siblingModule(path.join(__dirname, 'product'), name);
    const child = spawn(process.execPath, [...product.execArgv, product.file, ...args], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as ChildOutcome<T>);
      else reject(new Error(`bench/lib/product/${name} exited with ${code}`));
    });
  });
}

/** In the child: runs main, prints its result with this process's peak RSS, exits. */
export function reportFromChild<T extends object>(main: () => Promise<T>): void {
  main().then(
    (result) => {
      process.stdout.write(`${JSON.stringify({ ...result, maxRssMb: peakRssMb() })}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
