import { Worker } from 'node:worker_threads';
import type { Message } from '../i18n/messages';
import { siblingModule } from '../sibling-module';
import type { Field } from './columns';
import { IMPORT_LIMITS, ImportFileError, limitExceeded } from './import-limits';
import type { CellValue, ImportKind } from './types';

/** A data row: its number as the user sees it, and its cells by field. */
export type SourceRow = { row: number; cells: Partial<Record<Field, CellValue>> };

export type TableInfo = {
  sheetName?: string;
  headerRow: number;
  /** The header text as written in the file, per field, to name columns in messages. */
  labels: Partial<Record<Field, string>>;
};

/** The names an uploaded file may have: readTable reads them, or (an old .xls) explains what to do instead. */
export const IMPORT_EXTENSIONS: readonly string[] = ['.csv', '.txt', '.xlsx', '.xlsm', '.xls'];

/** What the parsing thread is asked (parse-thread.ts) and what it answers. */
export type ParseJob = { filePath: string; fileName: string; kind: ImportKind };
/**
 * A batch of rows as it crosses to the main thread: cloning a few strings costs far less than cloning each cell.
 * `columns` holds, per header field, that field's cells of every row joined by CELL_SEPARATOR (a column apiece,
 * so an ASCII column such as the emails stays one-byte text for the importer); the cells that are not plain
 * text (empty, numbers, booleans, dates, text containing the separator) are left empty there and listed in
 * `others` as [field index, row index, value, …]. A date travels as its time value: a cloned Date belongs to the
 * receiving thread's own realm, which need not be the one the importer's `instanceof Date` checks against (a
 * test sandbox's).
 */
export type RowBatch = { rows: number[]; columns: string[]; others: (number | WireCell)[] };
type WireCell = Exclude<CellValue, Date> | { date: number };
export const CELL_SEPARATOR = '\u001f';

export type ThreadMessage =
  | { type: 'header'; fields: Field[] }
  | { type: 'rows'; batch: RowBatch }
  | { type: 'done'; info: TableInfo }
  /** A file unusable as a whole: why, as a key and its values (the reader's language is chosen on display). */
  | { type: 'refused'; problem: Message }
  /** Any other error, as it was: message, stack and own properties (an fs error's code, syscall, path). */
  | { type: 'failed'; message: string; stack?: string; details: Record<string, unknown> };

/**
 * Reads the rows below the header of a CSV or XLSX file into onRow (blank rows skipped). The file is parsed in
 * a worker thread whose heap is capped, within IMPORT_LIMITS; this thread only receives the rows, a batch per
 * event-loop turn, so requests are served meanwhile, and a file that still exhausts the parser's memory fails
 * its import, not the server. Throws ImportFileError for a file unusable as a whole, never a parser's error.
 */
export async function readTable(
  filePath: string,
  fileName: string,
  kind: ImportKind,
  onRow: (row: SourceRow) => void,
): Promise<TableInfo> {
  const thread = await threads.acquire();
  try {
    return await thread.parse({ filePath, fileName, kind }, onRow);
  } finally {
    threads.release(thread);
  }
}

/** One parsing thread, reused for one file after another until it fails or idles. */
class ParseThread {
  alive = true;
  private readonly worker: Worker;
  private readonly inFlight = new Int32Array(new SharedArrayBuffer(4));
  private onMessage: ((message: ThreadMessage) => void) | null = null;
  private onFailure: ((error: Error) => void) | null = null;

  constructor() {
    const { file, execArgv } = siblingModule(__dirname, 'parse-thread');
    this.worker = new Worker(file, {
      execArgv,
      workerData: { inFlight: this.inFlight.buffer },
      resourceLimits: { maxOldGenerationSizeMb: IMPORT_LIMITS.parserHeapMb },
    });
    // A port hands over every message already queued in one go, and the thread keeps queueing rows while they
    // are handled: one message per event-loop turn leaves room for the requests waiting in between.
    const queue: ThreadMessage[] = [];
    const next = () => {
      const message = queue.shift();
      if (queue.length > 0) setImmediate(next);
      if (message) this.onMessage?.(message);
    };
    this.worker.on('message', (message: ThreadMessage) => {
      if (queue.push(message) === 1) setImmediate(next);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`the parsing thread stopped (exit code ${code})`)));
    this.worker.unref();
  }

  parse(job: ParseJob, onRow: (row: SourceRow) => void): Promise<TableInfo> {
    Atomics.store(this.inFlight, 0, 0);
    // Kept referenced while it works: a CLI waiting for the rows must not exit for want of anything else to do.
    this.worker.ref();
    return new Promise<TableInfo>((resolve, reject) => {
      let fields: Field[] = [];
      const settle = (outcome: () => void) => {
        this.onMessage = this.onFailure = null;
        this.worker.unref();
        outcome();
      };
      this.onFailure = (error) => settle(() => reject(error));
      this.onMessage = (message) => {
        switch (message.type) {
          case 'header':
            fields = message.fields;
            return;
          case 'rows':
            try {
              deliver(message.batch, fields, onRow);
            } catch (error) {
              // The thread is still reading a file nobody wants any more.
              void this.stop();
              settle(() => reject(error));
            } finally {
              Atomics.sub(this.inFlight, 0, 1);
              Atomics.notify(this.inFlight, 0);
            }
            return;
          case 'done':
            return settle(() => resolve(message.info));
          case 'refused':
            return settle(() => reject(new ImportFileError(message.problem)));
          case 'failed': {
            void this.stop();
            const error = Object.assign(new Error(message.message), message.details);
            if (message.stack) error.stack = message.stack;
            return settle(() => reject(error));
          }
        }
      };
      this.worker.postMessage(job);
    });
  }

  async stop(): Promise<void> {
    this.alive = false;
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.alive = false;
    const outOfMemory = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
    this.onFailure?.(outOfMemory ? limitExceeded('parserHeapMb') : error);
  }
}

function deliver(batch: RowBatch, fields: Field[], onRow: (row: SourceRow) => void): void {
  const columns: CellValue[][] = batch.columns.map((text) => text.split(CELL_SEPARATOR));
  const { others } = batch;
  for (let i = 0; i < others.length; i += 3) {
    const cell = others[i + 2] as WireCell;
    columns[others[i] as number]![others[i + 1] as number] =
      typeof cell === 'object' && cell !== null ? new Date(cell.date) : cell;
  }
  batch.rows.forEach((row, r) => {
    const cells: SourceRow['cells'] = {};
    fields.forEach((field, k) => (cells[field] = columns[k]![r]!));
    onRow({ row, cells });
  });
}

// Two files parse at once at most (the machine has few cores); an idle thread is kept a while for the next one.
const MAX_THREADS = 2;
const IDLE_MS = 10_000;

const threads = {
  idle: [] as ParseThread[],
  busy: 0,
  waiting: [] as (() => void)[],
  idleTimer: undefined as NodeJS.Timeout | undefined,

  async acquire(): Promise<ParseThread> {
    while (this.busy >= MAX_THREADS) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.busy++;
    let thread = this.idle.pop();
    while (thread && !thread.alive) thread = this.idle.pop();
    return thread ?? new ParseThread();
  },

  release(thread: ParseThread): void {
    this.busy--;
    if (thread.alive) this.idle.push(thread);
    this.waiting.shift()?.();
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      for (const idle of this.idle.splice(0)) void idle.stop();
    }, IDLE_MS);
    this.idleTimer.unref();
  },
};
