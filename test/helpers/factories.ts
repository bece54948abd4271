import { type Campaign } from '../../src/campaigns/campaigns';
import type { Db } from '../../src/db/client';
import {
  campaignUnits,
  invitations,
  respondents,
  unitQuotas,
  units,
  type UnitGroup,
} from '../../src/db/schema';
import { newToken } from '../../src/tokens';
import { createCampaign } from '../../src/campaigns/create-campaign';
import { openCampaign } from '../../src/campaigns/open-campaign';
import { orThrow } from '../../src/errors';
import { SYSTEM_ACTOR } from '../../src/audit/actor';

/** A campaign, open unless said otherwise. */
export function makeCampaign(
  db: Db,
  opts: { year?: number; open?: boolean; now?: number; minGroupSize?: number } = {},
): Campaign {
  const year = opts.year ?? 2019;
  const campaign = orThrow(
    createCampaign(
      db,
      { name: `Khảo sát trực tuyến Chỉ số CCHC ${year}`, year, minGroupSize: opts.minGroupSize },
      SYSTEM_ACTOR,
      Date.now(),
    ),
  );
  return opts.open === false
    ? campaign
    : orThrow(openCampaign(db, { campaignId: campaign.id }, SYSTEM_ACTOR, opts.now ?? Date.now()));
}

/** A unit taking part in the campaign, with its deadline and quotas. */
export function makeUnit(
  db: Db,
  campaignId: number,
  opts: {
    code: string;
    name?: string;
    group?: UnitGroup;
    deadlineAt?: number | null;
    sendOn?: string | null;
    quotas?: Record<string, number>;
  },
) {
  const unit = db
    .insert(units)
    .values({ code: opts.code, name: opts.name ?? `Đơn vị ${opts.code}`, group: opts.group ?? 'so_nganh' })
    .onConflictDoUpdate({ target: units.code, set: { name: opts.name ?? `Đơn vị ${opts.code}` } })
    .returning()
    .get();
  db.insert(campaignUnits)
    .values({ campaignId, unitId: unit.id, deadlineAt: opts.deadlineAt ?? null, sendOn: opts.sendOn ?? null })
    .run();
  for (const [formType, quota] of Object.entries(opts.quotas ?? { cbcc: 10 })) {
    db.insert(unitQuotas).values({ campaignId, unitId: unit.id, formType, quota }).run();
  }
  return unit;
}

/** A person with one invitation per listed form type, all for the same unit. */
export function makeRespondent(
  db: Db,
  campaignId: number,
  unitId: number,
  opts: { email: string; fullName?: string; formTypes?: string[]; tokens?: string[] },
) {
  const person = db
    .insert(respondents)
    .values({ campaignId, email: opts.email.trim().toLowerCase(), fullName: opts.fullName ?? 'Nguyễn Văn A' })
    .returning()
    .get();
  const invites = (opts.formTypes ?? ['cbcc']).map((formType, i) =>
    db
      .insert(invitations)
      .values({
        campaignId,
        respondentId: person.id,
        unitId,
        formType,
        token: opts.tokens?.[i] ?? newToken(),
      })
      .returning()
      .get(),
  );
  return { person, invitations: invites };
}
