import { SYSTEM_ACTOR } from '../../src/audit/actor';
import { inTransaction, type Db } from '../../src/db/client';
import { orThrow } from '../../src/errors';
import { sendInvitations } from '../../src/invitations/send-invitations';
import { sendReminders } from '../../src/invitations/send-reminders';
import { makeCampaign, makeRespondent, makeUnit } from './factories';

export const PUBLIC_URL = 'http://127.0.0.1:3000';
export const SUBJECT_2019 = 'Sở Nội vụ kính gửi Phiếu khảo sát trực tuyến Chỉ số CCHC 2019';
export const LINK_PATTERN = /http:\/\/127\.0\.0\.1:3000\/s\/([0-9A-Za-z_-]{22})/g;

/**
 * An open 2019 campaign with `units` units of `perUnit` people each; every `dualEvery`-th person also sits on
 * the HĐND (two invitations). Emails are p<unit>-<n>@don-vi.vn.
 */
export function makeInvitedCampaign(
  db: Db,
  opts: {
    units: number;
    perUnit: number;
    dualEvery?: number;
    sendOn?: string;
    deadlineAt?: number;
    now?: number;
  },
) {
  return inTransaction(db, () => {
    const campaign = makeCampaign(db, { now: opts.now });
    const people = [];
    for (let u = 1; u <= opts.units; u++) {
      const unit = makeUnit(db, campaign.id, {
        code: `DV${u}`,
        name: `Sở số ${u}`,
        sendOn: opts.sendOn ?? null,
        deadlineAt: opts.deadlineAt ?? null,
        quotas: { cbcc: opts.perUnit, hdnd: 5 },
      });
      for (let n = 1; n <= opts.perUnit; n++) {
        const dual = opts.dualEvery !== undefined && n % opts.dualEvery === 0;
        people.push(
          makeRespondent(db, campaign.id, unit.id, {
            email: `p${u}-${n}@don-vi.vn`,
            fullName: `Người ${u}.${n}`,
            formTypes: dual ? ['cbcc', 'hdnd'] : ['cbcc'],
          }),
        );
      }
    }
    return { campaign, people };
  });
}

/** Every survey link in a text. */
export function linksIn(text: string | false | undefined): string[] {
  return [...(text || '').matchAll(LINK_PATTERN)].map((m) => m[1]!);
}

type SendInput = { campaignId: number; unitId?: number; invitationIds?: number[]; includeFailed?: boolean };

/** The admin's send, as the system at `now`, with this file's link base: what a mail test starts from. */
export function sendInvitationsAt(db: Db, input: SendInput, now = Date.now()) {
  return orThrow(sendInvitations(db, { ...input, publicUrl: PUBLIC_URL }, SYSTEM_ACTOR, now));
}

/** The admin's reminders, as the system at `now`. */
export function sendRemindersAt(db: Db, input: SendInput, now = Date.now()) {
  return orThrow(sendReminders(db, { ...input, publicUrl: PUBLIC_URL }, SYSTEM_ACTOR, now));
}
