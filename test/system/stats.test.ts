import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';

const body = (n: number) => ({ dossierNo: `000.25.94.H48-260115-${String(2000 + n)}`, procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
  applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' } });

describe('run statistics and the monthly report', () => {
  let p: TestPlatform;
  const from = new Date(Date.now() - 3_600_000).toISOString();
  beforeAll(async () => {
    p = await startTestPlatform();
    // Seed: four runs that succeed, then two that fail on a malformed national reply (not retryable).
    for (let i = 0; i < 4; i++) expect((await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs', body(i))).status).toBe(200);
    await fetch(`${p.simulators?.url}/_control/faults/population.XacThucThongTinCongDan`, { method: 'PUT', body: JSON.stringify({ malformed: true, count: 2 }) });
    for (let i = 4; i < 6; i++) {
      const r = await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs', body(i));
      expect(r.body).toMatchObject({ error: { code: 'CONNECTOR_BAD_REPLY' } });
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('CONNECTOR_BAD_REPLY');
    }
  });
  afterAll(async () => { await p?.stop(); });

  it('counts runs per flow with their success rate and latency percentiles', async () => {
    const to = new Date(Date.now() + 60_000).toISOString();
    const res = await p.request('GET', `/api/v1/stats/runs?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&groupBy=flow`);
    expect(res.status).toBe(200);
    const row = res.body.find((r: { key: string }) => r.key === 'xac-thuc-cong-dan');
    expect(row).toMatchObject({ started: 6, completed: 4, failed: 2, running: 0, other: 0 });
    expect(row.successRate).toBeCloseTo(4 / 6, 5);
    expect(row.p50Ms).toBeGreaterThanOrEqual(0);
    expect(row.p95Ms).toBeGreaterThanOrEqual(row.p50Ms);
  });

  it('groups by day in Vietnam time', async () => {
    const to = new Date(Date.now() + 60_000).toISOString();
    const res = await p.request('GET', `/api/v1/stats/runs?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&groupBy=day`);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
    const total = res.body.reduce((a: number, r: { started: number }) => a + r.started, 0);
    expect(total).toBe(6);
    expect(res.body.map((r: { key: string }) => r.key)).toContain(today);
  });

  it('exports the monthly report of an agency as CSV', async () => {
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit' }).format(new Date());
    const res = await p.request('GET', `/api/v1/stats/reports/monthly?agency=${encodeURIComponent('')}&month=${month}`);
    expect(res.status).toBe(400); // an agency is required
    const ok = await p.request('GET', `/api/v1/stats/reports/monthly?agency=000.00.93.H48&month=${month}`);
    expect(ok.status).toBe(200);
    expect(ok.body.csv.split('\n')[0]).toContain('luong_flow');
  });

  it('exports the statistics as an Excel file whose numbers match the JSON and the database', async () => {
    const to = new Date(Date.now() + 60_000).toISOString();
    const q = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&groupBy=flow`;
    const res = await p.request('GET', `/api/v1/stats/runs/xlsx?${q}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename: expect.stringMatching(/^thong-ke-luot-chay_flow_.*\.xlsx$/) });
    // Read back by an independent XLSX reader, as a spreadsheet tool would.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(res.body.contentBase64, 'base64') as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Thống kê');
    if (!sheet) throw new Error('no "Thống kê" sheet');
    const rows: unknown[][] = [];
    sheet.eachRow((row) => { rows.push((row.values as unknown[]).slice(1)); });
    expect(rows[0]).toEqual(['Luồng / Flow', 'Số lượt / Started', 'Hoàn thành / Completed', 'Thất bại / Failed', 'Khác / Other', 'Đang chạy / Running',
      'Tỷ lệ thành công / Success rate', 'p50 (ms)', 'p95 (ms)', 'Lần thử lại / Retries', 'Lượt có thử lại / Runs retried']);
    const json = (await p.request('GET', `/api/v1/stats/runs?${q}`)).body as { key: string; started: number; completed: number; failed: number; other: number; running: number; successRate: number | null; p50Ms: number | null; p95Ms: number | null; retries: number; retriedRuns: number }[];
    expect(rows.slice(1)).toEqual(json.map((r) => [r.key, r.started, r.completed, r.failed, r.other, r.running, r.successRate, r.p50Ms, r.p95Ms, r.retries, r.retriedRuns].map((v) => v ?? undefined)));
    // …and with the numbers counted straight from the database.
    const db = (await p.db.db.execute(sql`select count(*)::int as started, (count(*) filter (where status = 'completed'))::int as completed,
      (count(*) filter (where status = 'failed'))::int as failed from runs where flow_key = 'xac-thuc-cong-dan' and started_at >= ${from}`)).rows[0] as { started: number; completed: number; failed: number };
    const row = rows.find((r) => r[0] === 'xac-thuc-cong-dan') as unknown[];
    expect(row.slice(1, 4)).toEqual([db.started, db.completed, db.failed]);
    expect(db).toEqual({ started: 6, completed: 4, failed: 2 });
    expect(row[6]).toBeCloseTo(4 / 6, 10);
    expect(sheet.getCell('G2').numFmt).toBe('0.00%');
    const params = wb.getWorksheet('Tham số');
    expect(params?.getCell('B4').value).toBe('flow');
  });

  it('exports the monthly report of an agency as XLSX with the CSV\'s numbers', async () => {
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit' }).format(new Date());
    // Two runs started by an operator of that agency (the report is per agency).
    const created = await p.request('POST', '/api/v1/users', { username: 'dieu-hanh-93', roles: [{ role: 'operator', agency: '000.00.93.H48' }] });
    const operator = await p.login('dieu-hanh-93', created.body.password);
    for (let i = 6; i < 8; i++) expect((await p.requestAs(operator, 'POST', '/api/v1/flows/xac-thuc-cong-dan/runs', body(i))).status).toBe(200);
    const q = `agency=000.00.93.H48&month=${month}`;
    const csv = (await p.request('GET', `/api/v1/stats/reports/monthly?${q}`)).body.csv as string;
    const res = await p.request('GET', `/api/v1/stats/reports/monthly/xlsx?${q}`);
    expect(res.status).toBe(200);
    expect(res.body.filename).toBe(`bao-cao-thang_000.00.93.H48_${month}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(res.body.contentBase64, 'base64') as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    wb.getWorksheet('Thống kê')?.eachRow((row) => { rows.push((row.values as unknown[]).slice(1)); });
    const fromCsv = csv.trim().split('\n').slice(1).map((l) => l.split(','));
    expect(fromCsv).toEqual([['xac-thuc-cong-dan', '2', '2', '0', '0', '1.0000', expect.any(String), expect.any(String)]]);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2], r[3], r[5]].map(String))).toEqual(fromCsv.map((c) => [c[0], c[1], c[2], c[3], c[4]]));
    expect(wb.getWorksheet('Tham số')?.getCell('B6').value).toBe('000.00.93.H48');
  });

  it('refuses a reversed time range with a clear 400', async () => {
    const res = await p.request('GET', `/api/v1/stats/runs?from=${encodeURIComponent(new Date().toISOString())}&to=${encodeURIComponent(from)}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('REQUEST_VALIDATION_FAILED');
  });
});
