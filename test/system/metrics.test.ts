import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';

interface Family { name: string; type: string; metrics: { labels?: Record<string, string>; value?: string; count?: string }[] }

const body = { dossierNo: '000.25.94.H48-260115-0100', procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
  applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' } };

describe('/metrics in Prometheus text format', () => {
  let p: TestPlatform;
  // /metrics needs a token (or a loopback listener, LT_METRICS_PORT); a scraper sends it as a bearer token.
  const metricsToken = 'metrics-token-for-this-test';
  beforeAll(async () => { p = await startTestPlatform({ http: { metricsToken } }); });
  afterAll(async () => { await p?.stop(); });

  async function scrape(): Promise<Family[]> {
    const res = await fetch(`${p.apiUrl}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
    expect(res.headers.get('content-type')).toContain('text/plain');
    return parsePrometheusTextFormat(await res.text()) as Family[];
  }
  const value = (families: Family[], name: string, labels: Record<string, string>): number => {
    const fam = families.find((f) => f.name === name);
    const m = fam?.metrics.find((x) => Object.entries(labels).every(([k, v]) => x.labels?.[k] === v));
    return Number(m?.value ?? m?.count ?? 0);
  };

  it('counters move during runs: runs started, connector calls, API requests by status', async () => {
    const before = await scrape();
    await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs', body);
    await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs', body);
    await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs', { bad: true });
    const after = await scrape();
    expect(value(after, 'lt_runs_started_total', { flow: 'xac-thuc-cong-dan', trigger: 'api' }) - value(before, 'lt_runs_started_total', { flow: 'xac-thuc-cong-dan', trigger: 'api' })).toBe(2);
    expect(value(after, 'lt_connector_calls_total', { connector: 'ngsp:population:verifyCitizen@1', outcome: 'ok' }) - value(before, 'lt_connector_calls_total', { connector: 'ngsp:population:verifyCitizen@1', outcome: 'ok' })).toBe(2);
    expect(value(after, 'lt_api_requests_total', { route: 'runs.start', status: '400' }) - value(before, 'lt_api_requests_total', { route: 'runs.start', status: '400' })).toBe(1);
    expect(value(after, 'lt_sync_answers_total', { flow: 'xac-thuc-cong-dan', status: 'completed' })).toBeGreaterThanOrEqual(2);
    expect(after.find((f) => f.name === 'lt_connector_duration_seconds')?.type).toBe('HISTOGRAM');
  });
});
