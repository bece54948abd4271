import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Campaign } from '../campaigns/campaigns';
import type { Db } from '../db/client';
import { t } from '../i18n/messages';
import { commitImport } from '../imports/commit-import';
import type { ImportKind, ImportReport } from '../imports/types';
import { normalizeKey } from '../imports/normalize-key';
import { endOfVnDay, vnDay } from '../time';
import { SOC_TRANG_2018_UNITS, type PlannedUnit } from '../units/soc-trang-2018-units';
import { createCampaign } from '../campaigns/create-campaign';
import { openCampaign } from '../campaigns/open-campaign';
import { orThrow } from '../errors';
import { SYSTEM_ACTOR } from '../audit/actor';
import { allQuestions } from '../forms/definition';
import { resolveToken } from '../invitations/resolve-token';
import { submitResponse } from '../responses/submit-response';
import { dropThankYous } from '../mail/thank-you-slots';
import { updateCampaignUnit } from '../units/update-campaign-unit';
import { updateReportSettings } from '../campaigns/update-report-settings';
import { createDemoEnumerators } from './demo-enumerators';
import { issueOpenLinks } from '../open-links/issue-open-links';

export type DemoResult = {
  campaign: Campaign;
  scheduleYear: number;
  units: ImportReport;
  respondents: ImportReport;
  points: ImportReport;
  /** How many open links (per unit and campaign-wide, per open form type) were created. */
  openLinks: { created: number };
  /** The demo enumerators, with the password of each account created by this run. */
  enumerators: { username: string; password?: string }[];
};

const DEMO_NAME = 'Khảo sát trực tuyến Chỉ số CCHC 2019';
const DAY_MS = 24 * 60 * 60 * 1000;

/** The unit the demo shows in each status that needs more than a short list. */
export const DEMO_STATUS_UNITS = { reached: 'VPDDBQH', behind: 'STP', overdue: 'SKHCN' } as const;

/**
 * A 2019-style campaign with the 47 Sóc Trăng units, their quotas and staggered schedule, and a few hundred
 * generated respondents (some in both groups), loaded through the same file imports an admin uses, then
 * opened. The schedule falls in November–December of the first year whose deadlines are still ahead, so the
 * demo's links accept answers. Two enumerators are assigned a few units (src/demo/demo-enumerators.ts). Every run creates a new campaign; units are shared and upserted by code.
 */
export async function createDemoCampaign(db: Db, now: number = Date.now()): Promise<DemoResult> {
  const scheduleYear = scheduleYearFor(now);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-demo-'));
  try {
    const campaign = orThrow(createCampaign(db, { name: DEMO_NAME, year: 2019 }, SYSTEM_ACTOR, Date.now()));
    // Each list as the file an admin would upload, imported as the admin's commit does.
    const load = async (kind: ImportKind, fileName: string, write: (file: string) => unknown) => {
      const filePath = path.join(dir, fileName);
      await write(filePath);
      const input = { campaignId: campaign.id, kind, filePath, fileName };
      return orThrow(await commitImport(db, input, SYSTEM_ACTOR, now));
    };
    const units = await load('units', 'don-vi.xlsx', (file) => writeUnitsWorkbook(file, scheduleYear));
    const respondents = await load('respondents', 'doi-tuong-khao-sat.csv', (file) =>
      fs.writeFileSync(file, respondentsCsv()),
    );
    const points = await load('points', 'diem-tham-dinh.csv', (file) =>
      fs.writeFileSync(file, appraisedPointsCsv()),
    );
    orThrow(updateReportSettings(db, { campaignId: campaign.id, ...DEMO_REPORT }, SYSTEM_ACTOR, now));
    const opened = orThrow(openCampaign(db, { campaignId: campaign.id }, SYSTEM_ACTOR, now));
    await showEveryStatus(db, campaign.id, now);
    const enumerators = await createDemoEnumerators(db, campaign.id, now);
    // Each unit's open links for citizens and organisations, so the posters can be printed at once.
    const openLinks = orThrow(issueOpenLinks(db, { campaignId: campaign.id }, SYSTEM_ACTOR, now));
    return { campaign: opened, scheduleYear, units, respondents, points, enumerators, openLinks };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Units whose list holds the whole quota (the others list about a fifth of it, so their lists are short).
const FULL_LIST = new Set<string>([DEMO_STATUS_UNITS.reached, DEMO_STATUS_UNITS.behind]);

/**
 * Every dashboard status on one screen (docs/DOMAIN.md § Where a unit stands), so a new user sees them all: one
 * unit whose every listed person answered (reached), one with a full list and a few answers (behind), one whose
 * deadline has passed (overdue); the others' lists are shorter than their quotas.
 */
async function showEveryStatus(db: Db, campaignId: number, now: number): Promise<void> {
  const tokens = (code: string) =>
    db.$client
      .prepare(
        `select i.token from invitations i join units u on u.id = i.unit_id
         where i.campaign_id = ? and u.code = ? order by i.id`,
      )
      .pluck()
      .all(campaignId, code) as string[];
  const reached = tokens(DEMO_STATUS_UNITS.reached);
  const behind = tokens(DEMO_STATUS_UNITS.behind).slice(0, 5);
  for (const token of [...reached, ...behind]) {
    const state = resolveToken(db, token, now);
    if (state.state !== 'open') continue;
    const answers = Object.fromEntries(
      allQuestions(state.form.definition).map((q) => [
        `q_${q.id}`,
        q.kind === 'text' ? 'Không có ý kiến' : '0',
      ]),
    );
    await submitResponse(db, { token, answers, publicUrl: 'http://localhost' }, now);
  }
  // The people are invented: their thank-you mails must never be sent.
  dropThankYous(db, campaignId);
  const overdue = db.$client
    .prepare('select id from units where code = ?')
    .pluck()
    .get(DEMO_STATUS_UNITS.overdue) as number;
  orThrow(
    updateCampaignUnit(
      db,
      { campaignId, unitId: overdue, sendOn: '', deadlineDate: now - DAY_MS },
      SYSTEM_ACTOR,
      now,
    ),
  );
}

const DEMO_REPORT = {
  superior: 'UBND TỈNH SÓC TRĂNG',
  issuer: 'SỞ NỘI VỤ',
  place: 'Sóc Trăng',
  recipients:
    'UBND tỉnh (b/c);\nBộ Nội vụ (b/c);\nCác sở, ban ngành tỉnh;\nUBND các huyện, thị xã, thành phố',
  signerTitle: 'GIÁM ĐỐC',
  signerName: 'Nguyễn Văn A',
};

// As Excel set to Vietnamese saves what the scoring software shows: `;` between cells, decimal commas, names
// rather than codes for some units.
function appraisedPointsCsv(): string {
  const rows = SOC_TRANG_2018_UNITS.map((u, i) => {
    const appraised = (45 + ((i * 37) % 200) / 10).toFixed(2).replace('.', ',');
    return [i % 5 === 0 ? '' : u.code, u.name, appraised, '68'].join(';');
  });
  return ['Mã ĐV;Tên cơ quan, đơn vị;Điểm thẩm định;Điểm tối đa', ...rows].join('\r\n') + '\r\n';
}

function scheduleYearFor(now: number): number {
  const year = Number(vnDay(now).slice(0, 4));
  const firstDeadline = SOC_TRANG_2018_UNITS.map((u) => u.deadline).sort()[0]!;
  return endOfVnDay(`${year}-${firstDeadline}`) > now ? year : year + 1;
}

// Shaped like the annex a Sở Nội vụ sends: title rows above the header, groups by name, real Excel dates.
async function writeUnitsWorkbook(file: string, year: number): Promise<void> {
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  const sheet = workbook.addWorksheet('Danh sách đơn vị');
  sheet.addRow(['DANH SÁCH CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG THAM GIA KHẢO SÁT']);
  sheet.addRow([`(Kèm theo kế hoạch khảo sát trực tuyến Chỉ số CCHC năm ${year})`]);
  sheet.addRow([]);
  sheet.addRow([
    'STT',
    'Mã đơn vị',
    'Tên đơn vị',
    'Nhóm',
    'Chỉ tiêu CBCC',
    'Chỉ tiêu HĐND',
    'Ngày gửi',
    'Hạn trả lời',
  ]);
  SOC_TRANG_2018_UNITS.forEach((u: PlannedUnit, i) => {
    const [sendMonth, sendDay] = u.sendOn.split('-');
    const [deadlineMonth, deadlineDay] = u.deadline.split('-');
    sheet.addRow([
      i + 1,
      u.code,
      u.name,
      t(`groups.${u.group}`),
      u.quotaCbcc,
      u.quotaHdnd,
      new Date(Date.UTC(year, Number(sendMonth) - 1, Number(sendDay))),
      `17 giờ 00 phút, ngày ${deadlineDay}/${deadlineMonth}/${year}`,
    ]);
  });
  sheet.getColumn(7).numFmt = 'dd/mm/yyyy';
  await workbook.xlsx.writeFile(file);
}

const FAMILY = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Huỳnh',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
  'Thạch',
  'Lâm',
  'Sơn',
  'Kim',
  'Danh',
  'Trương',
  'Phan',
];
const MIDDLE_MEN = ['Văn', 'Minh', 'Quốc', 'Hữu', 'Thanh', 'Hoàng', 'Công', 'Đức'];
const MIDDLE_WOMEN = ['Thị', 'Ngọc', 'Thị Kim', 'Thu', 'Thanh', 'Mỹ', 'Hồng', 'Bích'];
const GIVEN_MEN = [
  'An',
  'Bình',
  'Cường',
  'Dũng',
  'Hải',
  'Hùng',
  'Khoa',
  'Long',
  'Nam',
  'Phong',
  'Phúc',
  'Quang',
  'Sang',
  'Tài',
  'Thành',
  'Trí',
  'Tuấn',
  'Vinh',
];
const GIVEN_WOMEN = [
  'Hà',
  'Hạnh',
  'Hương',
  'Lan',
  'Linh',
  'Mai',
  'Ngân',
  'Nhung',
  'Oanh',
  'Phượng',
  'Tâm',
  'Thảo',
  'Trang',
  'Tuyết',
  'Vy',
  'Yến',
];

/** A deterministic list (same people on every run), about 300 people, a third of district staff also delegates. */
function respondentsCsv(): string {
  let seed = 2019;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const usedEmails = new Set<string>();
  const person = (unitCode: string) => {
    const woman = random() < 0.5;
    const family = pick(FAMILY);
    const middle = pick(woman ? MIDDLE_WOMEN : MIDDLE_MEN);
    const given = pick(woman ? GIVEN_WOMEN : GIVEN_MEN);
    const initials = `${family} ${middle}`
      .split(' ')
      .map((w) => normalizeKey(w)[0])
      .join('');
    const base = `${normalizeKey(given)}${initials}.${unitCode.toLowerCase()}`;
    let email = `${base}@soctrang.gov.vn`;
    for (let n = 2; usedEmails.has(email); n++) email = `${base}${n}@soctrang.gov.vn`;
    usedEmails.add(email);
    return { fullName: `${family} ${middle} ${given}`, email };
  };
  const lines = ['\uFEFFHọ và tên;Email;Mã đơn vị;Loại phiếu'];
  for (const u of SOC_TRANG_2018_UNITS) {
    const listed = FULL_LIST.has(u.code) ? u.quotaCbcc : Math.min(8, Math.ceil(u.quotaCbcc / 5));
    const staff = Array.from({ length: listed }, () => person(u.code));
    staff.forEach((p, i) => {
      // Some delegates are also civil servants of the district: one row with both forms, or two rows.
      const alsoDelegate = u.quotaHdnd > 0 && i < 3;
      const forms = alsoDelegate && i === 0 ? 'cbcc,hdnd' : 'cbcc';
      lines.push(`${p.fullName};${p.email};${u.code};${forms}`);
      if (alsoDelegate && i > 0) lines.push(`${p.fullName};${p.email};${u.code};Đại biểu HĐND`);
    });
    for (let i = 0; i < Math.ceil(u.quotaHdnd / 10); i++) {
      const p = person(u.code);
      lines.push(`${p.fullName};${p.email};${u.code};hdnd`);
    }
  }
  return lines.join('\r\n') + '\r\n';
}
