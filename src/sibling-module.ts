import path from 'node:path';

/** This code runs as TypeScript source (tsx, jest) rather than as the compiled JavaScript in dist/. */
const runningSource = path.extname(__filename) === '.ts';

export type SiblingModule = { file: string; execArgv: string[] };

/**
 * A module beside the caller (`dir` is the caller's `__dirname`) to run in a worker thread or a child process:
 * compiled, `<name>.js` with plain Node, as production runs; from source, `<name>.ts` with tsx's require hook,
 * which only a checkout has (tsx is a dev dependency). Pass both to `new Worker(file, { execArgv })` or
 * `spawn(process.execPath, [...execArgv, file])`.
 */
export function siblingModule(dir: string, name: string): SiblingModule {
  if (!runningSource) return { file: path.join(dir, `${name}.js`), execArgv: [] };
  return { file: path.join(dir, `${name}.ts`), execArgv: ['--require', require.resolve('tsx/cjs')] };
}
