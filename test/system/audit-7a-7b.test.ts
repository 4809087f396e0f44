import { describe, expect, it } from 'vitest';
import { useTestPlatform } from '../helpers/suite.js';
import { sessionOfNewUser } from '../helpers/users.js';
import { until } from './flow-harness.js';

// DOMAIN §7.a step 9 and §7.b step 8 on the examples as `npm start` publishes them: one built-in step (audit:entry:write)
// writes into the hash-chained audit log. For a verification: who (the officer), why (procedure, purpose), when, the
// outcome and the citizen's ID as an HMAC under the platform's key; for a dossier at close: its summary (number, route,
// outcome, SLA paused, late). Read as an auditor through the audit API: the plain ID never appears; the chain verifies.

const CAM_THANH = '000.25.94.H48';
const ID = '051090123456';

interface AuditRow { seq: number; action: string; actorId: string; actorType: string; outcome: string; flowKey: string | null; runId: string | null; at: string; detail: Record<string, any> }

describe('7.a and 7.b: the audit entries a flow writes through its audit step', () => {
  const p = useTestPlatform();

  async function auditOf(token: string, runId: string): Promise<AuditRow[]> {
    await p.services.audit.flush();
    const r = await p.requestAs(token, 'GET', `/api/v1/audit?runId=${encodeURIComponent(runId)}&limit=100`);
    expect(r.status, r.text).toBe(200);
    return r.body as AuditRow[];
  }

  it('a 7.a verification keeps who, why, when, the outcome and a keyed hash of the ID, never the ID; a closed 7.b dossier its summary', async () => {
    const auditor = await sessionOfNewUser(p, 'kiem-toan-7a', [{ role: 'auditor' }]);

    // 7.a: the officer verifies a citizen (MATCH); the answer is synchronous, the audit step runs after it.
    const verified = await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan-day-du/runs?wait=30s', {
      dossierNo: '000.25.94.H48-261208-0001', procedureCode: '1.001193.000.00.00.H48', officerId: 'can-bo-mot-cua-07', purpose: 'Đăng ký khai sinh',
      applicant: { soDinhDanh: ID, hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' },
    });
    expect([200, 202], verified.text).toContain(verified.status); // 202 only when a loaded machine takes longer than the wait
    const runA = verified.body.runId as string;
    const doneA = await until(() => p.request('GET', `/api/v1/runs/${runA}`), (r) => r.body?.status === 'completed', 600);
    expect(doneA.body.output).toMatchObject({ result: 'MATCH' });
    const rowsA = await auditOf(auditor, runA);
    const entry = rowsA.find((r) => r.action === 'flow.citizen.verify');
    expect(entry).toMatchObject({ actorType: 'user', actorId: 'can-bo-mot-cua-07', outcome: 'ok', flowKey: 'xac-thuc-cong-dan-day-du', runId: runA,
      detail: { procedureCode: '1.001193.000.00.00.H48', purpose: 'Đăng ký khai sinh', result: 'MATCH', summary: { dossierNo: '000.25.94.H48-261208-0001' } } });
    expect(entry?.detail.subjectHash).toMatch(/^[0-9a-f]{64}$/);
    expect(Number.isNaN(Date.parse(entry?.at ?? ''))).toBe(false);
    expect(JSON.stringify(rowsA)).not.toContain(ID);

    // A second verification of the same person: the same keyed hash, so an auditor links the entries without the ID.
    const again = await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan-day-du/runs?wait=30s', {
      dossierNo: '000.25.94.H48-261208-0002', procedureCode: '1.001193.000.00.00.H48', officerId: 'can-bo-mot-cua-08', purpose: 'Đăng ký khai sinh',
      applicant: { soDinhDanh: ID, hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' },
    });
    expect([200, 202], again.text).toContain(again.status);
    const runA2 = again.body.runId as string;
    const rowsA2 = await until(() => auditOf(auditor, runA2), (rows) => rows.some((r) => r.action === 'flow.citizen.verify'), 600);
    expect(rowsA2.find((r) => r.action === 'flow.citizen.verify')).toMatchObject({ flowKey: 'xac-thuc-cong-dan-day-du', detail: { subjectHash: entry?.detail.subjectHash } });

    // 7.b: a dossier routed to Cẩm Thành, taken (edXML 03) and approved: closed with its summary in the log.
    const officer = await sessionOfNewUser(p, 'can-bo-cam-thanh-nk', [{ role: 'officer', agency: CAM_THANH }]);
    const started = await p.request('POST', '/api/v1/flows/dieu-phoi-ho-so/runs?wait=0s', {
      dossierNo: '000.25.94.H48-261208-0003', procedureCode: '1.001193.000.00.00.H48', procedureName: 'Đăng ký khai sinh', applicantName: 'Nguyễn Văn An',
      communeCode: '21025', receivedAt: '20261204083000', components: ['to-khai.pdf'],
    });
    expect(started.status, started.text).toBe(202);
    const runB = started.body.runId as string;
    await until(() => p.request('GET', `/api/v1/runs/${runB}`), (r) => r.body?.nodes?.cho_tiep_nhan?.status === 'waiting', 600);
    expect((await p.request('POST', `/api/v1/runs/${encodeURIComponent(runB)}/signals/edxml`, { statusCode: '03' })).status).toBeLessThan(300);
    const inbox = await until(() => p.requestAs(officer, 'GET', '/api/v1/tasks?box=agency&state=open'),
      (r) => (r.body?.tasks ?? []).some((t: { runId: string; nodeId: string }) => t.runId === runB && t.nodeId === 'xu_ly'), 600);
    const task = (inbox.body.tasks as { taskId: string; runId: string; nodeId: string }[]).find((t) => t.runId === runB && t.nodeId === 'xu_ly');
    expect((await p.requestAs(officer, 'POST', `/api/v1/tasks/${task?.taskId}/decision`, { outcome: 'approved' })).status).toBe(200);
    // Closed: the example keeps 0 days, so its data is destroyed at once; the metadata says how it ended.
    const closed = await until(() => p.requestAs(auditor, 'GET', `/api/v1/run-records/${runB}`), (r) => r.body?.destroyed !== undefined, 600);
    expect(closed.body).toMatchObject({ status: 'completed', flowKey: 'dieu-phoi-ho-so', destroyed: { code: 'RUN_DATA_DESTROYED' } });
    const rowsB = await until(() => auditOf(auditor, runB), (rows) => rows.some((r) => r.action === 'flow.dossier.close'), 600);
    // The close step names no credential; the entry still says which flow wrote it.
    expect(rowsB.find((r) => r.action === 'flow.dossier.close')).toMatchObject({ actorType: 'system', actorId: 'system:lien-thong', outcome: 'ok', runId: runB, flowKey: 'dieu-phoi-ho-so',
      detail: { procedureCode: '1.001193.000.00.00.H48', result: 'approved',
        summary: { dossierNo: '000.25.94.H48-261208-0003', outcome: 'approved', agencyCode: CAM_THANH, classified: false, rerouted: false, slaPaused: false, NgayHenTra: expect.stringMatching(/^\d{14}$/), late: expect.any(Boolean) } } });

    // The chain still verifies with the flows' entries in it.
    const verifiedChain = await p.requestAs(auditor, 'GET', '/api/v1/audit/verify');
    expect(verifiedChain.status, verifiedChain.text).toBe(200);
    expect(verifiedChain.body).toMatchObject({ ok: true });
  });
});
