import request from 'supertest';
import { DEFAULT_FORMS } from '../../src/forms/default-forms';
import { deliverDueMail, startMailDelivery } from '../../src/scheduler/mail-delivery';
import { claimDueThankYous } from '../../src/mail/thank-you-slots';
import { submitResponse } from '../../src/responses/submit-response';
import { makeRespondent } from '../helpers/factories';
import { csrfFor, encodeForm, validAnswers } from '../helpers/survey';
import { surveyFixture } from '../helpers/survey-fixture';
import { startTestSmtp } from '../helpers/smtp';

describe('the thank-you mail after a submission', () => {
  const answer = (f: ReturnType<typeof surveyFixture>, token: string) =>
    submitResponse(
      f.db,
      { token, answers: validAnswers(DEFAULT_FORMS.cbcc), publicUrl: f.config.PUBLIC_URL },
      f.clock.now,
    ).then((r) => expect(r.outcome).toBe('accepted'));
  // Nothing of a mail is left once its delivery has ended: every slot is zeros.
  const leftovers =
    'thank_you_slots WHERE filled = 1 OR zeroblob(length(state)) <> state OR zeroblob(length(mail)) <> mail';

  it('reaches the respondent with the fixed subject, name, unit, form type and a link to their other form', async () => {
    const smtp = await startTestSmtp();
    const f = surveyFixture({ smtpUrl: smtp.url });
    try {
      const pair = await csrfFor(f.app, f.cbccToken);
      const res = await request(f.app)
        .post(`/s/${f.cbccToken}`)
        .set('Cookie', pair.cookie)
        .type('form')
        .send(encodeForm({ _csrf: pair.csrf, ...validAnswers(DEFAULT_FORMS.cbcc) }));
      expect(res.status).toBe(303);

      await deliverDueMail(f.db, f.mailer, { from: f.config.MAIL_FROM, now: f.clock.now });
      await smtp.waitFor(1);
      const mail = smtp.received[0]!;
      expect(mail.envelopeTo).toEqual(['tran.thi.b@soctrang.gov.vn']);
      expect(mail.subject).toBe('[Xác nhận] Sở Nội vụ kính gửi Phiếu khảo sát trực tuyến Chỉ số CCHC 2019');
      expect(mail.text).toContain('Kính gửi Ông/Bà Trần Thị B,');
      expect(mail.text).toContain('Sở Nội vụ tỉnh Sóc Trăng');
      expect(mail.text).toContain('Phiếu lãnh đạo, công chức, viên chức');
      expect(mail.text).toContain(`Phiếu đại biểu HĐND: ${f.config.PUBLIC_URL}/s/${f.hdndToken}`);
      expect(mail.html).toContain(`href="${f.config.PUBLIC_URL}/s/${f.hdndToken}"`);
    } finally {
      f.close();
      await smtp.close();
    }
  });

  it('leaves the outbox once delivered or refused: no address, time or id of it is kept', async () => {
    // The second form's address bounces: the person is in both groups, so both thank-you mails go to one address.
    const smtp = await startTestSmtp({ rejectRecipients: ['tran.thi.b@soctrang.gov.vn'] });
    const f = surveyFixture({ smtpUrl: smtp.url });
    try {
      const auditedBefore = f.count(f.db, 'audit_log');
      const pair = await csrfFor(f.app, f.cbccToken);
      for (const [token, form] of [
        [f.cbccToken, DEFAULT_FORMS.cbcc],
        [f.hdndToken, DEFAULT_FORMS.hdnd],
      ] as const) {
        const res = await request(f.app)
          .post(`/s/${token}`)
          .set('Cookie', pair.cookie)
          .type('form')
          .send(encodeForm({ _csrf: pair.csrf, ...validAnswers(form) }));
        expect(res.status).toBe(303);
      }
      // Queued, they hold the address until they are sent (docs/DOMAIN.md § Anonymity and personal data).
      const holding = "thank_you_slots WHERE instr(mail, CAST('tran.thi.b@soctrang.gov.vn' AS BLOB)) > 0";
      expect(f.count(f.db, holding)).toBe(2);
      const outcome = await deliverDueMail(f.db, f.mailer, { from: f.config.MAIL_FROM, now: f.clock.now });
      expect(outcome.bounced).toBe(2);
      // Their slots stay, zeroed: nothing of the mail is left in them.
      expect(f.count(f.db, holding)).toBe(0);
      expect(f.count(f.db, leftovers)).toBe(0);
      expect(f.count(f.db, 'thank_you_slots')).toBeGreaterThan(0);
      expect(f.count(f.db, 'mail_outbox')).toBe(0);
      // Nor does anything else on the way keep one: the audit log has nothing of a submission.
      expect(f.count(f.db, 'audit_log')).toBe(auditedBefore);
    } finally {
      f.close();
      await smtp.close();
    }
  });

  it('is retried while the relay refuses it for a while, then delivered once', async () => {
    let relayDown = true;
    const smtp = await startTestSmtp({ temporarilyFailing: () => relayDown });
    const f = surveyFixture({ smtpUrl: smtp.url });
    try {
      await answer(f, f.cbccToken);
      const at = (now: number) => deliverDueMail(f.db, f.mailer, { from: f.config.MAIL_FROM, now });
      expect(await at(f.clock.now)).toMatchObject({ sent: 0, retried: 1 });
      // Not due again before its backoff has passed.
      expect(await at(f.clock.now + 1000)).toMatchObject({ sent: 0, retried: 0 });
      relayDown = false;
      expect(await at(f.clock.now + 31_000)).toMatchObject({ sent: 1, retried: 0 });
      expect(await at(f.clock.now + 3_600_000)).toMatchObject({ sent: 0, retried: 0 });
      expect(smtp.received.map((m) => m.envelopeTo)).toEqual([['tran.thi.b@soctrang.gov.vn']]);
      expect(f.count(f.db, leftovers)).toBe(0);
    } finally {
      f.close();
      await smtp.close();
    }
  });

  it('is sent after a crash that interrupted its sending, when the worker starts again', async () => {
    const smtp = await startTestSmtp();
    const f = surveyFixture({ smtpUrl: smtp.url });
    try {
      await answer(f, f.cbccToken);
      // Claimed by a worker that then died: nobody else takes it while it is marked as being sent.
      expect(claimDueThankYous(f.db, f.clock.now, 10)).toHaveLength(1);
      expect(claimDueThankYous(f.db, f.clock.now, 10)).toHaveLength(0);
      const worker = startMailDelivery({
        db: f.db,
        mailer: f.mailer,
        from: f.config.MAIL_FROM,
        concurrency: 1,
        ratePerMinute: 600,
        clock: Date.now, // the rate limiter refills with time
      });
      await worker.drain();
      await worker.stop();
      await smtp.waitFor(1);
      expect(smtp.received).toHaveLength(1);
      expect(f.count(f.db, leftovers)).toBe(0);
    } finally {
      f.close();
      await smtp.close();
    }
  });

  it('is claimed once, even when queued after an earlier claim read the pool', async () => {
    const f = surveyFixture();
    let people = 0;
    const queue = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const p = makeRespondent(f.db, f.campaign.id, f.unit.id, {
          email: `nguoi.${people++}@soctrang.gov.vn`,
        });
        await answer(f, p.invitations[0]!.token);
      }
    };
    try {
      await queue(3);
      // The first claim reads all three and takes one; the next finds the other two and those queued since.
      expect(claimDueThankYous(f.db, f.clock.now, 1)).toHaveLength(1);
      await queue(2);
      const rest = claimDueThankYous(f.db, f.clock.now, 10);
      expect(rest).toHaveLength(4);
      expect(new Set(rest.map((m) => m.to)).size).toBe(4);
      expect(claimDueThankYous(f.db, f.clock.now, 10)).toHaveLength(0);
    } finally {
      f.close();
    }
  });

  it('waits in a pool that grows by batches to stay partly free, never shrinks, each mail delivered once', async () => {
    const smtp = await startTestSmtp();
    const f = surveyFixture({ smtpUrl: smtp.url });
    try {
      const emails = Array.from({ length: 300 }, (_, i) => `nguoi.${i}@soctrang.gov.vn`);
      for (const email of emails) {
        const p = makeRespondent(f.db, f.campaign.id, f.unit.id, { email });
        await answer(f, p.invitations[0]!.token);
      }
      // A pool grows when eight slots drawn at random all hold mails, so it settles about two thirds full (between
      // 0.52 and 0.85 full in 100,000 simulated runs of 300 mails; growing only when full would leave it 0.94 full).
      const size = f.count(f.db, 'thank_you_slots');
      expect(f.count(f.db, 'thank_you_slots WHERE filled = 1')).toBe(300);
      expect(size % 32).toBe(0);
      expect(300 / size).toBeGreaterThan(0.4);
      expect(300 / size).toBeLessThan(0.9);
      const sent = await deliverDueMail(f.db, f.mailer, {
        from: f.config.MAIL_FROM,
        now: f.clock.now,
        limit: 400,
      });
      expect(sent.sent).toBe(300);
      await smtp.waitFor(300);
      expect(smtp.received.flatMap((m) => m.envelopeTo).sort()).toEqual([...emails].sort());
      expect(f.count(f.db, leftovers)).toBe(0);
      expect(f.count(f.db, 'thank_you_slots')).toBe(size);
    } finally {
      f.close();
      await smtp.close();
    }
  });
});
