import { beforeAll, describe, expect, it } from 'vitest';
import { allSimSecrets } from '@lienthong/simulators';
import { EncryptionCodec, payloadKeyFromMaster } from '@lienthong/temporal';
import { useRawTemporalClient, useTestPlatform } from '../helpers/suite.js';

/** Three calls with secret-bearing credentials (national DB key pair, NGSP adapter password, IOC API key), one of them failing on auth. */
const flow = {
  key: 'bi-mat-khong-lo',
  title: { vi: 'Kiểm tra không lộ bí mật', en: 'Secrets never leak' },
  nodes: {
    start: { kind: 'trigger', trigger: { type: 'api' } },
    dn: { kind: 'call', connector: { id: 'ngsp:business:getEnterprise', version: '1.0.0' }, credentialId: 'ngsp-national',
      input: { purpose: "{ 'procedureCode': '2.002345.000.00.00.H48' }", officerId: "'051085000111'", enterpriseCode: "'4399000017'" } },
    hs: { kind: 'call', connector: { id: 'dvcqg:dossier:lookup', version: '1.0.0' }, credentialId: 'ngsp-adapter', input: { dossierNo: "'000.25.94.H48-260115-0999'" } },
    pakn: { kind: 'call', connector: { id: 'ioc:feedback:create', version: '1.0.0' }, credentialId: 'ioc',
      input: { channel: "'app'", content: "'Đèn đường hỏng'", category: "'ha_tang_do_thi'", location: "{ 'communeCode': '21025' }" } },
    done: { kind: 'end', output: "{ 'ok': true }" },
    hs_loi: { kind: 'end', output: '$nodes.hs.output' },
  },
  edges: [
    { id: 'e1', source: 'start', target: 'dn' }, { id: 'e2', source: 'dn', target: 'hs' },
    { id: 'e3', source: 'hs', target: 'pakn' }, { id: 'e3b', source: 'hs', sourceHandle: 'error', target: 'pakn' },
    { id: 'e4', source: 'pakn', target: 'done' }, { id: 'e5', source: 'pakn', sourceHandle: 'error', target: 'hs_loi' },
  ],
};

describe('credential values never appear in logs, histories or API responses', () => {
  const lines: string[] = [];
  const secrets = allSimSecrets().filter((s) => s.length >= 6);
  const p = useTestPlatform({ log: (n) => (l) => lines.push(`[${n}] ${l}`) });
  const client = useRawTemporalClient();
  const api = (method: string, path: string, body?: unknown) => p.request(method, path, body);
  beforeAll(() => { expect(secrets.length).toBeGreaterThan(5); });

  it('holds across a run with secret-bearing credentials, one call failing on authentication', async () => {
    expect((await api('POST', '/api/v1/flows', flow)).status).toBe(201);
    // The IOC refuses the call as unauthenticated: the error path must not echo the credential either.
    await fetch(`${p.simulators?.url}/_control/faults/ioc.createFeedback`, { method: 'PUT', body: JSON.stringify({ status: 401, count: 1 }) });
    const run = await api('POST', '/api/v1/flows/bi-mat-khong-lo/runs?wait=0s', {});
    const runId = JSON.parse(run.text).runId as string;
    expect(run.status, run.text).toBeLessThan(300);

    await client.workflow.getHandle(runId).result().catch(() => undefined);
    const view = JSON.parse((await api('GET', `/api/v1/runs/${runId}`)).text) as { status: string; nodes: Record<string, { status: string; error?: { code: string } }> };
    expect(view.status).toBe('completed');
    expect(view.nodes.pakn?.error?.code).toBe('CONNECTOR_AUTH_FAILED');

    const history = await client.workflow.getHandle(runId).fetchHistory();
    const decoded = await Promise.all((history.events ?? []).flatMap((e) => [
      e.workflowExecutionStartedEventAttributes?.input, e.activityTaskScheduledEventAttributes?.input, e.activityTaskCompletedEventAttributes?.result,
      e.workflowExecutionCompletedEventAttributes?.result,
    ]).filter((x) => x?.payloads).map(async (x) => (await new EncryptionCodec(payloadKeyFromMaster(p.masterKey)).decode(x?.payloads as never))
      .map((pl) => Buffer.from(pl.data ?? new Uint8Array()).toString('utf8')).join('\n')));
    const failures = JSON.stringify((history.events ?? []).map((e) => e.activityTaskFailedEventAttributes ?? e.workflowExecutionFailedEventAttributes ?? null));
    const responses = await Promise.all([`/api/v1/runs/${runId}`, `/api/v1/runs/${runId}/timeline`, `/api/v1/runs/${runId}/bundle`, '/api/v1/audit', '/api/v1/openapi.json', '/api/v1/flows/bi-mat-khong-lo']
      .map(async (path) => (await api('GET', path)).text));
    const haystacks = { logs: lines.join('\n'), history: JSON.stringify(history), decodedPayloads: decoded.join('\n'), failures, responses: responses.join('\n') };
    expect(decoded.join('\n')).toContain('4399000017'); // the decoded history is really what the run carried
    for (const [where, text] of Object.entries(haystacks)) {
      for (const s of secrets) {
        expect(text.includes(s), `a credential value appears in ${where}`).toBe(false);
        expect(text.includes(Buffer.from(s).toString('base64')), `a credential value (base64) appears in ${where}`).toBe(false);
      }
    }
  });
});
