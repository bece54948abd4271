import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { command, reason } from '../command';
import { campaigns } from '../db/schema';
import { refuseIfClosed } from '../units/campaign-units';
import type { OpenThresholds } from './checks';

// A number typed in a field or given on the command line; a blank, a repeated field or anything else is refused,
// never read as 0.
const whole = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'number' || (typeof v === 'string' && v.trim() !== '') ? v : NaN),
    z.coerce
      .number({ error: reason('open.badThreshold') })
      .int(reason('open.badThreshold'))
      .min(min, reason('open.badThreshold'))
      .max(max, reason('open.badThreshold')),
  );

/** The bounds of each threshold: a typo's guard, far from any sensible setting (docs/DOMAIN.md § Open links). */
export const openSettingsFields = z.object({
  minSeconds: whole(0, 3600),
  addressHourlyLimit: whole(1, 10_000),
  sameAnswersLimit: whole(1, 1000),
  sameMinutes: whole(1, 60),
});

/** Sets a campaign's open-link thresholds (what holds an answer for review); audited with the new values. */
export const updateOpenSettings = command(
  openSettingsFields.extend({ campaignId: z.coerce.number().int().positive() }),
  ({ db, actor, now }, { campaignId, ...t }): OpenThresholds => {
    refuseIfClosed(db, campaignId, 'open.closed');
    db.update(campaigns)
      .set({
        openMinSeconds: t.minSeconds,
        openAddressHourlyLimit: t.addressHourlyLimit,
        openSameAnswersLimit: t.sameAnswersLimit,
        openSameMinutes: t.sameMinutes,
      })
      .where(eq(campaigns.id, campaignId))
      .run();
    const params = {
      minSeconds: t.minSeconds,
      hourly: t.addressHourlyLimit,
      same: t.sameAnswersLimit,
      minutes: t.sameMinutes,
    };
    recordAudit(
      db,
      actor,
      'open_link.settings',
      { campaignId, detail: { key: 'admin.audit.openSettingsText', params } },
      now,
    );
    return t;
  },
);
