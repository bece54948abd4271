import { eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client';
import { invitations, NOT_ANSWERED, type UnitGroup } from '../../src/db/schema';
import { storeResponse } from '../../src/responses/store-response';
import { endOfVnDay, vnDay } from '../../src/time';
import { makeCampaign, makeRespondent, makeUnit } from './factories';

const DAY = 86_400_000;

const UNITS: { code: string; name: string; group: UnitGroup; cbcc: number; hdnd: number }[] = [
  { code: 'SNV', name: 'Sở Nội vụ', group: 'so_nganh', cbcc: 12, hdnd: 0 },
  { code: 'STC', name: 'Sở Tài chính', group: 'so_nganh', cbcc: 10, hdnd: 0 },
  { code: 'SYT', name: 'Sở Y tế', group: 'so_nganh', cbcc: 14, hdnd: 0 },
  { code: 'VTHANH', name: 'UBND thị xã Vĩnh Châu', group: 'ubnd_huyen', cbcc: 8, hdnd: 4 },
  { code: 'MTU', name: 'UBND huyện Mỹ Tú', group: 'ubnd_huyen', cbcc: 8, hdnd: 4 },
  { code: 'BQLKCN', name: 'Ban Quản lý các Khu công nghiệp', group: 'dvsn', cbcc: 6, hdnd: 0 },
  { code: 'KBNN', name: 'Kho bạc Nhà nước tỉnh', group: 'co_quan_tw', cbcc: 6, hdnd: 0 },
];

const NAMES = [
  'Nguyễn Văn An',
  'Trần Thị Bình',
  'Lê Hoàng Cường',
  'Phạm Thu Dung',
  'Huỳnh Minh Em',
  'Võ Thị Giang',
];

/**
 * A realistic open campaign: seven units of the four groups with quotas and deadlines, invitations in every
 * delivery state, and anonymous responses spread over several days (answers stored with storeResponse).
 */
export function seedSurvey(db: Db, now: number) {
  const campaign = makeCampaign(db, { year: 2019, now: now - 10 * DAY });
  const units = UNITS.map((u, i) =>
    makeUnit(db, campaign.id, {
      code: u.code,
      name: u.name,
      group: u.group,
      deadlineAt: endOfVnDay(new Date(now + (3 + i) * DAY).toISOString().slice(0, 10)),
      sendOn: new Date(now - 8 * DAY).toISOString().slice(0, 10),
      quotas: u.hdnd ? { cbcc: u.cbcc, hdnd: u.hdnd } : { cbcc: u.cbcc },
    }),
  );
  units.forEach((unit, ui) => {
    const spec = UNITS[ui]!;
    const people = spec.cbcc - (ui % 3);
    for (let p = 0; p < people; p++) {
      const both = spec.hdnd > 0 && p < spec.hdnd;
      const { invitations: invs } = makeRespondent(db, campaign.id, unit.id, {
        email: `${spec.code.toLowerCase()}.${p + 1}@soctrang.gov.vn`,
        fullName: `${NAMES[p % NAMES.length]} ${p + 1}`,
        formTypes: both ? ['cbcc', 'hdnd'] : ['cbcc'],
      });
      invs.forEach((inv, k) => {
        const answered = (p + ui + k) % 10 < 7 - ui;
        const state = p % 5 === 1 ? 'bounced' : p === 2 ? 'not_sent' : 'sent';
        db.update(invitations)
          .set({
            deliveryStatus: answered ? 'sent' : state,
            deliveryDetail:
              !answered && state === 'bounced' ? '550 5.1.1 Mailbox unavailable: no such user' : null,
            sentAt: answered || state === 'sent' ? now - 7 * DAY : null,
            answeredDay: answered ? vnDay(now - ((p + k) % 6) * DAY) : NOT_ANSWERED,
          })
          .where(eq(invitations.id, inv.id))
          .run();
        if (answered) {
          storeResponse(
            db,
            {
              campaignId: campaign.id,
              unitId: unit.id,
              formType: inv.formType,
              definitionVersion: 1,
              answers: [
                { questionId: 'de_xuat', optionIndex: -1, textValue: `Ý kiến bí mật ${spec.code}-${p}` },
              ],
            },
            now - ((p + k) % 6) * DAY,
          );
        }
      });
    }
  });
  return { campaign, units };
}
