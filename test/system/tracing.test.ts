import { InMemorySpanExporter, startTracing } from '@lienthong/observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';

/** Done-when 4 (second half): one run's trace links the API request, the workflow, the activity and the connector's HTTP call. */
const body = { dossierNo: '000.25.94.H48-260115-0101', procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
  applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' } };

describe('tracing', () => {
  const exporter = new InMemorySpanExporter();
  let p: TestPlatform;
  beforeAll(async () => {
    expect(startTracing({ exporter, serviceName: 'lienthong-test' })).toBe(true);
    p = await startTestPlatform();
  });
  afterAll(async () => { await p?.stop(); });

  it('API span → StartWorkflow → RunWorkflow → RunActivity → connector HTTP span, one trace id', async () => {
    const res = await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs', body);
    expect(res.status).toBe(200);
    const named = (prefix: string, traceId?: string) => exporter.getFinishedSpans()
      .find((s) => s.name.startsWith(prefix) && (traceId === undefined || s.spanContext().traceId === traceId));

    const api = named('POST /api/v1/flows/xac-thuc-cong-dan/runs');
    expect(api).toBeDefined();
    const traceId = api!.spanContext().traceId;
    // Workflow spans are exported through the worker's sink: wait for them (bounded), do not time them.
    for (let i = 0; i < 60 && !named('RunWorkflow:', traceId); i++) await new Promise((r) => setTimeout(r, 250));

    const start = named('StartWorkflow:', traceId);
    const workflow = named('RunWorkflow:', traceId);
    const activity = named('RunActivity:ngsp:population:verifyCitizen', traceId);
    const http = named('HTTP POST 127.0.0.1', traceId);
    expect({ start: !!start, workflow: !!workflow, activity: !!activity, http: !!http }).toEqual({ start: true, workflow: true, activity: true, http: true });
    expect(start!.parentSpanId).toBe(api!.spanContext().spanId);
    expect(http!.parentSpanId).toBe(activity!.spanContext().spanId);
    expect(http!.attributes['http.response.status_code']).toBe(200);
    // No personal data in span names or attributes.
    const all = JSON.stringify(exporter.getFinishedSpans().map((s) => ({ n: s.name, a: s.attributes })));
    expect(all).not.toContain(body.applicant.soDinhDanh);
  });
});
