import type { Db } from '../../src/db/client';
import { stageUpload } from '../../src/imports/stage-upload';
import { enqueueMail } from '../../src/mail/outbox';
import { writeCsv } from './import-files';
import { makeUser } from './web';

/**
 * Everything an admin can reach, written once: the authorization, caching and hostile-field suites loop over
 * these lists, so a new route added here is checked by all of them.
 */
export function adminRoutes(
  campaignId: number,
  unitId: number,
  userId: number,
  uploadId: string,
  mailId: number,
) {
  const c = `/admin/campaigns/${campaignId}`;
  const gets = [
    '/admin',
    c,
    `${c}?sort=percent&dir=desc`,
    `${c}/progress.json`,
    `${c}/edit`,
    `${c}/units`,
    `${c}/mo`,
    `${c}/units/${unitId}`,
    `${c}/forms`,
    `${c}/forms/cbcc`,
    `${c}/forms/cbcc/xem-truoc`,
    `${c}/forms/hdnd/xem-truoc?version=1`,
    '/admin/users',
    `/admin/users/${userId}`,
    '/admin/users/mat-khau-moi?ma=khong-co',
    '/admin/audit',
    `${c}/imports`,
    `${c}/imports/${uploadId}`,
    `${c}/imports/${uploadId}/loi.csv`,
    '/admin/imports/mau-don-vi.xlsx',
    '/admin/imports/mau-nguoi-khao-sat.xlsx',
    '/admin/imports/mau-diem-tham-dinh.xlsx',
    `${c}/gui/xac-nhan?kind=reminders`,
    `${c}/gui/aaaaaaaaaaaaaaaaaaaaa`,
    `${c}/gui/aaaaaaaaaaaaaaaaaaaaa/tien-do.json`,
    '/admin/outbox',
    `/admin/outbox?campaign=${campaignId}&status=failed&kind=invitation&page=2`,
    `/admin/outbox/${mailId}`,
    `${c}/mau-thu`,
    `${c}/mau-thu?kind=thank_you`,
    `${c}/chot`,
    `${c}/xoa-du-lieu`,
    `${c}/xoa`,
    `${c}/results`,
    `${c}/results/units/${unitId}`,
    `${c}/results/print`,
    `${c}/results/settings`,
    `${c}/results.csv`,
    `${c}/results.csv?dialect=vi`,
    `${c}/results.xlsx`,
    `${c}/responses.csv`,
    `${c}/responses.csv?dialect=vi`,
    `${c}/responses.xlsx`,
    `${c}/open-links`,
    `${c}/open-links/posters`,
    `${c}/open-links/posters?unit=${unitId}`,
    `${c}/held`,
  ];
  const posts: [string, Record<string, string | string[]>][] = [
    ['/admin/campaigns', { name: 'Khảo sát CCHC 2020', year: '2020' }],
    [`${c}/edit`, { name: 'Đổi tên', year: '2019', mailSubject: 'Tiêu đề mới' }],
    [`${c}/open`, {}],
    [`${c}/forms/cbcc`, { definition: '{"title": "Phiếu", "sections": []}' }],
    [
      `${c}/units/${unitId}`,
      { sendOn: '2019-11-20', deadlineDate: '2019-12-04', quota_cbcc: '99', quota_hdnd: '0' },
    ],
    ['/admin/users', { username: 'ke.la', role: 'admin', password: 'mot-mat-khau-dai' }],
    [`/admin/users/${userId}/units`, { unitIds: [String(unitId)] }],
    [`/admin/users/${userId}/disable`, {}],
    [`/admin/users/${userId}/enable`, {}],
    [`/admin/users/${userId}/password`, {}],
    [`${c}/imports/units`, {}],
    [`${c}/imports/points`, {}],
    [`${c}/results/settings`, { issuer: 'Sở Nội vụ', points_so_nganh: '32' }],
    [`${c}/imports/${uploadId}/commit`, {}],
    [`${c}/imports/${uploadId}/cancel`, {}],
    [`${c}/gui`, { unitId: String(unitId) }],
    [`${c}/gui`, { includeFailed: '1' }],
    [`${c}/nhac`, {}],
    ['/admin/outbox/gui-lai', { campaign: String(campaignId) }],
    [`${c}/mau-thu/invitation`, { body: 'Kính gửi {ho_ten}: {duong_dan}' }],
    [`${c}/mau-thu/invitation/mac-dinh`, {}],
    [`${c}/open-links/issue`, {}],
    [`${c}/open-links/revoke`, { code: 'abcdefghjk', replace: 'on' }],
    [
      `${c}/open-links/settings`,
      { minSeconds: '10', addressHourlyLimit: '5', sameAnswersLimit: '2', sameMinutes: '5' },
    ],
    [`${c}/held/0123456789abcdef`, { decision: 'accept' }],
    [`${c}/close`, {}],
    [`${c}/reopen`, { reason: 'Nhập bổ sung' }],
    [`${c}/xoa-du-lieu`, { confirm: 'yes' }],
    [`${c}/xoa`, { confirm: 'yes' }],
  ];
  return { gets, posts };
}

export function officerRoutes(campaignId: number, unitId: number) {
  const u = `/officer/units/${unitId}`;
  return [
    u,
    `${u}?campaign=${campaignId}`,
    `${u}?campaign=${campaignId}&filter=bounced&q=a&sort=status&dir=desc&page=2`,
    `${u}/danh-sach.xlsx`,
    `${u}/danh-sach.xlsx?campaign=${campaignId}`,
    `${u}/nhac-nho`,
    `${u}/nhac-nho?campaign=${campaignId}&form=cbcc`,
    `${u}/ap-phich?campaign=${campaignId}`,
  ];
}

/** The officer actions on a unit, naming one of its invitations (or any other id an officer might type in). */
export function officerPosts(unitId: number, invitationId: number): [string, Record<string, string>][] {
  const u = `/officer/units/${unitId}`;
  return [
    [`${u}/thu-moi/${invitationId}/gui-lai`, {}],
    [`${u}/thu-moi/${invitationId}/sua-email?filter=bounced`, { email: 'dia-chi-moi@soctrang.gov.vn' }],
    [`${u}/nhac-nho`, {}],
    [`${u}/nhac-nho?form=cbcc`, {}],
  ];
}

/** An unanswered invitation of the unit. */
export function invitationOf(db: Db, unitId: number): number {
  return (
    db.$client
      .prepare('select id from invitations where unit_id = ? and answered_on is null order by id limit 1')
      .get(unitId) as { id: number }
  ).id;
}

/** Every table an admin action could change, as one comparable value. */
export function snapshot(db: Db): string {
  const tables = [
    'users',
    'user_units',
    'campaigns',
    'campaign_units',
    'unit_quotas',
    'audit_log',
    'invitations',
    'respondents',
    'mail_outbox',
    'import_uploads',
    'score_snapshots',
    'form_definitions',
    'revoked_tokens',
    'open_links',
  ];
  return JSON.stringify(tables.map((name) => db.$client.prepare(`select * from ${name}`).all()));
}

/** The subject of the queued mail the outbox pages show. */
export const STAFF_MAIL_SUBJECT = 'Thư của Sở Nội vụ';

/**
 * The accounts and records the route lists name: an admin "admin", an officer "officer.a" holding `unitId`, a
 * staged respondents upload and a queued mail; returns the admin routes built on them.
 */
export async function seedStaffRoutes(db: Db, dir: string, campaignId: number, unitId: number) {
  await makeUser(db, 'admin', 'admin');
  const officerId = (await makeUser(db, 'officer.a', 'officer', [unitId])).id;
  const file = writeCsv(dir, 'nguoi.csv', ['email,ma_don_vi,loai_phieu', 'moi@snv.vn,SNV,cbcc']);
  const { uploadId } = await stageUpload(db, {
    campaignId,
    kind: 'respondents',
    fileName: 'nguoi.csv',
    tempPath: file,
  });
  const mailId = enqueueMail(db, {
    kind: 'other',
    to: 'a@snv.vn',
    subject: STAFF_MAIL_SUBJECT,
    html: 'h',
    text: 't',
  });
  return adminRoutes(campaignId, unitId, officerId, uploadId, mailId);
}
