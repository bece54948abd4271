import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../src/paths';
import { waitUntil } from '../helpers/wait';

const run = promisify(execFile);
const probe = path.join(projectRoot, 'test/fixtures/report-loaded-modules.cjs');

type LoadedModules = { execArgv: string[]; nodeOptions: string; modules: string[]; extensions: string[] };

const TOOLCHAIN_MODULE =
  /[\\/]node_modules[\\/](tsx|esbuild|@esbuild|typescript|ts-node|ts-jest|@swc|jiti)[\\/]/;
const TYPESCRIPT_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts'];

/** Everything in a process's report that shows a TypeScript toolchain or TypeScript sources were loaded. */
function typescriptTraces(report: LoadedModules): string[] {
  const flags = report.execArgv.join(' ');
  return [
    ...(flags === `--require ${probe}` ? [] : [`node flags: ${flags}`]),
    ...(report.nodeOptions ? [`NODE_OPTIONS: ${report.nodeOptions}`] : []),
    ...report.modules.filter((m) => TOOLCHAIN_MODULE.test(m) || m.startsWith(path.join(projectRoot, 'src'))),
    ...report.extensions.filter((e) => TYPESCRIPT_EXTENSIONS.includes(e)).map((e) => `require hook for ${e}`),
  ];
}

const readReport = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as LoadedModules;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probeServer = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probeServer.address() as net.AddressInfo;
      probeServer.close(() => resolve(port));
    });
    probeServer.on('error', reject);
  });
}

let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-compiled-'));
  // What `npm start`, `npm run cli` and `npm run demo` run first: compile src/ to dist/ if anything changed.
  await run(process.execPath, ['scripts/ensure-dist.mjs'], { cwd: projectRoot });
}, 240_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the compiled product (dist/) under plain node', () => {
  it('serves pages and runs a CLI command with no TypeScript loader in either process', async () => {
    const port = await freePort();
    // Only what production sets: nothing of this test process (no NODE_OPTIONS, no jest variables).
    const env = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      DATABASE_PATH: path.join(dir, 'cchc.sqlite'),
      MAIL_DIR: path.join(dir, 'mail'),
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      SESSION_SECRET: 'compiled-product-secret-compiled',
      LOG_LEVEL: 'info',
    };
    const serverReport = path.join(dir, 'server.json');
    const server = spawn(process.execPath, ['--require', probe, 'dist/server.js'], {
      cwd: projectRoot,
      env: { ...env, LOADED_MODULES_REPORT: serverReport },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    server.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    server.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const exitCode = new Promise<number | null>((resolve) => server.on('close', resolve));
    const origin = `http://127.0.0.1:${port}`;
    let stdout: string;
    const cliReport = path.join(dir, 'cli.json');
    try {
      await waitUntil(() => log.includes('cchc-survey listening'), 30_000, 'the compiled server listening');
      const login = await fetch(`${origin}/dang-nhap`);
      expect(login.status).toBe(200);
      expect(await login.text()).toMatch(/<form[^>]*method="post"/); // views/ found from dist/
      const css = await fetch(`${origin}/static/app.css`);
      expect(css.status).toBe(200); // public/ found from dist/
      expect(css.headers.get('content-type')).toMatch(/^text\/css/);

      ({ stdout } = await run(process.execPath, ['--require', probe, 'dist/cli/main.js', 'user', 'list'], {
        cwd: projectRoot,
        env: { ...env, LOADED_MODULES_REPORT: cliReport },
      }));
    } finally {
      server.kill('SIGTERM');
    }
    expect(await exitCode).toBe(0);
    // The account the server created on first start, on the database it migrated from drizzle/.
    expect(stdout).toMatch(/^admin\tadmin\t/m);

    const served = readReport(serverReport);
    expect(served.modules).toContain(path.join(projectRoot, 'dist/server.js'));
    expect(typescriptTraces(served)).toEqual([]);
    const commanded = readReport(cliReport);
    expect(commanded.modules).toContain(path.join(projectRoot, 'dist/cli/main.js'));
    expect(typescriptTraces(commanded)).toEqual([]);
  });

  it('would show tsx in a process started with it', async () => {
    const report = path.join(dir, 'tsx.json');
    await run(process.execPath, ['--import', 'tsx', '--require', probe, '-e', '0'], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, LOADED_MODULES_REPORT: report },
    });
    const traces = typescriptTraces(readReport(report));
    expect(traces).toContain(`node flags: --import tsx --require ${probe} -e 0`);
    expect(traces).toContain('require hook for .ts');
    expect(traces.some((t) => t.includes('/node_modules/tsx/'))).toBe(true);
  });
});
