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

  it('refuses a reversed time range with a clear 400', async () => {
    const res = await p.request('GET', `/api/v1/stats/runs?from=${encodeURIComponent(new Date().toISOString())}&to=${encodeURIComponent(from)}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('REQUEST_VALIDATION_FAILED');
  });
});
