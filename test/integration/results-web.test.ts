import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type request from 'supertest';
import { createApp } from '../../src/app';
import { getScoreSnapshot } from '../../src/scoring/score-snapshot';
import { createMailer } from '../../src/mail/transport';
import { testConfig } from '../helpers/config';
import { createTestDb } from '../helpers/db';
import { makeRespondent, makeUnit } from '../helpers/factories';
import { seedScoredCampaign } from '../helpers/scoring-fixture';
import { csrfFrom, makeUser, signIn } from '../helpers/web';

const NOW = Date.parse('2019-12-05T10:00:00Z');
const INJECTION = '=HYPERLINK("http://x","y")';

describe('results pages and exports', () => {
  const t = createTestDb();
  // Groups of 1–4 answers: this suite checks what pages and exports show, the small-group rule has its own.
  const { campaign, units } = seedScoredCampaign(t.db, NOW, { freeText: INJECTION, minGroupSize: 1 });
  const stc = makeUnit(t.db, campaign.id, { code: 'STC', name: 'Sở Tài chính', quotas: { cbcc: 1 } });
  makeRespondent(t.db, campaign.id, units.snv.id, {
    email: 'nguoi.tra.loi@snv.example.vn',
    fullName: 'Trần Thị B',
  });
  const app = createApp({
    db: t.db,
    config: testConfig(),
    mailer: createMailer({ mailDir: t.dir }),
    clock: () => NOW + 60_000,
  });
  const base = `/admin/campaigns/${campaign.id}`;
  let admin: ReturnType<typeof request.agent>;
  beforeAll(async () => {
    await makeUser(t.db, 'quantri', 'admin');
    admin = await signIn(app, 'quantri');
  });
  afterAll(() => t.cleanup());

  it('shows a provisional live computation before close, grouped by unit group, with the reduction explained', async () => {
    const res = await admin.get(`${base}/results`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Kết quả tạm tính');
    for (const group of [
      'Sở, ban ngành',
      'UBND cấp huyện',
      'Đơn vị sự nghiệp công lập',
      'Cơ quan Trung ương đóng tại địa phương',
    ]) {
      expect(res.text).toContain(`<h2>${group}</h2>`);
    }
    expect(res.text).toContain('đạt 2/4 phiếu → giảm 50% điểm');
    expect(res.text).toContain('đạt 4/4 phiếu → không giảm điểm');
    expect(res.text).toContain('không giao chỉ tiêu (3 phiếu) → không giảm điểm');
    expect(res.text).toContain('đạt 0/5 phiếu → giảm 100% điểm');
    expect(res.text).toMatch(/Điểm tối đa Phiếu lãnh đạo, công chức, viên chức: \d+,\d\d/);
  });

  it('sorts units within a group by name or by final score', async () => {
    const order = (html: string) => [html.indexOf('Sở Nội vụ</a>'), html.indexOf('Sở Tài chính</a>')];
    const byName = order((await admin.get(`${base}/results?sort=name&dir=asc`)).text);
    expect(byName[0]).toBeLessThan(byName[1]!);
    const byFinalAsc = order((await admin.get(`${base}/results?sort=final&dir=asc`)).text);
    expect(byFinalAsc[1]).toBeLessThan(byFinalAsc[0]!);
    const byFinalDesc = order((await admin.get(`${base}/results?sort=final&dir=desc`)).text);
    expect(byFinalDesc[0]).toBeLessThan(byFinalDesc[1]!);
  });

  it('breaks a unit down per question with points, answers, distribution and points earned', async () => {
    const res = await admin.get(`${base}/results/units/${units.ubnd.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('UBND huyện Châu Thành');
    expect(res.text).toContain('Việc ban hành kế hoạch cải cách hành chính năm của cơ quan, đơn vị');
    expect(res.text).toContain('Rất kịp thời');
    expect(res.text).toContain('<svg class="bar"');
    expect(res.text).toContain('đạt 2/4 phiếu → giảm 50% điểm');
    expect((await admin.get(`${base}/results/units/${stc.id + 100}`)).status).toBe(404);
  });

  it('explains each reduction in English on the results and unit pages of an English session', async () => {
    for (const path of ['/results', `/results/units/${units.ubnd.id}`]) {
      const res = await admin.get(`${base}${path}`).set('Cookie', 'lang=en');
      expect(res.status).toBe(200);
      expect(res.text).toContain('2/4 forms received → score reduced by 50%');
      expect(res.text).not.toContain('đạt 2/4 phiếu');
    }
    const results = (await admin.get(`${base}/results`).set('Cookie', 'lang=en')).text;
    expect(results).toContain('no quota assigned (3 forms) → no reduction');
  });

  it('closes through the web form and then shows the frozen snapshot with the close time', async () => {
    const token = await csrfFrom(admin, `${base}/chot`);
    const closed = await admin.post(`${base}/close`).type('form').send({ _csrf: token });
    expect(closed.status).toBe(303);
    const res = await admin.get(`${base}/results`);
    expect(res.text).toContain('Kết quả đã chốt lúc 17:01 ngày 05/12/2019');
    expect(res.text).not.toContain('Kết quả tạm tính');
  });

  it('exports results as CSV with a BOM that parses back to the stored numbers', async () => {
    const res = await admin.get(`${base}/results.csv`).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const body = Buffer.from(res.text, 'utf8');
    expect(body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parse(res.text, { bom: true, columns: true }) as Array<Record<string, string>>;
    const snapshot = getScoreSnapshot(t.db, campaign.id);
    expect(rows).toHaveLength(snapshot.length);
    for (const s of snapshot) {
      const row = rows.find(
        (r) =>
          r['Mã đơn vị'] === s.unitCode &&
          r['Loại phiếu']!.includes(s.formType === 'cbcc' ? 'công chức' : 'HĐND'),
      )!;
      expect(Number(row['Số phiếu nhận'])).toBe(s.received);
      expect(Number(row['Chỉ tiêu'])).toBe(s.quota);
      expect(Number(row['Điểm trước giảm trừ'])).toBeCloseTo(s.raw, 4);
      expect(Number(row['Điểm đạt'])).toBeCloseTo(s.final, 4);
      expect(Number(row['Điểm giảm trừ'])).toBeCloseTo(s.reduction, 4);
    }
  });

  it('exports results as an XLSX workbook exceljs can open', async () => {
    const res = await admin.get(`${base}/results.xlsx`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(arrayBuffer(res.body as Buffer));
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(3).value).toBe('Tên đơn vị');
    const ubndRow = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(2).value === 'UBND_CT')!;
    const snapshot = getScoreSnapshot(t.db, campaign.id).find((s) => s.unitCode === 'UBND_CT')!;
    expect(ubndRow.getCell(10).value).toBeCloseTo(snapshot.final, 4);
  });

  it('exports anonymous responses as CSV: one row per response, labels, no respondent data, formulas neutralised', async () => {
    const res = await admin.get(`${base}/responses.csv`).buffer(true);
    expect(res.status).toBe(200);
    expect(res.text.startsWith('\uFEFF')).toBe(true);
    const rows = parse(res.text, { bom: true }) as string[][];
    expect(rows).toHaveLength(1 + 10);
    expect(rows[0]!.slice(0, 4)).toEqual(['Mã đơn vị', 'Tên đơn vị', 'Loại phiếu', 'Ngày trả lời']);
    expect(rows[1]!.slice(0, 4)).toEqual(['DVSN', 'Trường Cao đẳng Cộng đồng', 'cbcc', '2019-12-05']);
    const textColumn = rows[0]!.findIndex((h) => h.includes('[cbcc.de_xuat]'));
    const texts = rows
      .slice(1)
      .map((r) => r[textColumn])
      .filter((cell) => cell !== '');
    expect(texts.length).toBeGreaterThan(0);
    expect(new Set(texts)).toEqual(new Set([`'${INJECTION}`]));
    expect(rows.flat().some((cell) => cell.startsWith('='))).toBe(false);
    const choiceColumn = rows[0]!.findIndex((h) => h.includes('[cbcc.kh_cchc]'));
    for (const row of rows.slice(1).filter((r) => r[2] === 'cbcc')) {
      expect(['Rất kịp thời', 'Kịp thời', 'Chưa kịp thời', 'Không biết / không trả lời']).toContain(
        row[choiceColumn],
      );
    }
    expect(res.text).not.toContain('nguoi.tra.loi');
    expect(res.text).not.toContain('Trần Thị B');
  });

  it('exports anonymous responses as XLSX with the free text stored as text, not a formula', async () => {
    const res = await admin.get(`${base}/responses.xlsx`).buffer(true).parse(binary);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(arrayBuffer(res.body as Buffer));
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(11);
    const header = sheet.getRow(1).values as unknown[];
    const col = header.findIndex((h) => typeof h === 'string' && h.includes('[cbcc.de_xuat]'));
    const cells = sheet
      .getRows(2, sheet.rowCount - 1)!
      .map((row) => row.getCell(col))
      .filter((cell) => cell.value !== null);
    expect(cells.length).toBeGreaterThan(0);
    for (const cell of cells) {
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(`'${INJECTION}`);
    }
  });
});

function binary(res: unknown, callback: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  const stream = res as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

function arrayBuffer(data: Buffer): ArrayBuffer {
  return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
}
