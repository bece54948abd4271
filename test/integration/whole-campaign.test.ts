import request from 'supertest';
import type { Catalogue } from '../../src/i18n/catalogue';
import { parse as parseCsv } from 'csv-parse/sync';
import { createApp } from '../../src/app';
import { closeCampaign } from '../../src/campaigns/close-campaign';
import { DEFAULT_FORMS } from '../../src/forms/default-forms';
import { allQuestions, type FormDefinition } from '../../src/forms/definition';
import { t } from '../../src/i18n/messages';
import { commitImport } from '../../src/imports/commit-import';
import { startMailDelivery } from '../../src/scheduler/mail-delivery';
import { createMailer } from '../../src/mail/transport';
import { endOfVnDay, vnDateTime } from '../../src/time';
import { testConfig } from '../helpers/config';
import { createTestDb } from '../helpers/db';
import { writeCsv, writeXlsx } from '../helpers/import-files';
import { linksIn, PUBLIC_URL, sendInvitationsAt } from '../helpers/invitation-fixtures';
import { startTestSmtp, type ReceivedMail } from '../helpers/smtp';
import { csrfFor, encodeForm } from '../helpers/survey';
import { makeUser, signIn } from '../helpers/web';
import { createCampaign } from '../../src/campaigns/create-campaign';
import { openCampaign } from '../../src/campaigns/open-campaign';
import { orThrow } from '../../src/errors';
import { SYSTEM_ACTOR } from '../../src/audit/actor';

/** mulberry32: a small seeded PRNG, so a failing run can be replayed exactly. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const UNITS = [
  { code: 'SNV', name: 'Sở Nội vụ', group: 'Sở, ban ngành', cbcc: 4, hdnd: 0, deadline: '04/12/2019' },
  { code: 'STC', name: 'Sở Tài chính', group: 'Sở, ban ngành', cbcc: 3, hdnd: 0, deadline: '04/12/2019' },
  {
    code: 'HCT',
    name: 'Huyện Châu Thành',
    group: 'UBND cấp huyện',
    cbcc: 4,
    hdnd: 3,
    deadline: '06/12/2019',
  },
  // The early deadline: a late answer to this unit is refused.
  {
    code: 'BST',
    name: 'Báo Sóc Trăng',
    group: 'Đơn vị sự nghiệp công lập',
    cbcc: 3,
    hdnd: 0,
    deadline: '26/11/2019',
  },
];
/** People per unit, and which of them also sit on the HĐND (dual-group: two invitations). */
const PEOPLE = UNITS.flatMap((u, ui) =>
  Array.from({ length: u.cbcc + 1 }, (_, n) => ({
    email: `${u.code.toLowerCase()}.${n + 1}@soctrang.gov.vn`,
    fullName: `Cán bộ ${n + 1} của ${u.name}`,
    unit: u.code,
    dual: u.hdnd > 0 && n < u.hdnd + 1 - (ui % 2),
  })),
);
const EARLY = vnDateTime('2019-11-22', 9, 0);
const DURING = vnDateTime('2019-12-01', 9, 0);
const AFTER_ALL = endOfVnDay('2019-12-06') + 60_000;
const SEED = 20191120;

type Submitted = { unit: string; formType: string; answers: Record<string, string | string[]> };

/** Answers one form at random: optional questions sometimes skipped, several choices where allowed. */
function randomAnswers(def: FormDefinition, random: () => number) {
  const body: Record<string, string | string[]> = {};
  for (const q of allQuestions(def)) {
    if (!q.required && random() < 0.3) continue;
    const pick = () => String(Math.floor(random() * q.options.length));
    if (q.kind === 'single') body[`q_${q.id}`] = pick();
    else if (q.kind === 'multiple') {
      const chosen = q.options.map((_, i) => String(i)).filter(() => random() < 0.5);
      body[`q_${q.id}`] = chosen.length > 0 ? chosen : ['0'];
    } else body[`q_${q.id}`] = `Góp ý số ${Math.floor(random() * 1000)}`;
  }
  return body;
}

/**
 * The expected score, computed here from what the test submitted (docs/DOMAIN.md § Quota shortfall, § Raw sub-score): for each scored
 * question, points × the mean fraction of the options chosen by the responses that answered it; then the
 * result scaled by received / quota when fewer forms than the quota arrived.
 */
function expectedScore(def: FormDefinition, sheets: Submitted[], quota: number) {
  let raw = 0;
  if (sheets.length > 0) {
    for (const q of allQuestions(def)) {
      if (q.points <= 0) continue;
      const fractions = sheets.flatMap((s) => {
        const v = s.answers[`q_${q.id}`];
        const list = v === undefined ? [] : Array.isArray(v) ? v : [v];
        return list.map((i) => q.options[Number(i)]!.fraction ?? 0);
      });
      if (fractions.length > 0) raw += (q.points * fractions.reduce((a, b) => a + b, 0)) / fractions.length;
    }
  }
  const final = quota > 0 && sheets.length < quota ? (raw * sheets.length) / quota : raw;
  return { received: sheets.length, quota, raw, final, reduction: raw - final };
}

const FORM_NAMES = { cbcc: 'Phiếu lãnh đạo, công chức, viên chức', hdnd: 'Phiếu đại biểu HĐND' };
const round4 = (n: number) => Math.round(n * 1e4) / 1e4;

describe('a whole campaign, from the import files to the results export', () => {
  it('imports, mails, collects answers over HTTP, refuses a late one, closes and exports exactly the expected scores', async () => {
    const t0 = createTestDb();
    const smtp = await startTestSmtp();
    const config = testConfig({ PUBLIC_URL });
    const mailer = createMailer({ smtpUrl: smtp.url, mailDir: t0.dir, poolSize: 2 });
    const clock = { now: EARLY };
    const app = createApp({ db: t0.db, config, mailer, clock: () => clock.now, surveyRateLimit: false });
    const deliver = async () => {
      // The worker's rate limiter refills with its clock: let it run on from the test's frozen time.
      const start = Date.now();
      const worker = startMailDelivery({
        db: t0.db,
        mailer,
        from: config.MAIL_FROM,
        concurrency: 2,
        ratePerMinute: 60_000,
        clock: () => clock.now + (Date.now() - start),
        tickMs: 20,
      });
      await worker.drain();
      await worker.stop();
    };
    try {
      const campaign = orThrow(
        createCampaign(
          t0.db,
          { name: 'Khảo sát trực tuyến Chỉ số CCHC 2019', year: 2019 },
          SYSTEM_ACTOR,
          Date.now(),
        ),
      );

      // Units: an XLSX with a title row above Vietnamese headers.
      const unitsFile = await writeXlsx(t0.dir, 'don-vi.xlsx', [
        {
          name: 'Đơn vị',
          rows: [
            ['DANH SÁCH CƠ QUAN, ĐƠN VỊ THAM GIA KHẢO SÁT NĂM 2019'],
            ['STT', 'Mã đơn vị', 'Tên đơn vị', 'Nhóm', 'Chỉ tiêu CBCC', 'Chỉ tiêu HĐND', 'Hạn trả lời'],
            ...UNITS.map((u, i) => [i + 1, u.code, u.name, u.group, u.cbcc, u.hdnd, u.deadline]),
          ],
        },
      ]);
      const unitsReport = orThrow(
        await commitImport(
          t0.db,
          { campaignId: campaign.id, kind: 'units', filePath: unitsFile, fileName: 'don-vi.xlsx' },
          SYSTEM_ACTOR,
          EARLY,
        ),
      );
      expect(unitsReport).toMatchObject({ usable: true, headerRow: 2, validRows: UNITS.length, errors: [] });

      // Respondents: a CSV with a BOM, dual-group people on one row.
      const peopleFile = writeCsv(
        t0.dir,
        'nguoi-tra-loi.csv',
        [
          'Địa chỉ email,Họ và tên,Mã đơn vị,Loại phiếu khảo sát',
          ...PEOPLE.map((p) => `${p.email},${p.fullName},${p.unit},${p.dual ? '"cbcc,hdnd"' : 'cbcc'}`),
        ],
        { bom: true },
      );
      const peopleReport = orThrow(
        await commitImport(
          t0.db,
          {
            campaignId: campaign.id,
            kind: 'respondents',
            filePath: peopleFile,
            fileName: 'nguoi-tra-loi.csv',
          },
          SYSTEM_ACTOR,
          EARLY,
        ),
      );
      const invitationCount = PEOPLE.length + PEOPLE.filter((p) => p.dual).length;
      expect(peopleReport).toMatchObject({ usable: true, validRows: PEOPLE.length, errors: [] });
      expect(peopleReport.summary.invitationsCreated).toBe(invitationCount);

      orThrow(openCampaign(t0.db, { campaignId: campaign.id }, SYSTEM_ACTOR, EARLY));
      expect(sendInvitationsAt(t0.db, { campaignId: campaign.id }, EARLY).queued).toBe(invitationCount);
      await deliver();
      await smtp.waitFor(invitationCount);
      const invitationsMail = smtp.received.slice(0, invitationCount);
      expect(smtp.received).toHaveLength(invitationCount);

      // Every mail's own link is its first one; the person comes from the envelope, the form type from the page.
      const personOf = new Map(PEOPLE.map((p) => [p.email, p]));
      const links = invitationsMail.map((m: ReceivedMail) => ({
        token: linksIn(m.text)[0]!,
        to: m.envelopeTo[0]!,
      }));
      expect(new Set(links.map((l) => l.token)).size).toBe(invitationCount);

      const random = prng(SEED);
      const submitted: Submitted[] = [];
      const acceptedEmails: string[] = [];
      const unanswered: Array<{ token: string; unit: string }> = [];
      // The early-deadline unit answers first, before its deadline; everyone else on a later day.
      const ordered = [...links].sort((a, b) => {
        const early = (l: typeof a) => (personOf.get(l.to)!.unit === 'BST' ? 0 : 1);
        return early(a) - early(b);
      });
      for (const link of ordered) {
        const person = personOf.get(link.to)!;
        clock.now = person.unit === 'BST' ? EARLY : DURING;
        if (random() < 0.35) {
          unanswered.push({ token: link.token, unit: person.unit });
          continue;
        }
        const { cookie, csrf } = await csrfFor(app, link.token);
        const page = await request(app).get(`/s/${link.token}`);
        const formType = page.text.includes(DEFAULT_FORMS.hdnd.title) ? 'hdnd' : 'cbcc';
        const answers = randomAnswers(DEFAULT_FORMS[formType]!, random);
        const res = await request(app)
          .post(`/s/${link.token}`)
          .set('Cookie', cookie)
          .type('form')
          .send(encodeForm({ ...answers, _csrf: csrf }));
        expect(res.status).toBe(303);
        submitted.push({ unit: person.unit, formType, answers });
        acceptedEmails.push(person.email);
      }

      // A late answer: the clock is past the early unit's deadline; refused, nothing stored.
      const late = unanswered.find((u) => u.unit === 'BST')!;
      expect(late).toBeDefined();
      clock.now = DURING;
      const responsesBefore = t0.db.$client
        .prepare('SELECT count(*) FROM response_slots WHERE filled = 1')
        .pluck()
        .get();
      const lateCsrf = await csrfFor(app, unanswered.find((u) => u.unit !== 'BST')!.token);
      const lateRes = await request(app)
        .post(`/s/${late.token}`)
        .set('Cookie', lateCsrf.cookie)
        .type('form')
        .send(encodeForm({ ...randomAnswers(DEFAULT_FORMS.cbcc!, random), _csrf: lateCsrf.csrf }));
      expect(lateRes.status).toBe(410);
      expect(
        t0.db.$client.prepare('SELECT count(*) FROM response_slots WHERE filled = 1').pluck().get(),
      ).toBe(responsesBefore);
      expect(
        t0.db.$client.prepare('SELECT answered_on FROM invitations WHERE token = ?').pluck().get(late.token),
      ).toBeNull();

      // Thank-you mails: one per accepted submit, to the person who answered.
      await deliver();
      await smtp.waitFor(invitationCount + submitted.length);
      const thanks = smtp.received.slice(invitationCount);
      expect(thanks.map((m) => m.envelopeTo[0]).sort()).toEqual([...acceptedEmails].sort());

      clock.now = AFTER_ALL;
      const closed = orThrow(closeCampaign(t0.db, { campaignId: campaign.id }, SYSTEM_ACTOR, AFTER_ALL));
      expect(closed.alreadyClosed).toBe(false);

      // The account is made now (real time); sign in on the same clock.
      clock.now = Date.now();
      await makeUser(t0.db, 'quan-tri', 'admin');
      const admin = await signIn(app, 'quan-tri');
      const csv = await admin.get(`/admin/campaigns/${campaign.id}/results.csv`);
      expect(csv.status).toBe(200);
      const [header, ...rows] = parseCsv(csv.text.replace(/^\uFEFF/, ''), {
        relax_column_count: true,
      }) as string[][];
      const col = (key: keyof Catalogue['results']['exportHeaders']) =>
        header!.indexOf(t(`results.exportHeaders.${key}`));

      let checked = 0;
      for (const unit of UNITS) {
        for (const formType of ['cbcc', 'hdnd'] as const) {
          const quota = formType === 'cbcc' ? unit.cbcc : unit.hdnd;
          const sheets = submitted.filter((s) => s.unit === unit.code && s.formType === formType);
          const expected = expectedScore(DEFAULT_FORMS[formType]!, sheets, quota);
          // Full precision in the frozen snapshot.
          const snap = closed.snapshot.find((s) => s.unitCode === unit.code && s.formType === formType)!;
          expect(snap).toBeDefined();
          expect(snap.received).toBe(expected.received);
          expect(snap.quota).toBe(expected.quota);
          for (const k of ['raw', 'final', 'reduction'] as const) {
            expect(Math.abs(snap[k] - expected[k])).toBeLessThan(1e-9);
          }
          // The exported CSV carries 4 decimals of the same numbers.
          const matching = rows.filter(
            (r) => r[col('unitCode')] === unit.code && r[col('formType')] === FORM_NAMES[formType],
          );
          expect(matching).toHaveLength(1);
          const row = matching[0]!;
          expect(Number(row[col('received')])).toBe(expected.received);
          expect(Number(row[col('quota')])).toBe(expected.quota);
          for (const k of ['raw', 'final', 'reduction'] as const) {
            expect(Math.abs(Number(row[col(k)]) - round4(expected[k]))).toBeLessThan(1e-9);
          }
          checked++;
        }
      }
      // Some units missed their quota (the seeded answers leave people out), so reductions are exercised.
      // Every unit has a row per form type (quota 0 where the import said 0 or nothing).
      expect(checked).toBe(UNITS.length * 2);
      expect(closed.snapshot.some((s) => s.reduction > 0)).toBe(true);
      expect(rows).toHaveLength(checked);
    } finally {
      mailer.close();
      await smtp.close();
      t0.cleanup();
    }
  }, 30_000);
});
