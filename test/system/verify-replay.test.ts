import { describe, expect, it } from 'vitest';
import { recordOnChangedInterpreter } from '../helpers/changed-interpreter.js';
import { useTestPlatform } from '../helpers/suite.js';
import { sessionOfNewUser } from '../helpers/users.js';

const DAY_MS = 86_400_000;
const citizen = (n: number) => ({
  dossierNo: `000.25.94.H48-261206-${String(n).padStart(4, '0')}`, procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
  applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' },
});

describe('verify replay: the server replays a run\'s history on the current worker build', () => {
  const p = useTestPlatform();

  it('a completed run verifies deterministic for an auditor, twice on the same build, and each verification is audited', async () => {
    const run = await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs', citizen(1));
    expect(run.body.status).toBe('completed');
    const auditor = await sessionOfNewUser(p, 'kiem-toan', [{ role: 'auditor' }]);
    const first = await p.requestAs(auditor, 'POST', `/api/v1/runs/${run.body.runId}/verify-replay`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ runId: run.body.runId, deterministic: true });
    expect(first.body.divergence).toBeUndefined();
    expect(first.body.workflowsBuild).toMatch(/^sha256:[0-9a-f]{64}$/);
    // The second verification replays on the same (cached) bundle of the same build.
    const second = await p.requestAs(auditor, 'POST', `/api/v1/runs/${run.body.runId}/verify-replay`);
    expect(second.body).toMatchObject({ deterministic: true, workflowsBuild: first.body.workflowsBuild });
    // Audited like a bundle export: one row per verification, with the run (written as the answer ends).
    let rows: { action: string; outcome: string; runId: string | null }[] = [];
    for (let i = 0; i < 40 && rows.length < 2; i++) {
      await p.services.audit.flush();
      rows = (await p.request('GET', `/api/v1/audit?action=${encodeURIComponent('bundles.verifyReplay')}`)).body;
      if (rows.length < 2) await new Promise((r) => setTimeout(r, 100));
    }
    expect(rows.filter((r) => r.runId === run.body.runId && r.outcome === 'ok')).toHaveLength(2);
  });

  it('a run recorded by a worker running a changed interpreter names the diverging event', async () => {
    const recorded = await recordOnChangedInterpreter(p, 'xac-thuc-cong-dan', citizen(4));
    try {
      const verified = await p.request('POST', `/api/v1/runs/${recorded.runId}/verify-replay`);
      expect(verified.status).toBe(200);
      // The current build does not start that timer: the replay diverges at the event that records it.
      expect(verified.body).toMatchObject({ deterministic: false, divergence: { eventId: recorded.timerEventId, eventType: 'TIMER_STARTED' } });
    } finally {
      await recorded.close();
    }
  });

  it('an operator without audit.read is refused with a coded 403; another agency\'s viewer and an unknown run get a coded 404', async () => {
    const run = await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs', citizen(2));
    const operator = await sessionOfNewUser(p, 'van-hanh', [{ role: 'operator' }]);
    const refused = await p.requestAs(operator, 'POST', `/api/v1/runs/${run.body.runId}/verify-replay`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('ACCESS_FORBIDDEN');
    const viewer = await sessionOfNewUser(p, 'xem-h56', [{ role: 'agency-viewer', agency: '000.00.00.H56' }]);
    const hidden = await p.requestAs(viewer, 'POST', `/api/v1/runs/${run.body.runId}/verify-replay`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe('RUN_NOT_FOUND');
    const unknown = await p.request('POST', '/api/v1/runs/run-khong-co/verify-replay');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('RUN_NOT_FOUND');
    expect(unknown.body.error.message.vi.length).toBeGreaterThan(0);
  });

  it('a run past retention answers the coded 410 "data destroyed"', async () => {
    const example = await p.request('GET', '/api/v1/flows/xac-thuc-cong-dan');
    const document = { ...example.body.document, key: 'xac-thuc-30-ngay', settings: { ...example.body.document.settings, retentionDays: 30 } };
    expect((await p.request('POST', '/api/v1/flows', document)).status).toBe(201);
    const run = await p.request('POST', '/api/v1/flows/xac-thuc-30-ngay/runs', citizen(3));
    expect(run.body.status).toBe('completed');
    await p.services.retention.tick();
    expect((await p.services.retention.tick(new Date(Date.now() + 31 * DAY_MS))).destroyed).toContain(run.body.runId);
    // The archive says the data was destroyed at once, before Temporal's background deletion of the history.
    const verified = await p.request('POST', `/api/v1/runs/${run.body.runId}/verify-replay`);
    expect(verified.status).toBe(410);
    expect(verified.body.error.code).toBe('RUN_DATA_DESTROYED');
  });
});
