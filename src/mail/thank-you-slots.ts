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

/**
 * A thank-you mail claimed for delivery: `slot` is where it was claimed, `key` finds it again if a pool's growth
 * has moved it since.
 */
export type ClaimedThankYou = ThankYouMail & {
  capacity: number;
  slot: number;
  key: Buffer;
  attempts: number;
};

/**
 * A crowded pool gets this many more slots, appended. Fixed, not in proportion to the pool: the submit that grows
 * it writes a bounded amount (the new slots and on average fewer moved mails, see growPool) however long the
 * queue. Slots are never removed: removing a row frees its cell, which is what makes SQLite rebuild a page and
 * leave copies behind.
 */
const GROWTH = 32;
/**
 * A new mail looks for a free slot by trying slots drawn at random, and a pool where this many tries in a row
 * find a mail is crowded: it grows. A pool thus stays about a third free while mails pile up (a pool of occupancy
 * ρ grows with probability ρ^8 by 32 slots: ρ^9 × 32 = 1 when ρ ≈ 0.68), so a free slot is found in about three
 * tries, never by reading the whole pool.
 */
const CROWDED_AFTER_TRIES = 8;
/** Tries before reading the pool's free slots in full: only a pool nearly full after growing needs it. */
const MAX_TRIES = 32;
/**
 * The smallest slot, 3,968 bytes: a mail of the built-in template takes about 2.8 KB, and a slot this size keeps
 * its whole record on one 4 KB page, so filling or zeroing it writes one page and no overflow page.
 */
const MIN_CAPACITY = 3968;
/** Due mails found by one read of the pool are claimed from memory for this long before the pool is read again. */
const CANDIDATES_MAX_AGE_MS = 10_000;
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
  // The unique (capacity, slot) index answers both: never a read of the whole pool.
  size: c
    .prepare<[number], number>('SELECT coalesce(max(slot) + 1, 0) FROM thank_you_slots WHERE capacity = ?')
    .pluck(),
  isFilled: c
    .prepare<Slot, number>('SELECT filled FROM thank_you_slots WHERE capacity = ? AND slot = ?')
    .pluck(),
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
  stateAt: c
    .prepare<Slot, Buffer>('SELECT state FROM thank_you_slots WHERE capacity = ? AND slot = ? AND filled = 1')
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
  // Appended empty, or holding a mail a growth moved there.
  append: c.prepare<[...Slot, number, Buffer, Buffer]>(
    'INSERT INTO thank_you_slots (capacity, slot, filled, state, mail) VALUES (?, ?, ?, ?, ?)',
  ),
}));

/**
 * Queues a thank-you mail: written over a free slot drawn at random, due at once. No time is stored with it (the
 * answer's time would order it among the others) and no id, only a random key. Call inside the transaction that
 * stores the answer.
 */
export function queueThankYou(db: Db, mail: ThankYouMail): void {
  const content = encodeMail(mail);
  const capacity = content.length;
  const state = encodeState({ key: newKey(), status: QUEUED, attempts: 0, nextAttemptAt: 0, lockedAt: 0 });
  let slot = drawFreeSlot(db, capacity, CROWDED_AFTER_TRIES);
  if (slot === undefined) {
    growPool(db, capacity);
    slot = drawFreeSlot(db, capacity, MAX_TRIES) ?? drawFromFreeList(db, capacity);
  }
  statements(db).write.run(1, state, content, capacity, slot);
}

/**
 * A free slot drawn uniformly at random among the pool's free ones: slots are tried at random and the first free
 * one taken (each try is as likely to land on any free slot). Undefined after `tries` misses.
 */
function drawFreeSlot(db: Db, capacity: number, tries: number): number | undefined {
  const s = statements(db);
  const size = s.size.get(capacity) ?? 0;
  for (let i = 0; i < tries && size > 0; i++) {
    const slot = randomBelow(size);
    if (s.isFilled.get(capacity, slot) === 0) return slot;
  }
  return undefined;
}

/** The fallback after a run of unlucky tries: every free slot read, one drawn. Growing leaves some free. */
function drawFromFreeList(db: Db, capacity: number): number {
  const free = statements(db).free.all(capacity);
  return free[randomBelow(free.length)]!;
}

/**
 * Appends GROWTH empty slots to a pool (or starts one), leaving the waiting mails spread over old and new slots as
 * if each had been placed at random among all of them: each new slot in turn swaps contents with a slot drawn at
 * random among those up to it (it may draw itself). This extends a random arrangement to a random arrangement of
 * the longer pool (the "inside-out" shuffle), so the new slots do not hold only the mails queued after they were
 * made, and a copy of the file does not order the mails still waiting. At most GROWTH mails move. A mail being
 * sent counts as gone (its slot is zeroed once the relay has answered), so its sender finds it where it took it.
 */
function growPool(db: Db, capacity: number): void {
  const s = statements(db);
  const size = s.size.get(capacity) ?? 0;
  const emptyMail = Buffer.alloc(capacity);
  for (let slot = size; slot < size + GROWTH; slot++) {
    const other = randomBelow(slot + 1);
    const held =
      other === slot || s.isFilled.get(capacity, other) === 0 ? undefined : s.read.get(capacity, other);
    // A mail being sent stays where its sender will zero it, as if already gone: it leaves the pool either way.
    if (!held || decodeState(held.state).status === SENDING) {
      s.append.run(capacity, slot, 0, EMPTY_STATE, emptyMail);
      continue;
    }
    s.append.run(capacity, slot, 1, held.state, held.mail);
    s.write.run(0, EMPTY_STATE, emptyMail, capacity, other);
  }
}

type Candidate = { capacity: number; slot: number; key: Buffer };
/** Per connection: due mails in random order, read from the pool at `readAt`. */
const candidates = perConnection(() => ({ list: [] as Candidate[], readAt: 0 }));

/**
 * Marks up to `limit` due thank-you mails `sending` and returns them, drawn at random among the due ones: taken
 * in slot order, the first slots would be freed first and the next mails would land there, so that the slots'
 * order would follow the queue's. The pool is read once for many claims (the worker claims again as mails leave)
 * and read again when those run out or grow old; each mail is checked in its slot before it is claimed. The claim
 * time is kept to the minute only, as the queue time is not kept.
 */
export function claimDueThankYous(db: Db, now: number, limit: number): ClaimedThankYou[] {
  if (limit <= 0 || !hasDueThankYou(db, now)) return [];
  const s = statements(db);
  const cached = candidates(db);
  return inTransaction(db, () => {
    const claimed: ClaimedThankYou[] = [];
    let reread = false;
    while (claimed.length < limit) {
      if (cached.list.length === 0) {
        if (reread) break;
        readCandidates(db, now); // run out while more are wanted: the pool may hold mails queued since the last read
        reread = true;
        continue;
      }
      const { capacity, slot, key } = cached.list.pop()!;
      const stored = s.stateAt.get(capacity, slot);
      if (stored === undefined) continue; // delivered, purged or moved since the read
      const state = decodeState(stored);
      if (!state.key.equals(key) || state.status !== QUEUED || state.nextAttemptAt > now) continue;
      s.setState.run(
        encodeState({ ...state, status: SENDING, lockedAt: Math.floor(now / MINUTE_MS) * MINUTE_MS }),
        capacity,
        slot,
      );
      const mail = decodeMail(s.read.get(capacity, slot)!.mail);
      claimed.push({ ...mail, capacity, slot, key, attempts: state.attempts });
    }
    return claimed;
  });
}

/**
 * Whether a thank-you mail may be due at `now` (the worker looks every second: a look that finds nothing takes no
 * write lock). Reads the pool when the due mails found by the last read are used up or old.
 */
export function hasDueThankYou(db: Db, now: number): boolean {
  const cached = candidates(db);
  if (cached.list.length === 0 || now - cached.readAt >= CANDIDATES_MAX_AGE_MS || now < cached.readAt) {
    readCandidates(db, now);
  }
  return cached.list.length > 0;
}

function readCandidates(db: Db, now: number): void {
  const cached = candidates(db);
  cached.list = shuffled(
    statements(db)
      .held.all()
      .map((h) => ({ ...h, state: decodeState(h.state) }))
      .filter((h) => h.state.status === QUEUED && h.state.nextAttemptAt <= now)
      .map((h) => ({ capacity: h.capacity, slot: h.slot, key: Buffer.from(h.state.key) })),
  );
  cached.readAt = now;
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

/** Claimed thank-you mails that were not sent go back to the queue (a worker stopping with some in hand). */
export function releaseClaimedThankYous(db: Db, mails: ClaimedThankYou[]): void {
  const s = statements(db);
  for (const mail of mails) {
    const slot = slotOf(db, mail);
    if (slot === undefined) continue;
    const state = decodeState(s.stateAt.get(mail.capacity, slot)!);
    if (state.status === SENDING)
      s.setState.run(encodeState({ ...state, status: QUEUED, lockedAt: 0 }), mail.capacity, slot);
  }
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
): Promise<DeliveryOutcome> {
  // Zeroed since it was claimed (its campaign's personal data purged): not sent.
  if (slotOf(db, mail) === undefined) return 'dropped';
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
      const slot = slotOf(db, mail);
      if (slot === undefined) return; // purged meanwhile
      const state = encodeState({ key: mail.key, status: QUEUED, attempts, nextAttemptAt, lockedAt: 0 });
      statements(db).setState.run(state, mail.capacity, slot);
    });
    return 'retried';
  }
}

function erase(db: Db, mail: ClaimedThankYou): void {
  const slot = slotOf(db, mail);
  if (slot !== undefined)
    statements(db).write.run(0, EMPTY_STATE, Buffer.alloc(mail.capacity), mail.capacity, slot);
}

/** Where a claimed mail is now: the slot it was claimed in, unless a pool's growth moved it (then found by key). */
function slotOf(db: Db, mail: ClaimedThankYou): number | undefined {
  const s = statements(db);
  const there = s.stateAt.get(mail.capacity, mail.slot);
  if (there !== undefined && there.subarray(0, KEY_BYTES).equals(mail.key)) return mail.slot;
  return s.withKey.get(mail.capacity, mail.key);
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
