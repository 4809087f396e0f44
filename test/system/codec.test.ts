import { beforeAll, describe, expect, it } from 'vitest';
import { useRawTemporalClient, useTestPlatform } from '../helpers/suite.js';
import { sessionOfNewUser } from '../helpers/users.js';

const applicant = { soDinhDanh: '084205000999', hoVaTen: 'THẠCH THANH TÂM', ngaySinh: '20050909' };
const input = { dossierNo: '000.25.94.H48-260115-0555', procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111', applicant };

describe('who may read the personal data a run carried', () => {
  const p = useTestPlatform();
  const raw = useRawTemporalClient();
  let runId: string;
  let auditor: string;
  let viewer: string;
  beforeAll(async () => {
    auditor = await sessionOfNewUser(p, 'kiem-toan-2', [{ role: 'auditor' }]);
    // The run belongs to an agency (started by its operator); the viewer is of the same agency.
    const agency = '000.00.91.H48';
    expect((await p.request('POST', '/api/v1/agencies', { code: agency, name: { vi: 'Sở Tư pháp Quảng Ngãi', en: 'Quang Ngai Department of Justice' } })).status).toBeLessThan(300);
    const operator = await sessionOfNewUser(p, 'van-hanh-2', [{ role: 'operator', agency }]);
    viewer = await sessionOfNewUser(p, 'xem-2', [{ role: 'agency-viewer', agency }]);
    const run = await p.requestAs(operator, 'POST', '/api/v1/flows/xac-thuc-cong-dan/runs', input);
    expect(run.body.status, JSON.stringify(run.body)).toBe('completed');
    runId = run.body.runId;
  });

  async function storedInput(): Promise<{ metadata: Record<string, string>; data: string }> {
    const history = await raw.workflow.getHandle(runId).fetchHistory();
    const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    return {
      metadata: Object.fromEntries(Object.entries(payload?.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v as Uint8Array).toString('base64')])),
      data: Buffer.from(payload?.data ?? new Uint8Array()).toString('base64'),
    };
  }

  it('an auditor decodes the stored (encrypted) payloads through the codec endpoint the Temporal UI uses', async () => {
    const stored = await storedInput();
    expect(Buffer.from(stored.data, 'base64').toString('utf8')).not.toContain(applicant.hoVaTen);
    const res = await p.requestAs(auditor, 'POST', '/api/v1/codec/decode', { payloads: [stored] });
    expect(res.status).toBe(200);
    expect(Buffer.from(res.body.payloads[0].data, 'base64').toString('utf8')).toContain(applicant.hoVaTen);
  });

  it('an agency viewer is refused by the codec endpoint, and anonymous callers too', async () => {
    const stored = await storedInput();
    const asViewer = await p.requestAs(viewer, 'POST', '/api/v1/codec/decode', { payloads: [stored] });
    expect(asViewer.status).toBe(403);
    expect(asViewer.body.error.code).toBe('CODEC_FORBIDDEN');
    expect((await p.requestAs(null, 'POST', '/api/v1/codec/decode', { payloads: [stored] })).status).toBe(401);
  });

  it('the console shows the run data to an auditor and hides it from an agency viewer', async () => {
    const asAuditor = await p.requestAs(auditor, 'GET', `/api/v1/runs/${runId}`);
    expect(asAuditor.body.output.dossierNo).toBe(input.dossierNo);
    const asViewer = await p.requestAs(viewer, 'GET', `/api/v1/runs/${runId}`);
    expect(asViewer.status).toBe(200);
    expect(asViewer.body).toMatchObject({ status: 'completed', dataHidden: true });
    expect(JSON.stringify(asViewer.body)).not.toContain(input.dossierNo);
    expect(asViewer.body.nodes.verify.status).toBe('succeeded');
  });
});
