import { describe, expect, it } from 'vitest';
import { activityTypes } from './flow-harness.js';
import { useRawTemporalClient, useTestPlatform } from '../helpers/suite.js';

const an = {
  dossierNo: '000.25.94.H48-260115-0007', procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
  applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' },
};

describe('the citizen-verification slice, end to end on the real Temporal server', () => {
  const p = useTestPlatform();
  const client = useRawTemporalClient();

  it('answers a synchronous REST call with the verification result', async () => {
    const res = await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs', an);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'completed', flowKey: 'xac-thuc-cong-dan', version: 1,
      output: { dossierNo: an.dossierNo, result: 'MATCH', source: 'CSDLQG-DC' } });
    expect(res.body.output.requestId).toMatch(/^LT-/);
  });

  it('records the connector call in the workflow history and tags the run with search attributes', async () => {
    const res = await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs', an);
    const handle = client.workflow.getHandle(res.body.runId);
    const history = await handle.fetchHistory();
    // A short read-only lookup runs as a local activity: recorded as one marker with its type and outcome.
    expect(activityTypes(history)).toEqual(['ngsp:population:verifyCitizen@1']);
    expect((history.events ?? []).some((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity' && !e.markerRecordedEventAttributes.failure)).toBe(true);
    const desc = await handle.describe();
    expect(desc.searchAttributes).toMatchObject({ LtFlowId: ['xac-thuc-cong-dan'], LtFlowVersion: ['1'], LtTrigger: ['api'], LtFlowHash: [res.body.hash] });
    expect(desc.searchAttributes.LtBusinessKeys).toEqual([`dossierNo=${an.dossierNo}`]);
  });

  it('answers MISMATCH when the name lacks its diacritics (a business outcome, not an error)', async () => {
    const res = await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs', { ...an, applicant: { ...an.applicant, hoVaTen: 'NGUYEN VAN AN' } });
    expect(res.status).toBe(200);
    expect(res.body.output.result).toBe('MISMATCH');
  });

  it('runs asynchronously with ?wait=0s: 202 with the run id, then the run can be read', async () => {
    const res = await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs?wait=0s', an);
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe(`/api/v1/runs/${res.body.runId}`);
    // Payloads are encrypted, so this plain client cannot decode the result: wait for the run to close instead.
    await client.workflow.getHandle(res.body.runId).result().catch(() => undefined);
    const run = await p.request('GET', `/api/v1/runs/${res.body.runId}`);
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ status: 'completed', output: { result: 'MATCH' } });
    expect(run.body.nodes.verify).toMatchObject({ status: 'succeeded' });
  });

  it('answers 202 at once when the 30 s after the request arrived are already spent (R-03), never later than due', async () => {
    const r = await p.services.runs.start('xac-thuc-cong-dan', an, { waitMs: 25_000, answerBy: Date.now(), caller: { id: 'user:test' } });
    expect(r.status).toBe('running');
    expect(r.runId).toMatch(/^run-/);
  });

  it('returns the same run for a repeated Idempotency-Key and refuses the key with another body', async () => {
    const first = await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs', an, { 'idempotency-key': 'dossier-0007' });
    const again = await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs', an, { 'idempotency-key': 'dossier-0007' });
    expect(again.body.runId).toBe(first.body.runId);
    expect(again.body.replayed).toBe(true);
    const other = await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs', { ...an, officerId: 'someone-else' }, { 'idempotency-key': 'dossier-0007' });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_CONFLICT');
  });

  describe('bad input gets a clear 4xx and starts nothing', () => {
    /** Workflows Temporal knows on this test's task queue. */
    async function countRuns(): Promise<number> {
      let n = 0;
      for await (const _ of client.workflow.list({ query: `TaskQueue = '${p.taskQueue}'` })) n += 1;
      return n;
    }

    it('a malformed body: 400 with a stable code, vi/en message and the JSON pointer', async () => {
      const before = (await p.services.runs.list({ limit: 10_000 })).length;
      const res = await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs', { ...an, applicant: { soDinhDanh: '12', hoVaTen: 'A' } });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('REQUEST_VALIDATION_FAILED');
      expect(res.body.errors.map((e: { where: { pointer: string } }) => e.where.pointer)).toContain('/applicant/soDinhDanh');
      expect(res.body.error.message.vi).toMatch(/\S/);
      expect(res.body.error.message.en).toMatch(/\S/);
      const broken = await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs', '{"dossierNo": ');
      expect(broken.status).toBe(400);
      expect(broken.body.error).toMatchObject({ code: 'REQUEST_INVALID_JSON', where: { pointer: '/' } });
      expect((await p.services.runs.list({ limit: 10_000 })).length).toBe(before);
    });

    it('an unknown flow: 404 FLOW_NOT_FOUND', async () => {
      const before = await countRuns();
      const res = await p.request('POST', '/api/v1/flows/khong-ton-tai/runs', an);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('FLOW_NOT_FOUND');
      expect(res.body.error.message.vi).toContain('khong-ton-tai');
      expect(await countRuns()).toBe(before);
    });
  });

  it('publishes the OpenAPI document describing the runs endpoint', async () => {
    const res = await p.request('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths['/api/v1/flows/{flowKey}/runs'].post.responses)).toEqual(expect.arrayContaining(['200', '202', '400', '404']));
  });
});
