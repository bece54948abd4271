import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Db } from '../../src/db/client';
import { allQuestions, type FormDefinition } from '../../src/forms/definition';
import { getFormDefinition } from '../../src/forms/get-form-definition';
import { projectRoot } from '../../src/paths';
import { readResponses } from '../../src/responses/read-responses';
import type { AnswerRow } from '../../src/responses/store-response';

/** The answer sheet of the writer's n-th response: an option for every choice question, `n` in the free text. */
export function writerAnswers(definition: FormDefinition, n: number): AnswerRow[] {
  return allQuestions(definition).map((q, i) =>
    q.kind === 'text'
      ? { questionId: q.id, optionIndex: -1, textValue: `phiếu ${n}` }
      : { questionId: q.id, optionIndex: i % q.options.length },
  );
}

/** The writer's responses found in a database (their numbers, as reported), and how many are not whole. */
export function storedWrites(db: Db, campaignId: number): { numbers: Set<string>; torn: number } {
  const numbers = new Set<string>();
  let torn = 0;
  for (const r of readResponses(db, campaignId)) {
    const text = r.answers.find((a) => a.optionIndex === -1)?.textValue ?? '';
    numbers.add(text.replace('phiếu ', ''));
    const expected = writerAnswers(getFormDefinition(db, campaignId, r.formType, r.version)!.definition, 0);
    if (r.answers.length !== expected.length) torn++;
  }
  return { numbers, torn };
}

export type WriterProcess = {
  child: ChildProcess;
  /** Numbers of the responses whose commit had returned in the child, in the order reported. */
  committed: string[];
  /** Resolves once at least `count` commits have been reported. */
  waitForCommits(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves when the process has exited and all its output has been read. */
  exited: Promise<void>;
};

/**
 * Another process writing to the same database file (test/fixtures/store-responses-until-killed.ts): one
 * response per transaction until killed, reporting each commit on stdout.
 */
export function startWriterProcess(dbFile: string, campaignId: number, unitId: number): WriterProcess {
  const script = path.join(projectRoot, 'test/fixtures/store-responses-until-killed.ts');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, dbFile, String(campaignId), String(unitId)],
    {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const committed: string[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines)
      if (line.startsWith('committed ')) committed.push(line.slice('committed '.length));
    for (const w of [...waiters]) {
      if (committed.length >= w.count) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return {
    child,
    committed,
    exited,
    waitForCommits(count, timeoutMs = 20_000) {
      if (committed.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`expected ${count} commits, got ${committed.length}`)),
          timeoutMs,
        );
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
  };
}
