// Child process of the completion case: virtual respondents completing surveys as a browser would, against any
// server. Each takes the next unused personal link, GETs it, fills in whatever form the page holds, POSTs it
// with the cookies it was given, follows the redirect and checks that it landed on the thank-you page.
// argv: <spec JSON file>; prints one CompletionResult JSON line. The server's CPU time is read from /proc at the
// start and the end of the measured window, by this process, which knows when the window starts and ends.
import fs from 'node:fs';
import { Parser } from 'htmlparser2';
import { processCpuMs } from './server-process';

export type CompletionSpec = {
  /** http://127.0.0.1:<port>: the links are `${url}/s/${token}`. */
  url: string;
  /** One token per line, each completed at most once. */
  tokensFile: string;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** The server's process, whose CPU time the window is charged. */
  serverPid: number;
  /** Text the thank-you page must contain. */
  thankYouText: string;
};

export type CompletionResult = {
  /** Completions that ended inside the measured window. */
  completions: number;
  completionsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Server CPU (user + system) during the window, in ms. */
  serverCpuMs: number;
  /** The server's CPU time so far (ms) when the first respondent started: the load's share starts there. */
  serverCpuAtStartMs: number;
  windowMs: number;
  /** Every completion started, warm-up and the tail after the window included. */
  started: number;
  /** Failures anywhere (warm-up included), by reason. */
  failures: Record<string, number>;
  /** When the window started and ended (Date.now()), so the case can match its own counters to it. */
  windowStart: number;
  windowEnd: number;
};

type Form = { action?: string; method: string; fields: Field[] };
type Field =
  | { kind: 'value'; name: string; value: string }
  | { kind: 'choice'; name: string; value: string; type: 'radio' | 'checkbox' }
  | { kind: 'text'; name: string; value: string; required: boolean }
  | { kind: 'select'; name: string; options: string[] };

const ANSWER_TEXT = 'Đề nghị tiếp tục đẩy mạnh chuyển đổi số.';
const TEXT_TYPES = new Set(['text', 'email', 'tel', 'search', 'url', '']);

/** Every form of the page with its fields, as a browser sees them (no scripts). */
export function parseForms(html: string): Form[] {
  const forms: Form[] = [];
  let form: Form | undefined;
  let textarea: { name: string; value: string } | undefined;
  let select: { name: string; options: string[] } | undefined;
  const parser = new Parser(
    {
      onopentag(tag, a) {
        if (tag === 'form') {
          form = { action: a.action, method: (a.method ?? 'get').toLowerCase(), fields: [] };
          forms.push(form);
        }
        if (!form) return;
        const name = a.name;
        if (tag === 'input' && name !== undefined && !('disabled' in a)) {
          const type = (a.type ?? 'text').toLowerCase();
          if (type === 'radio' || type === 'checkbox') {
            form.fields.push({ kind: 'choice', name, value: a.value ?? 'on', type });
          } else if (TEXT_TYPES.has(type)) {
            form.fields.push({ kind: 'text', name, value: a.value ?? '', required: 'required' in a });
          } else if (type !== 'submit' && type !== 'button' && type !== 'reset' && type !== 'file') {
            form.fields.push({ kind: 'value', name, value: a.value ?? '' });
          }
        } else if (tag === 'textarea' && name !== undefined) {
          textarea = { name, value: '' };
        } else if (tag === 'select' && name !== undefined) {
          select = { name, options: [] };
        } else if (tag === 'option' && select && a.value !== undefined && a.value !== '') {
          select.options.push(a.value);
        }
      },
      ontext(text) {
        if (textarea) textarea.value += text;
      },
      onclosetag(tag) {
        if (tag === 'textarea' && textarea && form) {
          form.fields.push({ kind: 'text', name: textarea.name, value: textarea.value, required: true });
          textarea = undefined;
        } else if (tag === 'select' && select && form) {
          form.fields.push({ kind: 'select', ...select });
          select = undefined;
        } else if (tag === 'form') {
          form = undefined;
        }
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return forms;
}

const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)] as T;

/**
 * A respondent's answers: hidden and other fields as given, one option of each radio group, one box of each
 * checkbox group, an option of each list, text in every text area (the product marks required ones with a
 * star, not an attribute) and in every required text field.
 */
export function fillForm(form: Form): URLSearchParams {
  const body = new URLSearchParams();
  const groups = new Map<string, string[]>();
  for (const f of form.fields) {
    if (f.kind === 'choice') {
      if (!groups.has(f.name)) groups.set(f.name, []);
      groups.get(f.name)!.push(f.value);
    } else if (f.kind === 'select') {
      if (f.options.length > 0) body.append(f.name, pick(f.options));
    } else if (f.kind === 'text') {
      body.append(f.name, f.value === '' && f.required ? ANSWER_TEXT : f.value);
    } else {
      body.append(f.name, f.value);
    }
  }
  for (const [name, values] of groups) body.append(name, pick(values));
  return body;
}

class Failure extends Error {}

/** Cookies by name, sent back on every later request of the same respondent. */
function remember(jar: Map<string, string>, res: Response): void {
  for (const c of res.headers.getSetCookie()) {
    const pair = c.split(';')[0]!;
    const eq = pair.indexOf('=');
    jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

async function complete(spec: CompletionSpec, token: string): Promise<void> {
  const jar = new Map<string, string>();
  const pageUrl = `${spec.url}/s/${token}`;
  const page = await fetch(pageUrl, { redirect: 'manual' });
  const html = await page.text();
  if (page.status !== 200) throw new Failure(`form GET ${page.status}`);
  remember(jar, page);
  const form = parseForms(html)
    .filter((f) => f.method === 'post')
    .sort((a, b) => b.fields.length - a.fields.length)[0];
  if (!form) throw new Failure('no form to post on the page');
  const post = await fetch(new URL(form.action ?? '', pageUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar) },
    body: fillForm(form).toString(),
  });
  await post.arrayBuffer();
  const location = post.headers.get('location');
  if (post.status < 300 || post.status > 303 || !location) throw new Failure(`submit POST ${post.status}`);
  remember(jar, post);
  const thanks = await fetch(new URL(location, pageUrl), {
    redirect: 'manual',
    headers: { cookie: cookieHeader(jar) },
  });
  const thanksHtml = await thanks.text();
  if (thanks.status !== 200) throw new Failure(`thank-you GET ${thanks.status}`);
  if (!thanksHtml.includes(spec.thankYouText))
    throw new Failure('the page after the submit is not the thank-you page');
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

async function main(specFile: string): Promise<void> {
  const spec = JSON.parse(fs.readFileSync(specFile, 'utf8')) as CompletionSpec;
  const tokens = fs.readFileSync(spec.tokensFile, 'utf8').split('\n').filter(Boolean);
  const failures: Record<string, number> = {};
  const latencies: number[] = [];
  let next = 0;
  let windowStart = Infinity;
  let windowEnd = Infinity;
  let stopping = false;

  const respondent = async () => {
    while (!stopping) {
      if (next >= tokens.length) {
        failures['ran out of links'] = (failures['ran out of links'] ?? 0) + 1;
        return;
      }
      const token = tokens[next++]!;
      const start = performance.now();
      try {
        await complete(spec, token);
        const end = performance.now();
        if (end >= windowStart && end <= windowEnd) latencies.push(end - start);
      } catch (error) {
        const reason = error instanceof Failure ? error.message : `error: ${(error as Error).message}`;
        failures[reason] = (failures[reason] ?? 0) + 1;
      }
    }
  };

  const serverCpuAtStartMs = processCpuMs(spec.serverPid);
  const running = Array.from({ length: spec.concurrency }, () => respondent());
  await new Promise((r) => setTimeout(r, spec.warmupMs));
  const cpuBefore = processCpuMs(spec.serverPid);
  windowStart = performance.now();
  const wallStart = Date.now();
  await new Promise((r) => setTimeout(r, spec.durationMs));
  windowEnd = performance.now();
  const wallEnd = Date.now();
  const cpuAfter = processCpuMs(spec.serverPid);
  stopping = true;
  await Promise.all(running);

  const sorted = [...latencies].sort((a, b) => a - b);
  const windowMs = windowEnd - windowStart;
  const result: CompletionResult = {
    completions: latencies.length,
    completionsPerSecond: (latencies.length * 1000) / windowMs,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    serverCpuMs: cpuAfter - cpuBefore,
    serverCpuAtStartMs,
    windowMs,
    started: next,
    failures,
    windowStart: wallStart,
    windowEnd: wallEnd,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  main(process.argv[2] as string).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
