import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../src/paths';

const run = promisify(execFile);

const tinyCase = `
export default {
  name: 'tiny',
  async run() {
    return [
      { name: 'tiny figure', value: 30, unit: 'ops/s', baseline: { name: 'tiny ceiling', value: 40 },
        target: '≥ 50% of baseline', pass: true },
      { name: 'tiny slow figure', value: 10, unit: 'ops/s', baseline: { name: 'tiny ceiling', value: 40 },
        target: '≥ 50% of baseline', pass: false, notes: 'too slow' },
    ];
  },
};
`;
const measuredCase = `
export default {
  name: 'measured',
  async run() {
    return [{ name: 'measured server peak RSS', value: 100, unit: 'MB', target: '< 250 MB', pass: true }];
  },
};
`;
const crashingCase = `export default { name: 'crash', async run() { throw new Error('boom in case'); } };`;

describe('npm run bench harness', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-bench-test-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs each case in its own process and writes ratios, verdicts and a crashed case as MISS', async () => {
    const casesDir = path.join(dir, 'cases');
    const outDir = path.join(dir, 'out');
    fs.mkdirSync(casesDir);
    fs.writeFileSync(path.join(casesDir, 'tiny.ts'), tinyCase);
    fs.writeFileSync(path.join(casesDir, 'crash.ts'), crashingCase);
    fs.writeFileSync(path.join(casesDir, 'measured.ts'), measuredCase);

    await run(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--cases', casesDir, '--out', outDir], {
      cwd: projectRoot,
      env: { ...process.env, BENCH_QUICK: '1' },
    });

    const json = JSON.parse(fs.readFileSync(path.join(outDir, 'results.json'), 'utf8')) as {
      machine: { cores: number; node: string };
      results: Array<{ case: string; name: string; ratio?: number; status: string; notes?: string }>;
    };
    expect(json.machine.cores).toBeGreaterThan(0);
    expect(json.machine.node).toBe(process.version);
    const byName = new Map(json.results.map((r) => [r.name, r]));
    expect(byName.get('tiny figure')).toMatchObject({ case: 'tiny', ratio: 0.75, status: 'PASS' });
    expect(byName.get('tiny slow figure')).toMatchObject({ ratio: 0.25, status: 'MISS', notes: 'too slow' });
    const crashed = json.results.find((r) => r.case === 'crash');
    expect(crashed).toMatchObject({ name: 'case failed', status: 'MISS' });
    expect(crashed?.notes).toContain('boom in case');
    const rss = json.results.find((r) => r.case === 'tiny' && r.name === 'peak RSS of the case process');
    expect(rss).toMatchObject({ status: 'PASS' });
    // A case that measures its product's own process: the case process's RSS is informational.
    const caseRss = json.results.find(
      (r) => r.case === 'measured' && r.name === 'peak RSS of the case process',
    );
    expect(caseRss).toMatchObject({ status: '' });
    expect(caseRss).not.toHaveProperty('target');

    const markdown = fs.readFileSync(path.join(outDir, 'results.md'), 'utf8');
    expect(markdown).toMatch(
      /\| tiny \| tiny figure \| 30 \| ops\/s \| tiny ceiling: 40 \| 0\.75 \| ≥ 50% of baseline \| PASS \|/,
    );
    expect(markdown).toContain('BENCH_QUICK');
  });
});
