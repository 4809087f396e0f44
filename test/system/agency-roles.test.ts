import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleActions, type Action } from '@lienthong/services';
import { curl, registerSystem } from '../helpers/agency.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';

/** One request per action; "allowed" means the gate let it through (the procedure may still answer 400/404 for this probe). */
const probes: Record<Exclude<Action, 'auth.session' | 'auth.verify' | 'flows.read'>, [string, string, unknown?]> = {
  'flows.publish': ['POST', '/api/v1/flows', { key: 'x' }],
  'runs.start': ['POST', '/api/v1/flows/xac-thuc-cong-dan/runs', {}],
  'runs.read': ['GET', '/api/v1/runs/run-none'],
  'runs.cancel': ['POST', '/api/v1/runs/run-none/cancel'],
  'registry.read': ['GET', '/api/v1/systems'],
  'registry.write': ['POST', '/api/v1/agencies', { code: 'not-a-code', name: { vi: 'x', en: 'x' } }],
  'registry.approve': ['POST', '/api/v1/system-requests/req-none/approve', {}],
  'keys.manage': ['GET', '/api/v1/systems/none/keys'],
  'users.manage': ['GET', '/api/v1/users'],
  'audit.read': ['GET', '/api/v1/audit'],
  'audit.verify': ['GET', '/api/v1/audit/verify'],
  'incidents.read': ['GET', '/api/v1/incidents'],
  'incidents.manage': ['POST', '/api/v1/incidents', {}],
};
const roles = ['admin', 'designer', 'operator', 'auditor', 'agency-viewer'] as const;

describe('people: accounts, login sessions and the role × action table', () => {
  let p: TestPlatform;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    p = await startTestPlatform();
    await p.request('POST', '/api/v1/agencies', { code: '000.00.00.H48', name: { vi: 'UBND tỉnh Quảng Ngãi', en: 'Quang Ngai PC' } });
    await p.request('POST', '/api/v1/agencies', { code: '000.00.00.H56', name: { vi: 'UBND tỉnh Thanh Hóa', en: 'Thanh Hoa PC' } });
    for (const role of roles) {
      const username = `u-${role}`;
      const r = await p.request('POST', '/api/v1/users', { username, roles: [role === 'agency-viewer' ? { role, agency: '000.00.00.H48' } : { role }] });
      expect(r.status).toBe(200);
      expect(r.body.password).toMatch(/.{16,}/); // generated, shown once
      tokens[role] = await p.login(username, r.body.password);
    }
  });
  afterAll(async () => { await p?.stop(); });

  it('each role can do what the table says and nothing more', async () => {
    const seen: Record<string, Record<string, boolean>> = {};
    const expected: Record<string, Record<string, boolean>> = {};
    for (const role of roles) {
      seen[role] = {};
      expected[role] = {};
      for (const [action, [method, path, body]] of Object.entries(probes)) {
        const r = await p.requestAs(tokens[role] as string, method, path, body);
        expect(r.status).not.toBe(500);
        if (r.status === 403) expect(r.body.error.code).toBe('ACCESS_FORBIDDEN');
        (seen[role] as Record<string, boolean>)[action] = r.status !== 403 && r.status !== 401;
        (expected[role] as Record<string, boolean>)[action] = roleActions[role].includes(action as Action);
      }
    }
    expect(seen).toEqual(expected);
    // Spelled out for the reader: the admin does everything, the auditor reads logs and cannot change anything.
    expect(expected.admin).toEqual(Object.fromEntries(Object.keys(probes).map((a) => [a, true])));
    expect(expected.auditor).toMatchObject({ 'audit.read': true, 'audit.verify': true, 'registry.write': false, 'users.manage': false, 'runs.start': false });
  });

  it('anonymous callers reach only the public catalogue and the login', async () => {
    expect((await p.requestAs(null, 'GET', '/api/v1/flows')).status).toBe(200);
    for (const [method, path, body] of Object.values(probes)) {
      const r = await p.requestAs(null, method, path, body);
      expect([path, r.status, r.body.error.code]).toEqual([path, 401, 'AUTH_REQUIRED']);
    }
  });

  it('an agency viewer reads its own agency\'s runs and logs, never another agency\'s', async () => {
    const h48 = await registerSystem(p, { code: 'he-thong-h48', agencyCode: '000.00.00.H48', allowedFlows: ['xac-thuc-cong-dan'] });
    const h56 = await registerSystem(p, { code: 'he-thong-h56', agencyCode: '000.00.00.H56', allowedFlows: ['xac-thuc-cong-dan'] });
    const body = (n: string) => JSON.stringify({ dossierNo: `000.00.00.H48-260115-${n}`, procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111', applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' } });
    const url = `${p.apiUrl}/api/v1/flows/xac-thuc-cong-dan/runs`;
    const mine = await curl(url, { user: `${h48.accessKeyId}:${h48.secretKey}`, body: body('0001') });
    const theirs = await curl(url, { user: `${h56.accessKeyId}:${h56.secretKey}`, body: body('0002') });
    expect([mine.status, theirs.status], JSON.stringify(mine.body)).toEqual([200, 200]);
    const viewer = tokens['agency-viewer'] as string;
    expect((await p.requestAs(viewer, 'GET', `/api/v1/runs/${mine.body.runId}`)).status).toBe(200);
    const refused = await p.requestAs(viewer, 'GET', `/api/v1/runs/${theirs.body.runId}`);
    expect([refused.status, refused.body.error.code]).toEqual([404, 'RUN_NOT_FOUND']);
    // A system of one agency cannot read another agency's run either.
    const cross = await curl(`${p.apiUrl}/api/v1/runs/${mine.body.runId}`, { user: `${h56.accessKeyId}:${h56.secretKey}`, method: 'GET' });
    expect([cross.status, cross.body.error.code]).toEqual([404, 'RUN_NOT_FOUND']);
    const logs = await p.requestAs(viewer, 'GET', '/api/v1/audit?limit=1000');
    expect(logs.status).toBe(200);
    expect(logs.body.length).toBeGreaterThan(0);
    expect(new Set(logs.body.map((r: { agency: string }) => r.agency))).toEqual(new Set(['000.00.00.H48']));
    expect((await p.requestAs(viewer, 'GET', '/api/v1/audit?agency=000.00.00.H56')).status).toBe(403);
    expect((await p.requestAs(viewer, 'GET', '/api/v1/systems')).body.map((s: { code: string }) => s.code)).toEqual(['he-thong-h48']);
  });

  it('login: wrong password and unknown user get the same refusal; logout and disabling end the session', async () => {
    const wrong = await p.requestAs(null, 'POST', '/api/v1/auth/login', { username: 'u-designer', password: 'nope-nope-nope' });
    const unknown = await p.requestAs(null, 'POST', '/api/v1/auth/login', { username: 'nobody', password: 'nope-nope-nope' });
    expect([wrong.status, wrong.body.error]).toEqual([unknown.status, unknown.body.error]);
    expect(wrong.body.error.code).toBe('AUTH_LOGIN_FAILED');
    const login = await p.requestAs(null, 'POST', '/api/v1/auth/login', { username: 'admin', password: p.adminPassword });
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^lt_session=lts_[^;]+; Path=\/; HttpOnly; SameSite=Strict/);
    const me = await p.requestAs(null, 'GET', '/api/v1/auth/me', undefined, { cookie: cookie.split(';')[0] as string });
    expect(me.body).toMatchObject({ kind: 'user', username: 'admin', roles: [{ role: 'admin' }] });
    const out = await p.requestAs(login.body.token, 'POST', '/api/v1/auth/logout');
    expect(out.status).toBe(200);
    expect((await p.requestAs(login.body.token, 'GET', '/api/v1/auth/me')).body.error.code).toBe('AUTH_SESSION_INVALID');
    await p.request('PUT', '/api/v1/users/u-designer', { status: 'disabled' });
    expect((await p.requestAs(tokens.designer as string, 'GET', '/api/v1/auth/me')).status).toBe(401);
    const audit = await p.request('GET', '/api/v1/audit?action=auth.login&outcome=refused');
    expect(audit.body.map((r: { actorId: string }) => r.actorId)).toEqual(expect.arrayContaining(['login:u-designer', 'login:nobody']));
    expect(JSON.stringify(audit.body)).not.toContain('nope-nope-nope');
  });
});
