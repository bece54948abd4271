import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { command, reason } from '../command';
import { campaigns } from '../db/schema';
import { refuseIfClosed } from '../units/campaign-units';
import type { OpenThresholds } from './checks';

const whole = (min: number, max: number) =>
  z.coerce
    .number({ error: reason('open.badThreshold') })
    .int(reason('open.badThreshold'))
    .min(min, reason('open.badThreshold'))
    .max(max, reason('open.badThreshold'));

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
    refuseIfClosed(db, campaignId);
    db.update(campaigns)
      .set({
        openMinSeconds: t.minSeconds,
        openAddressHourlyLimit: t.addressHourlyLimit,
        openSameAnswersLimit: t.sameAnswersLimit,
        openSameMinutes: t.sameMinutes,
      })
      .where(eq(campaigns.id, campaignId))
      .run();
    const text = `${t.minSeconds}s, ${t.addressHourlyLimit}/giờ, ${t.sameAnswersLimit} phiếu giống/${t.sameMinutes} phút`;
    recordAudit(db, actor, 'open_link.settings', { campaignId, text }, now);
    return t;
  },
);
