import { describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../sdk/http.js';
import type { AuditWriter } from '../../../sdk/types.js';
import { examples } from './examples.js';
import { auditEntryWrite } from './index.js';

// The chain itself is the platform's (test/system/audit-7a-7b.test.ts); here, what the step adds: the keyed hash made
// inside it, the entry's shape, and a coded retryable error on a worker without the log.
const deps = (rows: Parameters<AuditWriter['record']>[0][], key = 'k'.repeat(32)) => ({
  http: createHttpClient(), clock: () => new Date('2026-12-06T03:00:00Z'),
  credentials: { resolve: () => Promise.resolve({ type: 'verification-hmac', key }) },
  audit: {
    record: (e: Parameters<AuditWriter['record']>[0]) => { rows.push(e); return Promise.resolve(); },
    search: (f: { runId: string; action: string }) => Promise.resolve(rows.filter((r) => r.runId === f.runId && r.action === f.action)),
  },
});
const call = (input: Record<string, unknown>) => ({ input, credentialId: 'xac-thuc-hmac', idempotencyKey: 'run-1/nhat_ky', nodeId: 'nhat_ky', flowKey: 'xac-thuc-cong-dan-day-du' });

describe('audit:entry:write', () => {
  it.each(examples.map((e) => [e.name, e] as const))('%s', async (_name, e) => {
    const act = auditEntryWrite.createActivity(deps([]));
    if (e.error) await expect(act(call(e.input))).rejects.toMatchObject({ code: e.error });
    else expect(await act(call(e.input))).toMatchObject(e.output ?? {});
  });

  it('keeps who, why, when and the outcome, and the ID only as an HMAC under the platform key', async () => {
    const rows: Parameters<AuditWriter['record']>[0][] = [];
    const input = examples[0]?.input ?? {};
    const out = await auditEntryWrite.createActivity(deps(rows))(call(input)) as { subjectHash: string };
    const again = await auditEntryWrite.createActivity(deps([]))(call(input)) as { subjectHash: string };
    const otherKey = await auditEntryWrite.createActivity(deps([], 'x'.repeat(32)))(call(input)) as { subjectHash: string };
    expect(out.subjectHash).toMatch(/^[0-9a-f]{64}$/);
    expect(again.subjectHash).toBe(out.subjectHash); // one person, one hash: entries about them link up
    expect(otherKey.subjectHash).not.toBe(out.subjectHash); // without the key, the hash names nobody
    expect(rows).toEqual([{ actorType: 'user', actorId: 'can-bo-01', action: 'flow.citizen.verify', outcome: 'ok', flowKey: 'xac-thuc-cong-dan-day-du', runId: 'run-1',
      detail: { step: 'run-1/nhat_ky', procedureCode: '1.001193.000.00.00.H48', purpose: 'Đăng ký khai sinh', result: 'MATCH', subjectHash: out.subjectHash, at: '2026-12-06T03:00:00.000Z' } }]);
    expect(JSON.stringify(rows)).not.toContain('051090123456');
  });

  it('a retried step writes no second entry', async () => {
    const rows: Parameters<AuditWriter['record']>[0][] = [];
    const act = auditEntryWrite.createActivity(deps(rows));
    const first = await act(call(examples[0]?.input ?? {}));
    expect(await act(call(examples[0]?.input ?? {}))).toEqual(first);
    expect(rows).toHaveLength(1);
  });

  it('a worker without the platform\'s audit log answers a retryable coded error', async () => {
    const act = auditEntryWrite.createActivity({ ...deps([]), audit: undefined as never });
    await expect(act(call({ action: 'dossier.close', actor: 'system:x', outcome: 'ok' }))).rejects.toMatchObject({ code: 'AUDIT_STEP_UNAVAILABLE', retryable: true });
  });
});
