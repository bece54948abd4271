import fs from 'node:fs';

// Reads an SQLite database file the way an attacker holding a copy would: the file format itself
// (https://www.sqlite.org/fileformat2.html), no SQLite library, so nothing the engine hides is hidden here.

export type Value = null | number | bigint | string | Buffer;

/** Page images by page number: the database file with the committed frames of its -wal laid over it. */
export type FileImage = { pageSize: number; usable: number; pages: Map<number, Buffer> };

/** One b-tree entry where it lies: its page, its byte offset in the page, its rank in key order. */
export type Cell = {
  page: number;
  /** Overflow pages holding the rest of the payload. */
  overflow: number[];
  offset: number;
  /** Position in the b-tree's key order (a traversal from the root). */
  rank: number;
  /** Table b-trees only. */
  rowid?: number;
  values: Value[];
  /** The whole payload, overflow pages followed. */
  payload: Buffer;
};

export type SchemaEntry = { type: string; name: string; table: string; rootpage: number; sql: string };

/** A page image found in a -wal or rollback -journal, in file order (which is the order it was written). */
export type LoggedPage = { source: 'wal' | 'journal'; index: number; pgno: number; data: Buffer };

export function readFileImage(file: string): FileImage {
  const bytes = fs.readFileSync(file);
  const rawSize = bytes.readUInt16BE(16);
  const pageSize = rawSize === 1 ? 65536 : rawSize;
  const usable = pageSize - bytes[20]!;
  const pages = new Map<number, Buffer>();
  for (let p = 0; p * pageSize < bytes.length; p++)
    pages.set(p + 1, bytes.subarray(p * pageSize, (p + 1) * pageSize));
  // The current state lives in the WAL until a checkpoint: apply every frame up to the last commit.
  const frames = walFrames(`${file}-wal`).filter((f) => f.current);
  let committed = 0;
  frames.forEach((f, i) => (committed = f.commit ? i + 1 : committed));
  for (const frame of frames.slice(0, committed)) pages.set(frame.pgno, frame.data);
  return { pageSize, usable, pages };
}

/** Page images kept in the -wal (every frame, old generations included) and the rollback -journal beside a file. */
export function loggedPages(file: string): LoggedPage[] {
  const wal = walFrames(`${file}-wal`).map((f, index) => ({
    source: 'wal' as const,
    index,
    pgno: f.pgno,
    data: f.data,
  }));
  const header = fs.readFileSync(file).subarray(0, 100);
  const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
  return [...wal, ...journalRecords(`${file}-journal`, pageSize)];
}

/**
 * Every frame of a -wal in the order it was written: a checkpoint restarts the log at its start with a new salt
 * (its first half one higher), leaving older frames further on, so frames sort by salt, then position. `current`
 * marks the frames of the live generation (the header's salt), the ones SQLite itself would read.
 */
function walFrames(file: string): Array<{ pgno: number; commit: boolean; current: boolean; data: Buffer }> {
  if (!fs.existsSync(file)) return [];
  const bytes = fs.readFileSync(file);
  if (bytes.length < 32) return [];
  const pageSize = bytes.readUInt32BE(8);
  const salt = bytes.readUInt32BE(16);
  const frames = [];
  for (let at = 32; at + 24 + pageSize <= bytes.length; at += 24 + pageSize) {
    frames.push({
      pgno: bytes.readUInt32BE(at),
      commit: bytes.readUInt32BE(at + 4) !== 0,
      salt: bytes.readUInt32BE(at + 8),
      data: bytes.subarray(at + 24, at + 24 + pageSize),
    });
  }
  const live = frames.findIndex((f) => f.salt !== salt);
  return frames
    .map((f, i) => ({ ...f, current: live < 0 || i < live, position: i }))
    .sort((a, b) => a.salt - b.salt || a.position - b.position);
}

const JOURNAL_MAGIC = Buffer.from('d9d505f920a163d7', 'hex');

function journalRecords(file: string, databasePageSize: number): LoggedPage[] {
  if (!fs.existsSync(file)) return [];
  const bytes = fs.readFileSync(file);
  const intact = bytes.length >= 28 && bytes.subarray(0, 8).equals(JOURNAL_MAGIC);
  // A header zeroed at commit (journal_mode=PERSIST) leaves the records behind it: read them at this build's
  // default sector size and the database's page size.
  const sectorSize = intact ? bytes.readUInt32BE(20) : 4096;
  const pageSize = intact ? bytes.readUInt32BE(24) : databasePageSize;
  const records: LoggedPage[] = [];
  for (let at = sectorSize, index = 0; at + 8 + pageSize <= bytes.length; at += 8 + pageSize, index++) {
    records.push({
      source: 'journal',
      index,
      pgno: bytes.readUInt32BE(at),
      data: bytes.subarray(at + 4, at + 4 + pageSize),
    });
  }
  return records;
}

/** The sqlite_schema rows (page 1). */
export function readSchema(image: FileImage): SchemaEntry[] {
  return btreeCells(image, 1).map((c) => ({
    type: String(c.values[0]),
    name: String(c.values[1]),
    table: String(c.values[2]),
    rootpage: Number(c.values[3] ?? 0),
    sql: String(c.values[4] ?? ''),
  }));
}

/** Every entry of the b-tree rooted at `root`, in key order, with where each one lies. */
export function btreeCells(image: FileImage, root: number): Cell[] {
  const cells: Cell[] = [];
  for (const { pgno, page, type, offset } of walkBtree(image, root)) {
    // Interior cells of a table b-tree only hold a separating rowid; those of an index hold real entries.
    if (type === 5) continue;
    cells.push({ ...readCell(image, page, type, offset), page: pgno, offset, rank: cells.length });
  }
  return cells;
}

/** Every page of a b-tree, interior ones included. */
export function btreePages(image: FileImage, root: number): number[] {
  return [...new Set([root, ...walkBtree(image, root).map((c) => c.pgno)])];
}

/** The cells of a b-tree in key order (an interior cell between the subtrees it separates). */
function walkBtree(image: FileImage, root: number) {
  const out: Array<{ pgno: number; page: Buffer; type: number; offset: number }> = [];
  const visit = (pgno: number) => {
    const page = image.pages.get(pgno);
    if (!page) throw new Error(`page ${pgno} is missing`);
    const h = pgno === 1 ? 100 : 0;
    const type = page[h]!;
    const count = page.readUInt16BE(h + 3);
    const interior = type === 2 || type === 5;
    const pointers = Array.from({ length: count }, (_, i) =>
      page.readUInt16BE(h + (interior ? 12 : 8) + 2 * i),
    );
    for (const offset of pointers) {
      if (interior) visit(page.readUInt32BE(offset));
      out.push({ pgno, page, type, offset });
    }
    if (interior) visit(page.readUInt32BE(h + 8));
  };
  visit(root);
  return out;
}

function readCell(image: FileImage, page: Buffer, type: number, offset: number) {
  let at = offset + (type === 2 ? 4 : 0);
  const [size, sizeLength] = varint(page, at);
  at += sizeLength;
  let rowid: number | undefined;
  if (type === 13) {
    const [key, keyLength] = varint(page, at);
    rowid = Number(key);
    at += keyLength;
  }
  const { payload, overflow } = readPayload(image, page, at, Number(size), type === 13);
  return { rowid, payload, overflow, values: decodeRecord(payload) };
}

function readPayload(
  image: FileImage,
  page: Buffer,
  at: number,
  size: number,
  tableLeaf: boolean,
): { payload: Buffer; overflow: number[] } {
  const u = image.usable;
  const maxLocal = tableLeaf ? u - 35 : Math.floor(((u - 12) * 64) / 255) - 23;
  if (size <= maxLocal) return { payload: Buffer.from(page.subarray(at, at + size)), overflow: [] };
  const minLocal = Math.floor(((u - 12) * 32) / 255) - 23;
  const k = minLocal + ((size - minLocal) % (u - 4));
  const local = k <= maxLocal ? k : minLocal;
  const parts = [page.subarray(at, at + local)];
  const overflow: number[] = [];
  let remaining = size - local;
  let next = page.readUInt32BE(at + local);
  while (remaining > 0 && next !== 0) {
    overflow.push(next);
    const data = image.pages.get(next)!;
    const take = Math.min(remaining, u - 4);
    parts.push(data.subarray(4, 4 + take));
    remaining -= take;
    next = data.readUInt32BE(0);
  }
  return { payload: Buffer.concat(parts), overflow };
}

/** The values of a record (the row format of tables and indexes). */
export function decodeRecord(payload: Buffer): Value[] {
  const [headerSize, first] = varint(payload, 0);
  const types: number[] = [];
  for (let at = first; at < Number(headerSize);) {
    const [type, length] = varint(payload, at);
    types.push(Number(type));
    at += length;
  }
  const values: Value[] = [];
  let at = Number(headerSize);
  for (const type of types) {
    if (type === 0) values.push(null);
    else if (type >= 1 && type <= 6) {
      const length = [0, 1, 2, 3, 4, 6, 8][type]!;
      let v = 0n;
      for (let i = 0; i < length; i++) v = (v << 8n) | BigInt(payload[at + i]!);
      if (payload[at]! & 0x80) v -= 1n << BigInt(8 * length);
      values.push(
        v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v,
      );
      at += length;
    } else if (type === 7) {
      values.push(payload.readDoubleBE(at));
      at += 8;
    } else if (type === 8 || type === 9) values.push(type - 8);
    else {
      const length = (type - (type % 2 === 0 ? 12 : 13)) / 2;
      const bytes = payload.subarray(at, at + length);
      values.push(type % 2 === 0 ? Buffer.from(bytes) : bytes.toString('utf8'));
      at += length;
    }
  }
  return values;
}

function varint(bytes: Buffer, at: number): [bigint, number] {
  let v = 0n;
  for (let i = 0; i < 8; i++) {
    const b = bytes[at + i]!;
    v = (v << 7n) | BigInt(b & 0x7f);
    if ((b & 0x80) === 0) return [v, i + 1];
  }
  return [(v << 8n) | BigInt(bytes[at + 8]!), 9];
}

/**
 * Kendall's τ-b between the true order of some items and an order an attacker recovered, over the pairs the
 * recovered order can compare at all (`comparable`, e.g. only cells on the same page); pairs of the same item
 * never count. 0 when nothing can be compared.
 */
export function kendallTau<T>(
  items: T[],
  truth: (item: T) => number,
  recovered: (item: T) => number | string | bigint,
  comparable: (a: T, b: T) => boolean = () => true,
): number {
  let concordant = 0;
  let discordant = 0;
  let pairs = 0;
  let tiedRecovered = 0;
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i]!;
      const b = items[j]!;
      if (truth(a) === truth(b) || !comparable(a, b)) continue;
      pairs++;
      const ra = recovered(a);
      const rb = recovered(b);
      if (ra === rb) {
        tiedRecovered++;
        continue;
      }
      if (ra < rb === truth(a) < truth(b)) concordant++;
      else discordant++;
    }
  }
  const denominator = Math.sqrt(pairs * (pairs - tiedRecovered));
  return denominator === 0 ? 0 : (concordant - discordant) / denominator;
}

/**
 * Bytes of a b-tree page that belong to no cell (between the cell pointers and the cell content, freeblocks,
 * fragments): where a deleted or moved record would linger. Each run of them with its offset.
 */
export function unusedRuns(image: FileImage, pgno: number): Array<{ offset: number; bytes: Buffer }> {
  const page = image.pages.get(pgno)!;
  const h = pgno === 1 ? 100 : 0;
  const type = page[h]!;
  if (![2, 5, 10, 13].includes(type)) return [];
  const count = page.readUInt16BE(h + 3);
  const pointersEnd = h + (type === 2 || type === 5 ? 12 : 8) + 2 * count;
  const used = new Uint8Array(image.usable);
  used.fill(1, 0, pointersEnd);
  for (let i = 0; i < count; i++) {
    const offset = page.readUInt16BE(pointersEnd - 2 * count + 2 * i);
    used.fill(1, offset, offset + cellSize(image, page, type, offset));
  }
  const runs: Array<{ offset: number; bytes: Buffer }> = [];
  for (let at = 0; at < image.usable;) {
    if (used[at]) {
      at++;
      continue;
    }
    let end = at;
    while (end < image.usable && !used[end]) end++;
    runs.push({ offset: at, bytes: page.subarray(at, end) });
    at = end;
  }
  return runs;
}

function cellSize(image: FileImage, page: Buffer, type: number, offset: number): number {
  if (type === 5) return 4 + varint(page, offset + 4)[1];
  let at = offset + (type === 2 ? 4 : 0);
  const [size, sizeLength] = varint(page, at);
  at += sizeLength;
  if (type === 13) at += varint(page, at)[1];
  const u = image.usable;
  const maxLocal = type === 13 ? u - 35 : Math.floor(((u - 12) * 64) / 255) - 23;
  const payload = Number(size);
  if (payload <= maxLocal) return Math.max(at + payload - offset, 4);
  const minLocal = Math.floor(((u - 12) * 32) / 255) - 23;
  const k = minLocal + ((payload - minLocal) % (u - 4));
  return at + (k <= maxLocal ? k : minLocal) + 4 - offset;
}

/**
 * Where any of `needles` lies outside a live record: in the unused space of a b-tree page, or anywhere in a page
 * no b-tree uses (free pages). What a deleted or moved record leaves behind is found here.
 */
export function strayCopies(image: FileImage, needles: string[]): Array<{ needle: string; page: number }> {
  const live = new Set<number>();
  const btree = new Set<number>();
  for (const entry of readSchema(image)
    .filter((e) => e.rootpage > 0)
    .concat([schemaRoot])) {
    for (const pgno of btreePages(image, entry.rootpage)) btree.add(pgno);
    for (const cell of entry.rootpage === 1 ? [] : btreeCells(image, entry.rootpage)) {
      for (const pgno of cell.overflow) live.add(pgno);
    }
  }
  const found: Array<{ needle: string; page: number }> = [];
  for (const [pgno, page] of image.pages) {
    if (live.has(pgno)) continue;
    const regions = btree.has(pgno) ? unusedRuns(image, pgno).map((r) => r.bytes) : [page];
    for (const needle of needles) {
      if (regions.some((bytes) => bytes.includes(needle))) found.push({ needle, page: pgno });
    }
  }
  return found;
}

const schemaRoot: SchemaEntry = {
  type: 'table',
  name: 'sqlite_schema',
  table: 'sqlite_schema',
  rootpage: 1,
  sql: '',
};
