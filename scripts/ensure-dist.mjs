// Runs before `npm start`, `npm run cli` and `npm run demo`. In a checkout (the TypeScript compiler installed)
// it compiles src/ to dist/, only what changed since the last build (about half a second when nothing did);
// an install without dev dependencies (`npm ci --omit=dev`) runs the dist/ that was built for the release.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc');
} catch {
  tsc = undefined;
}

if (tsc) {
  const build = spawnSync(process.execPath, [tsc, '--build', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  process.exit(build.status ?? 1);
} else if (!fs.existsSync(path.join(root, 'dist', 'server.js'))) {
  console.error(
    'dist/ is missing and the TypeScript compiler is not installed (npm ci --omit=dev).\n' +
      'Build first with the dev dependencies: npm ci && npm run build — then npm ci --omit=dev (docs/OPERATIONS.md).',
  );
  process.exit(1);
}
