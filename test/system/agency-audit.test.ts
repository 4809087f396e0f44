import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditVerify } from '@lienthong/cli';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';

describe('the audit log: hash-chained, append-only, searchable and exportable', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
    for (const code of ['000.00.00.H48', 'H56.14', '000.17.22.H56', 'bad-code']) {
      await p.request('POST', '/api/v1/agencies', { code, name: { vi: `Cơ quan ${code}`, en: `Agency ${code}` } });
    }
    await p.requestAs(null, 'POST', '/api/v1/auth/login', { username: 'admin', password: 'wrong-password' });
    await p.services.audit.flush();
  });
  afterAll(async () => { await p?.stop(); });

  it('agencies are registered under codes of both formats; bad codes are refused', async () => {
    const list = await p.request('GET', '/api/v1/agencies');
    expect(list.body.map((a: { code: string; format: string; parentCode: string | null }) => [a.code, a.format, a.parentCode])).toEqual([
      ['000.00.00.H48', 'legacy', null], ['000.17.22.H56', 'legacy', '000.00.22.H56'], ['H56.14', 'v2020', 'H56'],
    ]);
    const bad = await p.request('POST', '/api/v1/agencies', { code: '48.H00', name: { vi: 'x', en: 'x' } });
    expect([bad.status, bad.body.error.code, bad.body.error.where.field]).toEqual([400, 'AGENCY_CODE_INVALID', 'code']);
  });

  it('a merged agency keeps resolving to its successor, and the change is in its history (R-09)', async () => {
    await p.request('POST', '/api/v1/agencies', { code: '000.00.00.H41', name: { vi: 'UBND tỉnh mới', en: 'New province' } });
    const upd = await p.request('PUT', '/api/v1/agencies/H56.14', { validTo: '2025-07-01T00:00:00+07:00', successorCodes: ['000.00.00.H41'] });
    expect(upd.status).toBe(200);
    const got = await p.request('GET', '/api/v1/agencies/h56.14');
    expect(got.body).toMatchObject({ code: 'H56.14', current: ['000.00.00.H41'] });
    const hist = await p.request('GET', '/api/v1/agencies/H56.14/history');
    expect(hist.body.map((h: { action: string; by: string }) => [h.action, h.by])).toEqual([['create', 'user:admin'], ['update', 'user:admin']]);
  });

  it('records who, what, when, from where and the outcome, and never a password', async () => {
    const rows = (await p.request('GET', '/api/v1/audit?limit=100')).body as Record<string, unknown>[];
    expect(rows.find((r) => r.action === 'agencies.create' && r.outcome === 'ok')).toMatchObject({ actorType: 'user', actorId: 'user:admin', ip: '127.0.0.1', status: 200 });
    expect(rows.find((r) => r.action === 'agencies.create' && r.outcome === 'failed')).toMatchObject({ code: 'AGENCY_CODE_INVALID', status: 400 });
    expect(rows.find((r) => r.action === 'auth.login')).toMatchObject({ outcome: 'refused', code: 'AUTH_LOGIN_FAILED', actorId: 'login:admin' });
    expect(JSON.stringify(rows)).not.toContain('wrong-password');
    expect(JSON.stringify(rows)).not.toContain(p.adminPassword);
  });

  it('exports CSV and JSON for auditors', async () => {
    const csv = await fetch(`${p.apiUrl}/api/v1/audit/export?format=csv&action=agencies.create`, { headers: { authorization: `Bearer ${p.adminToken}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('seq,at,actorType,actorId,agency,action,outcome,status,code,flowKey,runId,ip,detail,prevHash,hash');
    expect(lines.length).toBeGreaterThan(4);
    const json = await p.request('GET', '/api/v1/audit/export?format=json&outcome=refused');
    expect(json.body.every((r: { outcome: string }) => r.outcome === 'refused')).toBe(true);
    const anon = await p.requestAs(null, 'GET', '/api/v1/audit/export');
    expect(anon.status).toBe(401);
  });

  it('the database refuses UPDATE and DELETE of audit rows', async () => {
    const refusal = (q: Promise<unknown>) => q.then(() => 'accepted', (e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message ?? ''}`);
    expect(await refusal(p.db.db.execute(sql`update audit_log set outcome = 'ok' where seq = 1`))).toMatch(/audit_log is append-only \(UPDATE refused\)/);
    expect(await refusal(p.db.db.execute(sql`delete from audit_log where seq = 1`))).toMatch(/audit_log is append-only \(DELETE refused\)/);
  });

  it('verify reports the first broken link after a row is edited or deleted behind the trigger\'s back', async () => {
    await p.services.audit.flush();
    expect(await auditVerify(p.db.db)).toMatchObject({ exitCode: 0 });
    expect((await p.request('GET', '/api/v1/audit/verify')).body).toMatchObject({ ok: true });
    const [{ n }] = (await p.db.db.execute(sql`select count(*)::int as n from audit_log`)).rows as [{ n: number }];
    expect(n).toBeGreaterThan(6);
    // An intruder with SQL access disables the trigger, deletes row 6, then edits who did row 4.
    await p.db.db.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
    await p.db.db.execute(sql`delete from audit_log where seq = 6`);
    const afterDelete = await auditVerify(p.db.db);
    expect(afterDelete).toMatchObject({ exitCode: 1, seq: 6 });
    expect(afterDelete.text).toMatch(/first broken link at seq 6/);
    await p.db.db.execute(sql`update audit_log set actor_id = 'user:someone-else' where seq = 4`);
    await p.db.db.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
    const afterEdit = await auditVerify(p.db.db);
    expect(afterEdit).toMatchObject({ exitCode: 1, seq: 4 });
    expect((await p.request('GET', '/api/v1/audit/verify')).body).toMatchObject({ ok: false, firstBroken: { seq: 4, reason: 'hash' } });
  });
});
