import { eq } from 'drizzle-orm';
import { getCampaignProgress } from '../../src/campaigns/progress';
import { invitations } from '../../src/db/schema';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeRespondent, makeUnit } from '../helpers/factories';

describe('campaign progress', () => {
  it('counts invitations, delivery states and answers per unit and form type against quota', () => {
    const t = createTestDb();
    try {
      const campaign = makeCampaign(t.db);
      const a = makeUnit(t.db, campaign.id, { code: 'STP', quotas: { cbcc: 3, hdnd: 1 } });
      const b = makeUnit(t.db, campaign.id, { code: 'SNV', quotas: { cbcc: 2 } });
      const dual = makeRespondent(t.db, campaign.id, a.id, {
        email: 'x@stp.vn',
        formTypes: ['cbcc', 'hdnd'],
      });
      makeRespondent(t.db, campaign.id, a.id, { email: 'y@stp.vn' });
      t.db
        .update(invitations)
        .set({ deliveryStatus: 'sent', answeredDay: '1970-01-01' })
        .where(eq(invitations.id, dual.invitations[0]!.id))
        .run();
      t.db
        .update(invitations)
        .set({ deliveryStatus: 'bounced' })
        .where(eq(invitations.id, dual.invitations[1]!.id))
        .run();

      const rows = getCampaignProgress(t.db, campaign.id);
      const row = (code: string, form: string) =>
        rows.find((r) => r.unitCode === code && r.formType === form);
      expect(row('STP', 'cbcc')).toMatchObject({ quota: 3, invited: 2, sent: 1, answered: 1, bounced: 0 });
      expect(row('STP', 'hdnd')).toMatchObject({ quota: 1, invited: 1, sent: 0, answered: 0, bounced: 1 });
      expect(row('SNV', 'cbcc')).toMatchObject({ quota: 2, invited: 0, answered: 0 });
      expect(getCampaignProgress(t.db, campaign.id, [b.id]).map((r) => r.unitCode)).toEqual(['SNV']);
    } finally {
      t.cleanup();
    }
  });
});
