import type { Logger } from 'pino';
import { createApp } from '../../src/app';
import type { Config } from '../../src/config';
import type { Db } from '../../src/db/client';
import { createMailer } from '../../src/mail/transport';
import { vnDateTime } from '../../src/time';
import { testConfig } from './config';
import { createTestDb } from './db';
import { makeCampaign, makeRespondent, makeUnit } from './factories';

/** 2019 dates of the seeds: the campaign opens 20/11, the unit's deadline is 17:00 on 04/12. */
export const OPENS_AT = vnDateTime('2019-11-20', 8, 0);
export const DEADLINE_AT = vnDateTime('2019-12-04', 17, 0);
export const DURING = vnDateTime('2019-12-01', 9, 30);

/**
 * An open 2019 campaign with one unit and one dual-group person (cbcc + hdnd), an app on its own temp db with an
 * adjustable clock, and a mailer writing .eml files (tests that deliver over SMTP pass their own).
 */
export function surveyFixture(
  options: {
    config?: Config;
    smtpUrl?: string;
    surveyRateLimit?: Parameters<typeof createApp>[0]['surveyRateLimit'];
    logger?: Logger;
  } = {},
) {
  const t = createTestDb();
  const config = options.config ?? testConfig();
  const campaign = makeCampaign(t.db, { now: OPENS_AT });
  const unit = makeUnit(t.db, campaign.id, {
    code: 'SNV',
    name: 'Sở Nội vụ tỉnh Sóc Trăng',
    deadlineAt: DEADLINE_AT,
    quotas: { cbcc: 10, hdnd: 5 },
  });
  const person = makeRespondent(t.db, campaign.id, unit.id, {
    email: 'tran.thi.b@soctrang.gov.vn',
    fullName: 'Trần Thị B',
    formTypes: ['cbcc', 'hdnd'],
  });
  const clock = { now: DURING };
  const mailer = createMailer({ smtpUrl: options.smtpUrl, mailDir: t.dir, poolSize: 1 });
  const app = createApp({
    db: t.db,
    config,
    mailer,
    clock: () => clock.now,
    surveyRateLimit: options.surveyRateLimit ?? false,
    logger: options.logger,
  });
  return {
    ...t,
    app,
    config,
    mailer,
    clock,
    campaign,
    unit,
    person,
    cbccToken: person.invitations[0]!.token,
    hdndToken: person.invitations[1]!.token,
    count: (db: Db, table: string) =>
      (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n,
    close: () => {
      mailer.close();
      t.cleanup();
    },
  };
}
