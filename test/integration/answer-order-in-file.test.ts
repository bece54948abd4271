import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { DEFAULT_FORMS } from '../../src/forms/default-forms';
import { allQuestions } from '../../src/forms/definition';
import { newToken } from '../../src/tokens';
import { deliverDueMail } from '../../src/scheduler/mail-delivery';
import { backupDatabase } from '../../src/ops/backup';
import { makeRespondent } from '../helpers/factories';
import {
  btreeCells,
  btreePages,
  kendallTau,
  loggedPages,
  readFileImage,
  readSchema,
  strayCopies,
  unusedRuns,
  type Cell,
  type Value,
} from '../helpers/sqlite-file';
import { csrfFor, encodeForm, validAnswers } from '../helpers/survey';
import { surveyFixture } from '../helpers/survey-fixture';

// docs/DOMAIN.md § Anonymity and personal data: someone holding a copy of the database file (or its journal, or
// a backup) taken right after answers came in must not be able to order the responses, nor the people who
// answered within a day: joining the two orders would name every respondent.

const N = 200;
/** The k-th answer comes from person ORDER[k]; people are created 0…199. Chosen so that the creation order says nothing about the answering order (|τ| = 0.01 overall; under 0.1 pooled over blocks of 8 to 40 people created one after another, as rows sharing a page are). */
const ORDER = Array.from({ length: N }, (_, k) => (173 * k + 5) % N);
const BOUND = 0.25;

type Finding = { where: string; tau: number };

describe('an attacker reading the database file cannot order the responses or the people who gave them', () => {
  const f = surveyFixture();
  const snapshots = path.join(f.dir, 'snapshots');
  const people: Array<{ email: string; token: string; invitationId: number }> = [];
  // The k-th answer's free text names its author, so the reader can tell answers apart; sorting the texts sorts
  // people, which ORDER makes unrelated to the answering order.
  const markers = ORDER.map((person) => `@@nguoi${String(person).padStart(3, '0')}@@`);
  let loggedBefore = 0;
  const strayBefore = new Set<string>();
  afterAll(() => f.close());

  beforeAll(async () => {
    fs.mkdirSync(snapshots);
    // Tokens are random; sorted here into the creation order, so that any order they show is the creation order.
    const tokens = Array.from({ length: N }, () => newToken()).sort();
    for (let i = 0; i < N; i++) {
      const p = makeRespondent(f.db, f.campaign.id, f.unit.id, {
        email: `nguoi${String(i).padStart(3, '0')}@soctrang.gov.vn`,
        fullName: `Người Số ${i}`,
        tokens: [tokens[i]!],
      });
      people.push({ email: p.person.email, token: tokens[i]!, invitationId: p.invitations[0]!.id });
    }
    loggedBefore = loggedPages(f.file).length;
    // Creating the people split index pages, which keeps copies of addresses in their free space, in the order the
    // people were created: there before any answer, they say nothing about it.
    const before = readFileImage(copyFiles('before-answers'));
    for (const s of strayCopies(before, [...people.map((p) => p.email), ...people.map((p) => p.token)]))
      strayBefore.add(`${s.needle} on page ${s.page}`);
    const pair = await csrfFor(f.app, people[0]!.token);
    const text = allQuestions(DEFAULT_FORMS.cbcc).find((q) => q.kind === 'text')!;
    for (let k = 0; k < N; k++) {
      f.clock.now += 60_000 + k; // distinct, increasing times, all on the same day
      const res = await request(f.app)
        .post(`/s/${people[ORDER[k]!]!.token}`)
        .set('Cookie', pair.cookie)
        .type('form')
        .send(
          encodeForm({
            _csrf: pair.csrf,
            ...validAnswers(DEFAULT_FORMS.cbcc),
            [`q_${text.id}`]: `Ý kiến ${markers[k]}`,
          }),
        );
      expect(res.status).toBe(303);
    }
  });

  /** Copies the database file and whatever lies beside it, as someone with read access to the folder would. */
  function copyFiles(name: string): string {
    const target = path.join(snapshots, name);
    for (const suffix of ['', '-wal', '-journal']) {
      if (fs.existsSync(`${f.file}${suffix}`)) fs.copyFileSync(`${f.file}${suffix}`, `${target}${suffix}`);
    }
    return target;
  }

  /** Every order the reader can recover from a file, measured against the true answering order. */
  function findings(file: string, baseline = 0): { responses: Finding[]; people: Finding[] } {
    const image = readFileImage(file);
    const schema = readSchema(image).filter((e) => e.rootpage > 0);
    const tables = new Map(schema.map((e) => [e.name, e]));
    const answeredOn = new Map(ORDER.map((person, k) => [person, k]));

    // Which response a cell belongs to: the marker typed in its free-text answer, or an id seen beside one.
    const responseIds = new Map<string, number>();
    const markerIn = (values: Value[]): number | undefined => {
      for (const v of values) {
        const text = typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString('utf8') : '';
        const k = markers.findIndex((m) => text.includes(m));
        if (k >= 0) return k;
      }
      return undefined;
    };
    const allCells = schema.map((e) => ({ entry: e, cells: btreeCells(image, e.rootpage) }));
    for (const { cells } of allCells) {
      for (const c of cells) {
        const k = markerIn(c.values);
        if (k === undefined) continue;
        for (const v of c.values)
          if (typeof v === 'string' && /^[0-9A-Za-z_-]{21}$/.test(v)) responseIds.set(v, k);
      }
    }
    const responseOf = (c: Cell) =>
      markerIn(c.values) ??
      c.values
        .map((v) => (typeof v === 'string' ? responseIds.get(v) : undefined))
        .find((k) => k !== undefined);

    // Who a cell belongs to: an invitation's rowid (also the last column of its indexes), an address or a link.
    const byInvitation = new Map(people.map((p, i) => [p.invitationId, i]));
    const personOf = (table: string, isIndex: boolean, c: Cell): number | undefined => {
      if (table === 'invitations') return byInvitation.get(Number(isIndex ? c.values.at(-1) : c.rowid));
      for (const value of c.values) {
        const v = typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('utf8') : '';
        const i = people.findIndex((p) => v.includes(p.email) || v.includes(p.token));
        if (i >= 0) return i;
      }
      return undefined;
    };

    const measure = (where: string, items: Array<{ cell: Cell; order: number }>): Finding[] => {
      if (new Set(items.map((x) => x.order)).size < 2) return [];
      const truth = (x: { order: number }) => x.order;
      const out: Finding[] = [
        {
          where: `${where}: cell offsets within a page`,
          tau: kendallTau(
            items,
            truth,
            (x) => -x.cell.offset,
            (a, b) => a.cell.page === b.cell.page,
          ),
        },
        {
          where: `${where}: page, then offset`,
          tau: kendallTau(items, truth, (x) => x.cell.page * 65536 - x.cell.offset),
        },
        { where: `${where}: key order`, tau: kendallTau(items, truth, (x) => x.cell.rank) },
      ];
      if (items[0]!.cell.rowid !== undefined) {
        out.push({ where: `${where}: rowid`, tau: kendallTau(items, truth, (x) => x.cell.rowid!) });
      }
      const width = Math.max(...items.map((x) => x.cell.values.length));
      for (let i = 0; i < width; i++) {
        const key = (x: { cell: Cell }) => {
          const v = x.cell.values[i];
          return Buffer.isBuffer(v) ? v.toString('hex') : typeof v === 'bigint' ? v : (v ?? '');
        };
        out.push({ where: `${where}: column ${i}`, tau: kendallTau(items, truth, key) });
      }
      return out;
    };

    const responses: Finding[] = [];
    const found: Finding[] = [];
    for (const { entry, cells } of allCells) {
      const isIndex = entry.type === 'index';
      const label = `${entry.type} ${entry.name}`;
      responses.push(
        ...measure(
          label,
          cells.flatMap((cell) => {
            const k = responseOf(cell);
            return k === undefined ? [] : [{ cell, order: k }];
          }),
        ),
      );
      found.push(
        ...measure(
          label,
          cells.flatMap((cell) => {
            const person = personOf(entry.table, isIndex, cell);
            return person === undefined ? [] : [{ cell, order: answeredOn.get(person)! }];
          }),
        ),
      );
    }
    expect(tables.has('invitations')).toBe(true);

    // Page images left in a -wal or -journal: the order in which answers and addresses first appear there.
    const logged = loggedPages(file).slice(baseline);
    const firstSeen = (needles: string[]) =>
      needles.map((needle) => logged.findIndex((p) => p.data.includes(needle)));
    const fromLog = (where: string, seen: number[], order: (i: number) => number): Finding[] => {
      const items = seen.flatMap((at, i) => (at < 0 ? [] : [{ at, order: order(i) }]));
      return items.length < 2
        ? []
        : [
            {
              where,
              tau: kendallTau(
                items,
                (x) => x.order,
                (x) => x.at,
              ),
            },
          ];
    };
    responses.push(
      ...fromLog('journal/WAL: first page image holding each answer', firstSeen(markers), (k) => k),
    );
    found.push(
      ...fromLog(
        'journal/WAL: first page image holding each address',
        firstSeen(people.map((p) => p.email)),
        (i) => answeredOn.get(i)!,
      ),
    );
    return { responses, people: found };
  }

  const worst = (list: Finding[]) => list.filter((x) => Math.abs(x.tau) >= BOUND);

  it('reads the answers back from the file (the reader sees what it must judge)', () => {
    const image = readFileImage(copyFiles('reader-check'));
    const seen = markers.filter((m) => [...image.pages.values()].some((page) => page.includes(m)));
    expect(seen).toHaveLength(N);
  });

  it('right after the answers, nothing orders the responses, nor the people whose thank-you mails wait', async () => {
    const live = findings(copyFiles('after-answers'), loggedBefore);
    const backup = path.join(snapshots, 'backup-after-answers.sqlite');
    await backupDatabase(f.db, backup);
    const copy = findings(backup);
    for (const result of [live, copy]) {
      expect(worst(result.responses)).toEqual([]);
      // The waiting mails hold their recipients (docs/DOMAIN.md): the reader finds every one of them, and measures
      // every way their slots could be ordered.
      expect(result.people.map((x) => x.where)).toContain('table thank_you_slots: rowid');
      expect(worst(result.people)).toEqual([]);
    }
    for (const file of [path.join(snapshots, 'after-answers'), backup]) {
      const image = readFileImage(file);
      const slots = readSchema(image).find((e) => e.name === 'thank_you_slots')!;
      const holding = btreeCells(image, slots.rootpage).filter((c) =>
        people.some((p) => c.payload.includes(p.email)),
      );
      expect(holding).toHaveLength(N);
    }
  });

  it('once the thank-you mails are sent, nothing in the file or a backup orders the responses or the people', async () => {
    const sent = await deliverDueMail(f.db, f.mailer, {
      from: f.config.MAIL_FROM,
      now: f.clock.now,
      limit: 1000,
    });
    expect(sent.sent).toBe(N);
    const live = findings(copyFiles('after-sending'), loggedBefore);
    const backup = path.join(snapshots, 'backup-after-sending.sqlite');
    await backupDatabase(f.db, backup);
    for (const result of [live, findings(backup)]) {
      expect(worst(result.responses)).toEqual([]);
      expect(worst(result.people)).toEqual([]);
      expect(result.responses.length).toBeGreaterThan(0);
      expect(result.people.length).toBeGreaterThan(0);
    }
  });

  it('leaves no older copy of an answer, a thank-you address or a link outside the live records', () => {
    for (const name of ['after-sending', 'backup-after-sending.sqlite']) {
      const image = readFileImage(path.join(snapshots, name));
      // Addresses and links live on in respondents and invitations; a copy anywhere else is a leftover.
      const needles = [...markers, ...people.map((p) => p.email), ...people.map((p) => p.token)];
      const left = strayCopies(image, needles).filter(
        (s) => !strayBefore.has(`${s.needle} on page ${s.page}`),
      );
      expect(left).toEqual([]);
      const schema = readSchema(image).filter((e) => e.rootpage > 0);
      const kept = schema
        .filter((e) => e.table !== 'respondents' && e.table !== 'invitations')
        .flatMap((e) => btreeCells(image, e.rootpage).map((c) => ({ name: e.name, payload: c.payload })))
        .filter((c) => needles.some((needle) => c.payload.includes(needle) && !markers.includes(needle)))
        .map((c) => c.name);
      expect(kept).toEqual([]);
      // Pages of answers and of thank-you mails are never rebuilt (rows are appended, then overwritten in place):
      // zeros between the cells.
      for (const table of ['response_slots', 'thank_you_slots']) {
        const root = schema.find((e) => e.name === table)!.rootpage;
        const leaves = btreePages(image, root).filter((p) => image.pages.get(p)![0] === 13);
        expect(leaves.length).toBeGreaterThan(0);
        for (const page of leaves) {
          const dirty = unusedRuns(image, page).filter((run) => run.bytes.some((b) => b !== 0));
          expect({ table, page, dirty: dirty.map((run) => run.offset) }).toEqual({ table, page, dirty: [] });
        }
      }
    }
  });
});
