// `npm run bench:profile -- <dir or .cpuprofile files…> [--top N]`: summarises V8 CPU profiles (node
// --cpu-prof; `npm run bench -- --only completion --cpu-prof <dir>` writes the product server's): the functions
// with the most self time, then the time by area of the product, as the leaf frame's area (self, adds up to
// 100%) and as any frame's on the stack (inclusive: a sample in EJS called from a route counts for both).
// V8 samples wall time on the main thread: a synchronous fsync (synchronous=FULL commits) shows as time in
// better-sqlite3 although the process spends no CPU while it waits.
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/paths';

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

/** Areas a frame belongs to, first match wins; the rest is "other" (Node core, V8 builtins…). */
const AREAS: Array<[string, (f: CallFrame) => boolean]> = [
  ['(root)', (f) => f.functionName === '(root)'],
  ['(idle)', (f) => f.functionName === '(idle)'],
  ['(garbage collector)', (f) => f.functionName === '(garbage collector)'],
  ['(program)', (f) => f.functionName === '(program)'],
  ['token resolution', (f) => f.url.includes('/src/invitations/')],
  ['response store (validate, store, submit)', (f) => f.url.includes('/src/responses/')],
  ['thank-you slots, outbox, mail rendering', (f) => f.url.includes('/src/mail/')],
  ['group commit, db', (f) => f.url.includes('/src/db/')],
  ['better-sqlite3 (incl. native)', (f) => f.url.includes('/better-sqlite3/')],
  ['drizzle-orm', (f) => f.url.includes('/drizzle-orm/')],
  ['nodemailer (SMTP, MIME)', (f) => f.url.includes('/nodemailer/')],
  [
    'csrf, cookies',
    (f) => /\/(csrf-csrf|cookie-parser|cookie|cookie-signature)\/|\/src\/web\/(csrf|cookies)/.test(f.url),
  ],
  ['helmet', (f) => f.url.includes('/helmet/')],
  ['ejs (compile, render, templates)', (f) => f.url.includes('/ejs/') || f.url.includes('.ejs')],
  ['zod', (f) => f.url.includes('/zod/')],
  [
    'express, router, body parsing',
    (f) =>
      /\/node_modules\/(express|router|body-parser|finalhandler|send|serve-static|qs|raw-body|iconv-lite|type-is|content-type|on-finished|parseurl|depd)\//.test(
        f.url,
      ),
  ],
  ['src/ (web routes, i18n, the rest)', (f) => f.url.includes('/src/')],
  ['other node_modules', (f) => f.url.includes('/node_modules/')],
  [
    'node:http, net, streams',
    (f) => /^node:(_http|http|net|stream|internal\/(streams|http|js_stream))/.test(f.url),
  ],
  ['other node: core', (f) => f.url.startsWith('node:')],
];

const areaOf = (f: CallFrame) => AREAS.find(([, match]) => match(f))?.[0] ?? 'other (V8 builtins, native)';

function where(f: CallFrame): string {
  if (!f.url) return '';
  const file = f.url.replace(/^file:\/\//, '');
  const nm = file.lastIndexOf('/node_modules/');
  const short = nm >= 0 ? file.slice(nm + '/node_modules/'.length) : path.relative(projectRoot, file);
  return `${short}:${f.lineNumber + 1}`;
}

function profileFiles(args: string[]): string[] {
  return args.flatMap((a) =>
    fs.statSync(a).isDirectory()
      ? fs
          .readdirSync(a)
          .filter((f) => f.endsWith('.cpuprofile'))
          .map((f) => path.join(a, f))
      : [a],
  );
}

const pct = (ms: number, total: number) => `${((100 * ms) / total).toFixed(1).padStart(5)}%`;

function main(argv: string[]): void {
  const topAt = argv.indexOf('--top');
  const top = topAt >= 0 ? Number(argv[topAt + 1]) : 25;
  const files = profileFiles(topAt >= 0 ? argv.filter((_, i) => i !== topAt && i !== topAt + 1) : argv);
  if (files.length === 0) throw new Error('no .cpuprofile given');
  const selfByFunction = new Map<string, number>();
  const selfByArea = new Map<string, number>();
  const inclusiveByArea = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
  let busyMs = 0;
  let idleMs = 0;
  for (const file of files) {
    const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const stackAreas = new Map<number, Set<string>>();
    const areasOnStack = (id: number): Set<string> => {
      let areas = stackAreas.get(id);
      if (!areas) {
        const up = parent.get(id);
        areas = new Set(up === undefined ? [] : areasOnStack(up));
        areas.add(areaOf(byId.get(id)!.callFrame));
        stackAreas.set(id, areas);
      }
      return areas;
    };
    profile.samples.forEach((id, i) => {
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      const frame = byId.get(id)!.callFrame;
      if (frame.functionName === '(idle)') {
        idleMs += ms;
        return;
      }
      busyMs += ms;
      add(selfByFunction, `${frame.functionName || '(anonymous)'}  ${where(frame)}`, ms);
      add(selfByArea, areaOf(frame), ms);
      for (const area of areasOnStack(id)) add(inclusiveByArea, area, ms);
    });
  }
  const lines = [
    `${files.length} profile(s): ${Math.round(busyMs)} ms busy, ${Math.round(idleMs)} ms idle`,
    '',
    `Top ${top} functions by self time (% of busy time):`,
    ...[...selfByFunction]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => `${pct(ms, busyMs)} ${Math.round(ms).toString().padStart(7)} ms  ${name}`),
    '',
    'By area, self time of the leaf frame (adds up to 100%):',
    ...[...selfByArea].sort((a, b) => b[1] - a[1]).map(([area, ms]) => `${pct(ms, busyMs)}  ${area}`),
    '',
    'By area, inclusive (a sample counts for every area on its stack; a middleware that calls next() also',
    'counts what runs after it):',
    ...[...inclusiveByArea]
      .filter(([area]) => !area.startsWith('(') && !area.startsWith('other'))
      .sort((a, b) => b[1] - a[1])
      .map(([area, ms]) => `${pct(ms, busyMs)}  ${area}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main(process.argv.slice(2));
