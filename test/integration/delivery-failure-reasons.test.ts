import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { classifyFailure, failureReasonOf, groupByReason } from '../../src/mail/delivery-failure';
import { enqueueMail } from '../../src/mail/outbox';
import { deliverDueMail } from '../../src/scheduler/mail-delivery';
import { listOutbox } from '../../src/mail/outbox-queries';
import { createMailer } from '../../src/mail/transport';
import { createTestDb } from '../helpers/db';
import { makeCampaign } from '../helpers/factories';
import { startTestSmtp } from '../helpers/smtp';

/** A port nothing listens on: a server is opened there and closed again. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('delivery failures are classified from the replies of a real SMTP server', () => {
  const t = createTestDb();
  const campaign = makeCampaign(t.db);
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;

  beforeAll(async () => {
    smtp = await startTestSmtp({
      recipientReplies: {
        'khongco@snv.vn': {
          code: 550,
          text: '5.1.1 <khongco@snv.vn>: User unknown in virtual mailbox table',
        },
        'day@snv.vn': { code: 552, text: '5.2.2 Mailbox full' },
        'chan@snv.vn': { code: 550, text: '5.7.1 Message rejected as spam' },
        'tam@snv.vn': { code: 450, text: '4.2.0 Greylisted, please try again later' },
      },
    });
  });
  afterAll(async () => {
    await smtp.close();
    t.cleanup();
  });

  /** Sends one mail to `to` through `smtpUrl` and returns the outbox row's status and stored reason. */
  async function deliverTo(to: string, smtpUrl: string) {
    const id = enqueueMail(t.db, {
      campaignId: campaign.id,
      kind: 'other',
      to,
      subject: 'Thử',
      html: '<p>Thử</p>',
      text: 'Thử',
    });
    const mailer = createMailer({ smtpUrl, mailDir: t.dir, poolSize: 1 });
    try {
      await deliverDueMail(t.db, mailer, { from: 'khaosat@snv.example.vn' });
    } finally {
      mailer.close();
    }
    const row = listOutbox(t.db, { campaignId: campaign.id, page: 1, pageSize: 500 }).rows.find(
      (r) => r.id === id,
    )!;
    return { status: row.status, error: row.error };
  }

  it.each([
    ['khongco@snv.vn', 'bounced', 'mailboxUnknown'],
    ['day@snv.vn', 'bounced', 'mailboxFull'],
    ['chan@snv.vn', 'bounced', 'policy'],
    ['tam@snv.vn', 'queued', 'temporary'],
  ])('a reply to %s is %s and reads as %s', async (to, status, reason) => {
    const outcome = await deliverTo(to, smtp.url);
    expect(outcome.status).toBe(status);
    expect(outcome.error).toEqual(expect.any(String));
    expect(failureReasonOf(outcome.error)).toBe(reason);
  });

  it('a refused connection is a problem of the sending server, retried, not of the address', async () => {
    const outcome = await deliverTo('an@snv.vn', `smtp://127.0.0.1:${await closedPort()}?tls=off`);
    expect(outcome.status).toBe('queued');
    expect(outcome.error).toMatch(/ECONNREFUSED/);
    expect(failureReasonOf(outcome.error)).toBe('connection');
  });

  it('groups problems by reason, so texts naming different addresses count together', async () => {
    const a = await deliverTo('khongco@snv.vn', smtp.url);
    const b = await deliverTo('chan@snv.vn', smtp.url);
    const grouped = groupByReason([
      { reason: a.error, count: 1 },
      { reason: a.error!.replace('khongco@', 'khac@'), count: 2 },
      { reason: b.error, count: 1 },
    ]);
    expect(grouped).toEqual([
      { reason: 'mailboxUnknown', count: 3 },
      { reason: 'policy', count: 1 },
    ]);
  });
});

describe('the order a failure is read in: enhanced status, then reply code, then error code', () => {
  it.each([
    [{ responseCode: 550, enhancedStatus: '5.1.2' }, 'domainUnknown'],
    [{ responseCode: 550, enhancedStatus: '5.4.4' }, 'domainUnknown'],
    [{ responseCode: 550, enhancedStatus: '5.2.1' }, 'mailboxUnknown'],
    [{ responseCode: 554, enhancedStatus: '5.7.26' }, 'policy'],
    [{ responseCode: 452, enhancedStatus: '4.2.2' }, 'temporary'],
    [{ responseCode: 554 }, 'rejected'],
    [{ responseCode: 535, enhancedStatus: '5.7.8' }, 'auth'],
    [{ code: 'EAUTH' }, 'auth'],
    [{ code: 'ETLS' }, 'tls'],
    [{ code: 'ETIMEDOUT' }, 'connection'],
    [{}, 'other'],
  ] as const)('%j reads as %s', (parts, reason) => {
    expect(classifyFailure(parts)).toBe(reason);
  });

  it.each([
    ['Connection timeout', 'connection'],
    ['Greeting never received', 'connection'],
    ['unable to verify the first certificate', 'tls'],
    ['getaddrinfo ENOTFOUND smtp.example.vn', 'connection'],
    [null, 'other'],
  ])('the stored text %j reads as %s', (text, reason) => {
    expect(failureReasonOf(text)).toBe(reason);
  });
});
