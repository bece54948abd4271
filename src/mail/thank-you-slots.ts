import { inTransaction, perConnection, type Db } from '../db/client';
import { inGroupCommit } from '../db/group-commit';
import { slotCapacity } from '../slot-capacity';
import { newRandomId, randomBelow, shuffled } from '../tokens';
import { afterFailure, DEFAULT_RETRY, type DeliveryOutcome, type RetryPolicy } from './retry-policy';
import type { Mailer } from './transport';

// Thank-you mails wait in fixed-size slots written in place, never in outbox rows: a row that is deleted frees
// its cell, and SQLite then rebuilds pages and leaves copies of the addresses it moved in their free space, in an
// order that follows the answers (docs/DOMAIN.md § Anonymity and personal data; src/db/schema.ts, thank_you_slots).

/** A thank-you mail as queued: its campaign (so a purge can find it), its recipient and its rendered parts. */
export type ThankYouMail = { campaignId: number; to: string; subject: string; html: string; text: string };

/** A thank-you mail claimed for delivery; `key` finds its slot again, wherever a pool's growth has put it. */
export type ClaimedThankYou = ThankYouMail & { capacity: number; key: Buffer; attempts: number };

/**
 * A full pool gets this many more slots, appended. Fixed, not in proportion to the pool: the submit that grows
 * it writes a bounded amount (the new slots and at most as many moved mails, see growPool) however long the
 * queue, and the pool ends no larger than the longest queue plus one batch. Slots are never removed: removing a
 * row frees its cell, which is what makes SQLite rebuild a page and leave copies behind.
 */
const GROWTH = 32;
/** The smallest slot: a mail of the built-in template takes about 3 KB; a campaign's longer one fits too. */
const MIN_CAPACITY = 8192;
const MINUTE_MS = 60_000;

// state: key (21 random bytes) · status u8 (0 free, 1 queued, 2 sending) · attempts u8 · next attempt u48 · claim minute u48 (ms, big-endian)
const KEY_BYTES = 21;
const STATE_BYTES = KEY_BYTES + 14;
const QUEUED = 1;
const SENDING = 2;
type State = { key: Buffer; status: number; attempts: number; nextAttemptAt: number; lockedAt: number };
const EMPTY_STATE = Buffer.alloc(STATE_BYTES);

function encodeState(s: State): Buffer {
  const b = Buffer.alloc(STATE_BYTES);
  s.key.copy(b, 0);
  b[KEY_BYTES] = s.status;
  b[KEY_BYTES + 1] = Math.min(255, s.attempts);
  b.writeUIntBE(s.nextAttemptAt, KEY_BYTES + 2, 6);
  b.writeUIntBE(s.lockedAt, KEY_BYTES + 8, 6);
  return b;
}

function decodeState(b: Buffer): State {
  return {
    key: b.subarray(0, KEY_BYTES),
    status: b[KEY_BYTES]!,
    attempts: b[KEY_BYTES + 1]!,
    nextAttemptAt: b.readUIntBE(KEY_BYTES + 2, 6),
    lockedAt: b.readUIntBE(KEY_BYTES + 8, 6),
  };
}

// mail: campaign id u32 · then recipient, subject, text, HTML, each a u32 byte length and its UTF-8 bytes ·
// zeros up to the slot's capacity.
const PARTS = ['to', 'subject', 'text', 'html'] as const;

function encodeMail(mail: ThankYouMail): Buffer {
  const parts = [u32(mail.campaignId)];
  for (const name of PARTS) {
    const bytes = Buffer.from(mail[name], 'utf8');
    parts.push(u32(bytes.length), bytes);
  }
  const bytes = Buffer.concat(parts);
  const slot = Buffer.alloc(slotCapacity(bytes.length, MIN_CAPACITY));
  bytes.copy(slot);
  return slot;
}

function decodeMail(b: Buffer): ThankYouMail {
  const mail = { campaignId: b.readUInt32BE(0), to: '', subject: '', text: '', html: '' };
  let at = 4;
  for (const name of PARTS) {
    const length = b.readUInt32BE(at);
    mail[name] = b.toString('utf8', at + 4, at + 4 + length);
    at += 4 + length;
  }
  return mail;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

type Slot = [capacity: number, slot: number];
type Held = { capacity: number; slot: number; state: Buffer };

const statements = perConnection((c) => ({
  size: c.prepare<[number], number>('SELECT count(*) FROM thank_you_slots WHERE capacity = ?').pluck(),
  free: c
    .prepare<[number], number>('SELECT slot FROM thank_you_slots WHERE capacity = ? AND filled = 0')
    .pluck(),
  held: c.prepare<[], Held>('SELECT capacity, slot, state FROM thank_you_slots WHERE filled = 1'),
  ofCampaign: c.prepare<[Buffer], { capacity: number; slot: number }>(
    'SELECT capacity, slot FROM thank_you_slots WHERE filled = 1 AND substr(mail, 1, 4) = ?',
  ),
  withKey: c
    .prepare<[number, Buffer], number>(
      `SELECT slot FROM thank_you_slots WHERE capacity = ? AND filled = 1 AND substr(state, 1, ${KEY_BYTES}) = ?`,
    )
    .pluck(),
  read: c.prepare<Slot, { state: Buffer; mail: Buffer }>(
    'SELECT state, mail FROM thank_you_slots WHERE capacity = ? AND slot = ?',
  ),
  // Same sizes every time: SQLite overwrites the record where it lies.
  write: c.prepare<[number, Buffer, Buffer, ...Slot]>(
    'UPDATE thank_you_slots SET filled = ?, state = ?, mail = ? WHERE capacity = ? AND slot = ?',
  ),
  setState: c.prepare<[Buffer, ...Slot]>(
    'UPDATE thank_you_slots SET state = ? WHERE capacity = ? AND slot = ?',
  ),
  append: c.prepare<[...Slot, Buffer, Buffer]>(
    'INSERT INTO thank_you_slots (capacity, slot, state, mail) VALUES (?, ?, ?, ?)',
  ),
}));

/**
 * Queues a thank-you mail: written over a free slot drawn at random, due at once. No time is stored with it (the
 * answer's time would order it among the others) and no id, only a random key. Call inside the transaction that
 * stores the answer.
 */
export function queueThankYou(db: Db, mail: ThankYouMail): void {
  const content = encodeMail(mail);
  const state = encodeState({ key: newKey(), status: QUEUED, attempts: 0, nextAttemptAt: 0, lockedAt: 0 });
  const s = statements(db);
  const free = s.free.all(content.length);
  if (free.length > 0) s.write.run(1, state, content, content.length, free[randomBelow(free.length)]!);
  else growPool(db, content.length, state, content);
}

/**
 * Appends GROWTH slots to a full pool (or starts one) and places the new mail, leaving the waiting mails spread
 * over old and new slots as if each had been drawn at random among all of them: the slots that will hold mails
 * are drawn at random, the new mail takes one of them at random, and only the mails whose old slot was not drawn
 * move, each to one of the drawn new slots, their former slots zeroed. Without this the newest slots would hold
 * the newest mails, and a copy of the file would order the mails still waiting. At most GROWTH mails move.
 */
function growPool(db: Db, capacity: number, state: Buffer, content: Buffer): void {
  const s = statements(db);
  const size = s.size.get(capacity) ?? 0; // every slot holds a mail: none was free
  const grown = size + GROWTH;
  const emptyMail = Buffer.alloc(capacity);
  for (let slot = size; slot < grown; slot++) s.append.run(capacity, slot, EMPTY_STATE, emptyMail);
  const [target, ...drawn] = shuffled(Array.from({ length: grown }, (_, i) => i)).slice(0, size + 1);
  const keep = new Set(drawn);
  const moving = Array.from({ length: size }, (_, slot) => slot).filter((slot) => !keep.has(slot));
  const into = drawn.filter((slot) => slot >= size);
  moving.forEach((from, i) => {
    const held = s.read.get(capacity, from)!;
    s.write.run(1, held.state, held.mail, capacity, into[i]!);
    if (from !== target) s.write.run(0, EMPTY_STATE, emptyMail, capacity, from);
  });
  s.write.run(1, state, content, capacity, target!);
}

/**
 * Marks up to `limit` due thank-you mails `sending` and returns them, drawn at random among the due ones: taken
 * in slot order, the first slots would be freed first and the next mails would land there, so that the slots'
 * order would follow the queue's. The claim time is kept to the minute only, as the queue time is not kept.
 */
export function claimDueThankYous(db: Db, now: number, limit: number): ClaimedThankYou[] {
  if (limit <= 0) return [];
  const s = statements(db);
  const dueNow = () =>
    s.held
      .all()
      .map((h) => ({ ...h, state: decodeState(h.state) }))
      .filter((h) => h.state.status === QUEUED && h.state.nextAttemptAt <= now);
  // The worker looks every second: a look that finds nothing takes no write lock.
  if (dueNow().length === 0) return [];
  return inTransaction(db, () => {
    const due = shuffled(dueNow()).slice(0, limit);
    return due.map(({ capacity, slot, state }) => {
      s.setState.run(
        encodeState({ ...state, status: SENDING, lockedAt: Math.floor(now / MINUTE_MS) * MINUTE_MS }),
        capacity,
        slot,
      );
      const mail = decodeMail(s.read.get(capacity, slot)!.mail);
      return { ...mail, capacity, key: Buffer.from(state.key), attempts: state.attempts };
    });
  });
}

/** Thank-you mails left `sending` (claimed at or before `lockedBefore`) go back to the queue, like outbox rows. */
export function releaseStuckThankYous(db: Db, lockedBefore: number): number {
  const s = statements(db);
  return inTransaction(db, () => {
    let released = 0;
    for (const h of s.held.all()) {
      const state = decodeState(h.state);
      if (state.status !== SENDING || state.lockedAt > lockedBefore) continue;
      s.setState.run(encodeState({ ...state, status: QUEUED, lockedAt: 0 }), h.capacity, h.slot);
      released++;
    }
    return released;
  });
}

/**
 * Sends one claimed thank-you mail. Once its delivery ends (sent, bounced, or failed after the last retry) its
 * slot is overwritten with zeros: nothing of it stays. A temporary failure puts it back with its next attempt.
 */
export async function deliverThankYou(
  db: Db,
  mailer: Mailer,
  mail: ClaimedThankYou,
  options: { from: string; clock: () => number; retry?: RetryPolicy },
): Promise<Exclude<DeliveryOutcome, 'dropped'>> {
  try {
    await mailer.send({
      from: options.from,
      to: mail.to,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
    });
    await inGroupCommit(db, () => erase(db, mail));
    return 'sent';
  } catch (error) {
    const attempts = mail.attempts + 1;
    const next = afterFailure(error, attempts, options.retry ?? DEFAULT_RETRY);
    if (next.outcome !== 'retried') {
      await inGroupCommit(db, () => erase(db, mail));
      return next.outcome;
    }
    const nextAttemptAt = options.clock() + next.delayMs;
    await inGroupCommit(db, () => {
      const slot = statements(db).withKey.get(mail.capacity, mail.key);
      if (slot === undefined) return; // purged meanwhile
      const state = encodeState({ key: mail.key, status: QUEUED, attempts, nextAttemptAt, lockedAt: 0 });
      statements(db).setState.run(state, mail.capacity, slot);
    });
    return 'retried';
  }
}

function erase(db: Db, mail: ClaimedThankYou): void {
  const s = statements(db);
  const slot = s.withKey.get(mail.capacity, mail.key);
  if (slot !== undefined) s.write.run(0, EMPTY_STATE, Buffer.alloc(mail.capacity), mail.capacity, slot);
}

/** Zeroes a campaign's waiting thank-you mails (the purge of its personal data); returns how many. */
export function dropThankYous(db: Db, campaignId: number): number {
  const s = statements(db);
  const held = s.ofCampaign.all(u32(campaignId));
  for (const h of held) s.write.run(0, EMPTY_STATE, Buffer.alloc(h.capacity), h.capacity, h.slot);
  return held.length;
}

function newKey(): Buffer {
  return Buffer.from(newRandomId(), 'latin1');
}
