// The parsing thread's entry (started by read-table.ts): reads one file at a time and posts its rows back.
import { parentPort, workerData } from 'node:worker_threads';
import type { Field } from './columns';
import { ImportFileError } from './import-limits';
import { parseTable } from './parse-table';
import { CELL_SEPARATOR, type ParseJob, type RowBatch, type ThreadMessage } from './read-table';

// A batch is handled in one event-loop turn of the main thread: a few milliseconds at most.
const ROWS_PER_BATCH = 500;
const CHARS_PER_BATCH = 1 << 18;
/** Batches posted and not yet taken by the main thread: beyond, this thread waits (its memory stays flat). */
const BATCHES_IN_FLIGHT = 32;

const port = parentPort!;
const inFlight = new Int32Array(workerData.inFlight as SharedArrayBuffer);

port.on('message', (job: ParseJob) => void run(job));

async function run(job: ParseJob): Promise<void> {
  const post = (message: ThreadMessage) => port.postMessage(message);
  let batch: RowBatch = { rows: [], columns: [], others: [] };
  /** Per header field, its cells in this batch. */
  let columns: string[][] = [];
  let chars = 0;
  const flush = () => {
    if (batch.rows.length === 0) return;
    batch.columns = columns.map((cells) => cells.join(CELL_SEPARATOR));
    post({ type: 'rows', batch });
    batch = { rows: [], columns: [], others: [] };
    columns = columns.map(() => []);
    chars = 0;
    Atomics.add(inFlight, 0, 1);
    for (let n = Atomics.load(inFlight, 0); n >= BATCHES_IN_FLIGHT; n = Atomics.load(inFlight, 0)) {
      Atomics.wait(inFlight, 0, n, 1_000);
    }
  };
  try {
    const info = await parseTable(job.filePath, job.fileName, job.kind, {
      header(fields: Field[]) {
        columns = fields.map(() => []);
        post({ type: 'header', fields });
      },
      row(row, cells) {
        const index = batch.rows.push(row) - 1;
        cells.forEach((cell, k) => {
          if (typeof cell === 'string') chars += cell.length;
          if (typeof cell === 'string' && !cell.includes(CELL_SEPARATOR)) columns[k]!.push(cell);
          else {
            batch.others.push(k, index, cell instanceof Date ? { date: cell.getTime() } : cell);
            columns[k]!.push('');
          }
        });
        if (batch.rows.length === ROWS_PER_BATCH || chars >= CHARS_PER_BATCH) flush();
      },
    });
    flush();
    post({ type: 'done', info });
  } catch (error) {
    if (error instanceof ImportFileError) post({ type: 'refused', problem: error.problem });
    else if (error instanceof Error) {
      // A file that cannot be opened keeps its code, syscall and path (the CLI names the file from them).
      post({ type: 'failed', message: error.message, stack: error.stack, details: { ...error } });
    } else post({ type: 'failed', message: String(error), details: {} });
  }
}
