import { perConnection, type Db } from '../db/client';
import { getCachedFormDefinition } from '../forms/cached-form-definition';
import { randomBelow, shuffled } from '../tokens';
import { vnDay } from '../time';
import { encodeAnswerSheet, type AnswerRow, type InterviewMark } from './answer-encoding';

export type { AnswerRow } from './answer-encoding';

export type AnonymousResponse = {
  campaignId: number;
  unitId: number;
  formType: string;
  definitionVersion: number;
  answers: AnswerRow[];
  /** An interview's enumerator, review state and device id (src/interviews); absent for a link's answer. */
  interview?: InterviewMark;
  /** The Vietnam day kept with the answer: the day of `now` unless given (an interview's own day). */
  day?: string;
};

/** Slots a pool starts with; a pool that is (nearly) full doubles. */
const FIRST_POOL_SIZE = 8;
/**
 * Random draws among all of a pool's slots before it is treated as full: at half full, all of them miss once in
 * 4,000 fills; past ~85 % full, often enough that the pool doubles soon. No draw ever scans the pool.
 */
const PROBES = 12;

// A pool: campaign, unit, form type and slot capacity (src/db/schema.ts, response_slots).
type Pool = [campaignId: number, unitId: number, formType: string, capacity: number];

const POOL = 'campaign_id = ? AND unit_id = ? AND form_type = ? AND capacity = ?';
// Prepared once per connection: every submission runs these.
const statements = perConnection((c) => ({
  size: c.prepare<Pool, number | null>(`SELECT max(slot) + 1 FROM response_slots WHERE ${POOL}`).pluck(),
  isFree: c
    .prepare<[...Pool, number], number>(`SELECT filled = 0 FROM response_slots WHERE ${POOL} AND slot = ?`)
    .pluck(),
  fill: c.prepare<[Buffer, ...Pool, number]>(
    `UPDATE response_slots SET filled = 1, content = ? WHERE ${POOL} AND slot = ? AND filled = 0`,
  ),
  filled: c.prepare<Pool, { slot: number; content: Buffer }>(
    `SELECT slot, content FROM response_slots WHERE ${POOL} AND filled = 1`,
  ),
  rewrite: c.prepare<[number, Buffer, ...Pool, number]>(
    `UPDATE response_slots SET filled = ?, content = ? WHERE ${POOL} AND slot = ?`,
  ),
  append: c.prepare<[...Pool, number, Buffer]>(
    `INSERT INTO response_slots (campaign_id, unit_id, form_type, capacity, slot, content) VALUES (?, ?, ?, ?, ?, ?)`,
  ),
}));

/**
 * Stores an answer sheet with no link to its respondent and nothing that orders it among the others
 * (docs/DOMAIN.md § Anonymity and personal data): the questionnaire version, the Vietnam day and the answers,
 * written over a free slot drawn at random from the pool of its unit, form type and size, with exactly the
 * slot's bytes. Call inside the transaction that marks the invitation answered. `heldReasons` (an open link's
 * checks, src/responses/held-answers.ts) keeps it out of every count until an admin accepts it.
 */
export function storeResponse(db: Db, response: AnonymousResponse, now: number, heldReasons = 0): void {
  const { campaignId, unitId, formType, definitionVersion } = response;
  const form = getCachedFormDefinition(db, campaignId, formType, definitionVersion);
  if (!form)
    throw new Error(`no questionnaire ${formType} version ${definitionVersion} in campaign ${campaignId}`);
  const content = encodeAnswerSheet(
    form.definition,
    {
      version: definitionVersion,
      day: response.day ?? vnDay(now),
      answers: response.answers,
      interview: response.interview,
    },
    heldReasons,
  );
  const pool: Pool = [campaignId, unitId, formType, content.length];
  const slot = drawFreeSlot(db, pool) ?? growPool(db, pool);
  if (statements(db).fill.run(content, ...pool, slot).changes !== 1)
    throw new Error('answer slot was not free');
}

/**
 * A free slot drawn at random, every free one equally likely (a draw over all slots, kept when free); undefined
 * when the pool is absent, or when every draw found its slot taken: the pool is then (nearly) full.
 */
function drawFreeSlot(db: Db, pool: Pool): number | undefined {
  const s = statements(db);
  const size = s.size.get(...pool) ?? 0;
  for (let i = 0; size > 0 && i < PROBES; i++) {
    const slot = randomBelow(size);
    if (s.isFree.get(...pool, slot) === 1) return slot;
  }
  return undefined;
}

/**
 * Doubles a (nearly) full pool, or starts one, and returns a free slot drawn at random. The new slots are
 * appended; then the answers the pool held are dealt out again over all its slots in a random order, each slot
 * overwritten in place. The slots added last thus hold as many early answers as any others: which block a slot
 * belongs to says nothing about when its answer came, and no row ever moves (src/db/schema.ts, response_slots).
 */
function growPool(db: Db, pool: Pool): number {
  const s = statements(db);
  const size = s.size.get(...pool) ?? 0;
  const held = s.filled.all(...pool);
  const grown = Math.max(FIRST_POOL_SIZE, 2 * size);
  const empty = Buffer.alloc(pool[3]);
  for (let slot = size; slot < grown; slot++) s.append.run(...pool, slot, empty);
  const positions = shuffled(Array.from({ length: grown }, (_, i) => i));
  const contents = new Array<Buffer | undefined>(grown);
  held.forEach(({ content }, i) => (contents[positions[i]!] = content));
  const wasFilled = new Set(held.map((h) => h.slot));
  for (let slot = 0; slot < grown; slot++) {
    const content = contents[slot];
    // Same size either way: every write is in place. A slot empty before and after needs none.
    if (content || wasFilled.has(slot)) s.rewrite.run(content ? 1 : 0, content ?? empty, ...pool, slot);
  }
  return positions[held.length + randomBelow(grown - held.length)]!;
}
