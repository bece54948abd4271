import { allQuestions, type FormDefinition, type FormQuestion } from '../forms/definition';
import { slotCapacity } from '../slot-capacity';

/** A chosen option (optionIndex >= 0) or a free-text answer (optionIndex = -1 with textValue). */
export type AnswerRow = { questionId: string; optionIndex: number; textValue?: string | null };

/** One answer sheet as stored: the questionnaire version it answered, the Vietnam day, the answers. */
export type AnswerSheet = { version: number; day: string; answers: AnswerRow[]; interview?: InterviewMark };

/**
 * What an interview's sheet carries besides the answers (docs/DOMAIN.md § Interviews), all fixed-size and written
 * over in place: who took it and the device's random id (UUID v4) that makes a re-sent upload store nothing twice
 * (both zeroed by the purge), and why a supervisor sent it back (src/responses/held-answers.ts REJECT_REASONS).
 */
export type InterviewMark = { enumeratorId: number; uuid: string; rejectReason: number };

/** Where an answer stands: counted, held for review (open links, interviews), or an interview sent back. */
export type ReviewState = 'accepted' | 'held' | 'rejected';

// Layout of a sheet, in the order of the version's questions (big-endian integers):
//   u8 format (low 2 bits: 1 a link's answer, 2 an interview, 3 an interview sent back; bits 2–7: why it is held,
//   src/responses/held-answers.ts) · u16 version · u16 day (days since 1970-01-01) ·
//   an interview only: u8 reject reason · u32 enumerator id · 16 bytes UUID ·
//   per question: single u16 (0 = none, else option + 1) · multiple: one bit per option ·
//   text: u32 byte length, UTF-8 bytes
// then zeros up to the slot's capacity. The version comes first so a reader knows which questions follow.
const FORMAT = 1;
const INTERVIEW = 2;
const REJECTED_INTERVIEW = 3;
const FORMAT_BITS = 0x03;
const REASON_SHIFT = 2;
const HEADER_BYTES = 5;
const INTERVIEW_HEADER_BYTES = HEADER_BYTES + 21;
/**
 * SQL true for a filled slot whose answer counts: neither held for review nor an interview sent back. Holding,
 * releasing and sending back rewrite the slot at the same size, so it stays where it lies (docs/DOMAIN.md §
 * Anonymity and personal data).
 */
export const COUNTED_SQL = "substr(content, 1, 1) IN (x'01', x'02')";
/** SQL true for a filled slot held for review (some reason bit set). */
export const HELD_SQL = "substr(content, 1, 1) >= x'04'";
/** Where an interview's enumerator and device id lie (1-based, for SQL substr); a link's answer has answers there. */
export const ENUMERATOR_SQL = 'substr(content, 7, 4)';
export const UUID_SQL = 'substr(content, 11, 16)';
/** Byte offset (1-based, for SQL substr) and length of the day in a sheet. */
export const DAY_SQL = 'substr(content, 4, 2)';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Encodes a validated sheet, padded with zeros to its slot capacity; a non-zero `heldReasons` (a 6-bit mask) keeps
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
  const format = sheet.interview ? INTERVIEW : FORMAT;
  const parts: Buffer[] = [
    Buffer.from([formatByte(format, heldReasons)]),
    u16(sheet.version),
    u16(dayNumber(sheet.day)),
  ];
  if (sheet.interview) parts.push(encodeInterviewMark(sheet.interview));
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

function formatByte(format: number, heldReasons: number): number {
  if (!Number.isInteger(heldReasons) || heldReasons < 0 || heldReasons > 0x3f)
    throw new Error(`hold reasons ${heldReasons} do not fit a sheet`);
  return (heldReasons << REASON_SHIFT) | format;
}

/** Why a stored sheet is held (a mask of reasons), 0 when it is not. */
export function sheetHeldReasons(content: Buffer): number {
  return content[0]! >> REASON_SHIFT;
}

/** Counted, held, or (an interview) sent back. */
export function reviewStateOf(content: Buffer): ReviewState {
  if (sheetHeldReasons(content) !== 0) return 'held';
  return (content[0]! & FORMAT_BITS) === REJECTED_INTERVIEW ? 'rejected' : 'accepted';
}

/** The same sheet, counted: only its first byte changes. */
export function releasedSheet(content: Buffer): Buffer {
  const released = Buffer.from(content);
  released[0] = content[0]! & FORMAT_BITS;
  return released;
}

/** The same interview sent back for `rejectReason`: it never counts, and its enumerator sees why. */
export function rejectedInterviewSheet(content: Buffer, rejectReason: number): Buffer {
  if (!interviewMarkOf(content)) throw new Error('only an interview is sent back');
  const rejected = Buffer.from(content);
  rejected[0] = REJECTED_INTERVIEW;
  rejected[HEADER_BYTES] = rejectReason;
  return rejected;
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
  const layout = layoutOf(definition);
  let at = headerBytes(content);
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
  const sheet: AnswerSheet = {
    version: sheetVersion(content),
    day: sheetDay(content.subarray(3, 5)),
    answers,
  };
  const interview = interviewMarkOf(content);
  return interview ? { ...sheet, interview } : sheet;
}

function headerBytes(content: Buffer): number {
  const format = content[0]! & FORMAT_BITS;
  if (format === FORMAT) return HEADER_BYTES;
  if (format === INTERVIEW || format === REJECTED_INTERVIEW) return INTERVIEW_HEADER_BYTES;
  throw new Error(`unknown answer sheet format ${content[0]}`);
}

/** The answers part of a sheet: two sheets of one layout and size with equal bodies gave the same answers. */
export function sheetBody(content: Buffer): Buffer {
  return content.subarray(headerBytes(content));
}

function encodeInterviewMark(mark: InterviewMark): Buffer {
  const bytes = Buffer.alloc(INTERVIEW_HEADER_BYTES - HEADER_BYTES);
  bytes[0] = mark.rejectReason;
  bytes.writeUInt32BE(mark.enumeratorId, 1);
  const uuid = mark.uuid ? Buffer.from(mark.uuid.replace(/-/g, ''), 'hex') : Buffer.alloc(16);
  if (uuid.length !== 16) throw new Error('an interview id is a UUID');
  uuid.copy(bytes, 5);
  return bytes;
}

/** The interview part of a stored sheet, or undefined for a link's answer. */
export function interviewMarkOf(content: Buffer): InterviewMark | undefined {
  if (headerBytes(content) !== INTERVIEW_HEADER_BYTES) return undefined;
  return {
    rejectReason: content[HEADER_BYTES]!,
    enumeratorId: content.readUInt32BE(HEADER_BYTES + 1),
    uuid: uuidText(content.subarray(HEADER_BYTES + 5, HEADER_BYTES + 21)),
  };
}

/** A copy of a stored interview sheet with another mark: the same size, so it is written over the slot in place. */
export function withInterviewMark(content: Buffer, mark: InterviewMark): Buffer {
  if (!interviewMarkOf(content)) throw new Error('not an interview');
  const copy = Buffer.from(content);
  encodeInterviewMark(mark).copy(copy, HEADER_BYTES);
  return copy;
}

/** 16 bytes as a UUID's text ('' for the zeros the purge leaves). */
function uuidText(bytes: Buffer): string {
  if (bytes.every((b) => b === 0)) return '';
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function u16(value: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(value);
  return b;
}

function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00.000Z`) / DAY_MS);
}
