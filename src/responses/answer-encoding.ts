import { allQuestions, type FormDefinition, type FormQuestion } from '../forms/definition';

/** A chosen option (optionIndex >= 0) or a free-text answer (optionIndex = -1 with textValue). */
export type AnswerRow = { questionId: string; optionIndex: number; textValue?: string | null };

/** One answer sheet as stored: the questionnaire version it answered, the Vietnam day, the answers. */
export type AnswerSheet = { version: number; day: string; answers: AnswerRow[] };

// Layout of a sheet, in the order of the version's questions (big-endian integers):
//   u8 format (low 3 bits: 1; bit 7: held, bits 3–6: why, src/responses/held-answers.ts) · u16 version · u16 day (days since 1970-01-01) ·
//   per question: single u16 (0 = none, else option + 1) · multiple: one bit per option ·
//   text: u32 byte length, UTF-8 bytes
// then zeros up to the slot's capacity. The version comes first so a reader knows which questions follow.
const FORMAT = 1;
const FORMAT_BITS = 0x07;
const HELD_BIT = 0x80;
const HEADER_BYTES = 5;
/**
 * SQL true for a filled slot whose answer counts (not held for review). Holding and releasing rewrite this one
 * byte, so the slot keeps its size and stays where it lies (docs/DOMAIN.md § Anonymity and personal data).
 */
export const COUNTED_SQL = "substr(content, 1, 1) = x'01'";
/** Byte offset (1-based, for SQL substr) and length of the day in a sheet. */
export const DAY_SQL = 'substr(content, 4, 2)';
const MIN_CAPACITY = 64;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The slot size a sheet of `length` bytes needs: the next power of two, so sheets of similar size share a pool. */
export function slotCapacity(length: number): number {
  let capacity = MIN_CAPACITY;
  while (capacity < length) capacity *= 2;
  return capacity;
}

/**
 * Encodes a validated sheet, padded with zeros to its slot capacity; a non-zero `heldReasons` (a 4-bit mask) keeps
 * it out of every count until reviewed.
 */
export function encodeAnswerSheet(definition: FormDefinition, sheet: AnswerSheet, heldReasons = 0): Buffer {
  if (!Number.isInteger(sheet.version) || sheet.version < 1 || sheet.version > 0xffff) {
    throw new Error(`questionnaire version ${sheet.version} does not fit a sheet`);
  }
  const questions = allQuestions(definition);
  const byQuestion = new Map<string, AnswerRow[]>(questions.map((q) => [q.id, []]));
  for (const a of sheet.answers) {
    const list = byQuestion.get(a.questionId);
    if (!list) throw new Error(`question ${a.questionId} is not in questionnaire version ${sheet.version}`);
    list.push(a);
  }
  const parts: Buffer[] = [
    Buffer.from([formatByte(heldReasons)]),
    u16(sheet.version),
    u16(dayNumber(sheet.day)),
  ];
  for (const q of questions) {
    const given = byQuestion.get(q.id)!;
    if (q.kind === 'single') parts.push(u16(given.length > 0 ? given[0]!.optionIndex + 1 : 0));
    else if (q.kind === 'multiple') {
      const bits = Buffer.alloc(Math.ceil(q.options.length / 8));
      for (const a of given) bits[a.optionIndex >> 3]! |= 1 << (a.optionIndex & 7);
      parts.push(bits);
    } else {
      const text = Buffer.from(given[0]?.textValue ?? '', 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(text.length);
      parts.push(length, text);
    }
  }
  const sheetBytes = Buffer.concat(parts);
  const slot = Buffer.alloc(slotCapacity(sheetBytes.length));
  sheetBytes.copy(slot);
  return slot;
}

function formatByte(heldReasons: number): number {
  if (!Number.isInteger(heldReasons) || heldReasons < 0 || heldReasons > 0x0f)
    throw new Error(`hold reasons ${heldReasons} do not fit a sheet`);
  return heldReasons === 0 ? FORMAT : HELD_BIT | (heldReasons << 3) | FORMAT;
}

/** Why a stored sheet is held (a mask of reasons), 0 when it counts. */
export function sheetHeldReasons(content: Buffer): number {
  return content[0]! & HELD_BIT ? (content[0]! >> 3) & 0x0f : 0;
}

/** The same sheet, counted: only its first byte changes. */
export function releasedSheet(content: Buffer): Buffer {
  const released = Buffer.from(content);
  released[0] = FORMAT;
  return released;
}

/** The questionnaire version a stored sheet answered. */
export function sheetVersion(content: Buffer): number {
  return content.readUInt16BE(1);
}

/** A stored day field (DAY_SQL) as 'YYYY-MM-DD'. */
export function sheetDay(dayBytes: Buffer): string {
  return new Date(dayBytes.readUInt16BE(0) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Calls `answer` for every answer of a stored sheet, in question order: the question's position in the version's
 * definition (sheetVersion names it), the option chosen (-1 for free text) and, for free text, where its UTF-8
 * bytes lie. Nothing is allocated per answer: scoring walks 100,000 sheets.
 */
export function walkAnswerSheet(
  definition: FormDefinition,
  content: Buffer,
  answer: (questionIndex: number, optionIndex: number, text?: { start: number; end: number }) => void,
): void {
  if ((content[0]! & FORMAT_BITS) !== FORMAT) throw new Error(`unknown answer sheet format ${content[0]}`);
  const layout = layoutOf(definition);
  let at = HEADER_BYTES;
  for (let qi = 0; qi < layout.length; qi++) {
    const { kind, options } = layout[qi]!;
    if (kind === 'single') {
      const value = content.readUInt16BE(at);
      if (value > 0) answer(qi, value - 1);
      at += 2;
    } else if (kind === 'multiple') {
      for (let i = 0; i < options; i++) if (content[at + (i >> 3)]! & (1 << (i & 7))) answer(qi, i);
      at += Math.ceil(options / 8);
    } else {
      const length = content.readUInt32BE(at);
      at += 4;
      if (length > 0) answer(qi, -1, { start: at, end: at + length });
      at += length;
    }
  }
}

// What the walk needs of each question, in order, once per parsed definition (definitions are immutable).
const layouts = new WeakMap<FormDefinition, Array<{ kind: FormQuestion['kind']; options: number }>>();
function layoutOf(definition: FormDefinition) {
  let layout = layouts.get(definition);
  if (!layout) {
    layout = allQuestions(definition).map((q) => ({ kind: q.kind, options: q.options.length }));
    layouts.set(definition, layout);
  }
  return layout;
}

/** A stored sheet decoded against the definition of the version it names (sheetVersion). */
export function decodeAnswerSheet(definition: FormDefinition, content: Buffer): AnswerSheet {
  const questions = allQuestions(definition);
  const answers: AnswerRow[] = [];
  walkAnswerSheet(definition, content, (qi, optionIndex, text) => {
    const questionId = questions[qi]!.id;
    if (text)
      answers.push({ questionId, optionIndex, textValue: content.toString('utf8', text.start, text.end) });
    else answers.push({ questionId, optionIndex });
  });
  return { version: sheetVersion(content), day: sheetDay(content.subarray(3, 5)), answers };
}

function u16(value: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(value);
  return b;
}

function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00.000Z`) / DAY_MS);
}
