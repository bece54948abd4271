import { createTestDb } from '../helpers/db';
import { getFormDefinition } from '../../src/forms/get-form-definition';
import { maxPoints } from '../../src/forms/definition';
import { createCampaign } from '../../src/campaigns/create-campaign';
import { orThrow } from '../../src/errors';
import { SYSTEM_ACTOR } from '../../src/audit/actor';

describe('database migrations', () => {
  const t = createTestDb();
  afterAll(() => t.cleanup());

  it('create every table of the domain model', () => {
    const tables = t.db.$client
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'campaigns',
        'units',
        'campaign_units',
        'unit_quotas',
        'form_types',
        'form_definitions',
        'respondents',
        'invitations',
        'revoked_tokens',
        'responses',
        'response_answers',
        'mail_outbox',
        'users',
        'user_units',
        'sessions',
        'audit_log',
        'score_snapshots',
      ]),
    );
  });

  it('store responses and answers without rowid, so row order cannot reveal answer order', () => {
    const sql = (name: string) =>
      (t.db.$client.prepare('select sql from sqlite_master where name = ?').get(name) as { sql: string }).sql;
    expect(sql('responses')).toMatch(/WITHOUT ROWID/);
    expect(sql('response_answers')).toMatch(/WITHOUT ROWID/);
    expect(sql('responses')).not.toMatch(/respondent|invitation|created_at/);
  });

  it('seed the two form types and give a new campaign both questionnaires', () => {
    const campaign = orThrow(
      createCampaign(
        t.db,
        { name: 'Khảo sát trực tuyến Chỉ số CCHC 2019', year: 2019 },
        SYSTEM_ACTOR,
        Date.now(),
      ),
    );
    expect(campaign.mailSubject).toBe('Sở Nội vụ kính gửi Phiếu khảo sát trực tuyến Chỉ số CCHC 2019');
    expect(campaign.status).toBe('draft');
    for (const formType of ['cbcc', 'hdnd']) {
      const form = getFormDefinition(t.db, campaign.id, formType);
      expect(form?.version).toBe(1);
      expect(maxPoints(form!.definition)).toBeGreaterThan(0);
    }
  });
});
