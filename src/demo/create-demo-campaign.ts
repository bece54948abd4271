import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Campaign } from '../campaigns/campaigns';
import type { Db } from '../db/client';
import { t } from '../i18n/messages';
import { commitImport } from '../imports/commit-import';
import type { ImportReport } from '../imports/types';
import { normalizeKey } from '../imports/normalize-key';
import { endOfVnDay, vnDay } from '../time';
import { SOC_TRANG_2018_UNITS, type PlannedUnit } from '../units/soc-trang-2018-units';
import { createCampaign } from '../campaigns/create-campaign';
import { openCampaign } from '../campaigns/open-campaign';
import { orThrow } from '../errors';
import { SYSTEM_ACTOR } from '../audit/actor';
import { createDemoEnumerators } from './demo-enumerators';

export type DemoResult = {
  campaign: Campaign;
  scheduleYear: number;
  units: ImportReport;
  respondents: ImportReport;
  /** The demo enumerators, with the password of each account created by this run. */
  enumerators: { username: string; password?: string }[];
};

const DEMO_NAME = 'Khảo sát trực tuyến Chỉ số CCHC 2019';

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
    const unitsFile = path.join(dir, 'don-vi.xlsx');
    await writeUnitsWorkbook(unitsFile, scheduleYear);
    const units = orThrow(
      await commitImport(
        db,
        { campaignId: campaign.id, kind: 'units', filePath: unitsFile, fileName: 'don-vi.xlsx' },
        SYSTEM_ACTOR,
        now,
      ),
    );
    const respondentsFile = path.join(dir, 'doi-tuong-khao-sat.csv');
    fs.writeFileSync(respondentsFile, respondentsCsv());
    const respondents = orThrow(
      await commitImport(
        db,
        {
          campaignId: campaign.id,
          kind: 'respondents',
          filePath: respondentsFile,
          fileName: 'doi-tuong-khao-sat.csv',
        },
        SYSTEM_ACTOR,
        now,
      ),
    );
    const opened = orThrow(openCampaign(db, { campaignId: campaign.id }, SYSTEM_ACTOR, now));
    const enumerators = await createDemoEnumerators(db, campaign.id, now);
    return { campaign: opened, scheduleYear, units, respondents, enumerators };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
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
    const staff = Array.from({ length: Math.min(8, Math.ceil(u.quotaCbcc / 5)) }, () => person(u.code));
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
