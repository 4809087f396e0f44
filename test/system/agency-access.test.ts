import { createHash, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { curl, registerSystem, sdkSigned, send, type SystemKeys } from '../helpers/agency.js';
import { useTestPlatform } from '../helpers/suite.js';

const citizen = (n: number) => ({
  dossierNo: `000.25.94.H48-260115-${String(n).padStart(4, '0')}`, procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
  applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' },
});
const amzDate = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const flowRuns = '/api/v1/flows/xac-thuc-cong-dan/runs';
const pause = () => new Promise((r) => setTimeout(r, 200));

describe('agency access: a registered system calls the platform with signed requests', () => {
  const p = useTestPlatform();
  let sys: SystemKeys;
  let url: string;
  let user: string;
  beforeAll(async () => {
    sys = await registerSystem(p, { code: 'motcua-h48', agencyCode: '000.00.00.H48', allowedFlows: ['xac-thuc-cong-dan'] });
    url = `${p.apiUrl}${flowRuns}`;
    user = `${sys.accessKeyId}:${sys.secretKey}`;
  });

  const auditCodes = async () => {
    const r = await p.request('GET', `/api/v1/audit?limit=500`);
    expect(r.status).toBe(200);
    return r.body as { code: string | null; outcome: string; actorId: string; action: string; ip: string; runId: string | null; detail: Record<string, unknown> }[];
  };

  it('curl --aws-sigv4 starts the sync flow and gets its answer (and the call is in the audit log)', async () => {
    const res = await curl(url, { user, body: JSON.stringify(citizen(1)) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'completed', output: { result: 'MATCH', dossierNo: citizen(1).dossierNo } });
    const rows = await auditCodes();
    expect(rows.find((r) => r.runId === res.body.runId)).toMatchObject({ actorId: 'system:motcua-h48', action: 'runs.start', outcome: 'ok', ip: '127.0.0.1' });
  });

  it('the AWS SDK signer (@smithy/signature-v4) works too, with the query string signed', async () => {
    const res = await send(await sdkSigned(p.apiUrl, sys, 'POST', `${flowRuns}?wait=30s`, JSON.stringify(citizen(2))));
    expect(res.status).toBe(200);
    expect(res.body.output.result).toBe('MATCH');
  });

  it('refuses a wrong secret, a stale date, a replay and a modified body with four codes, each audited', async () => {
    const body = JSON.stringify(citizen(3));
    const wrong = await curl(url, { user: `${sys.accessKeyId}:not-the-secret`, body });
    const stale = await curl(url, { user, body, headers: { 'x-amz-date': amzDate(new Date(Date.now() - 10 * 60_000)) } });
    const fixedDate = { 'x-amz-date': amzDate(new Date()) };
    const first = await curl(url, { user, body: JSON.stringify(citizen(4)), headers: fixedDate });
    const replay = await curl(url, { user, body: JSON.stringify(citizen(4)), headers: fixedDate });
    const tampered = await curl(url, { user, body: JSON.stringify({ ...citizen(3), officerId: 'someone-else' }), headers: { 'x-amz-content-sha256': createHash('sha256').update(body).digest('hex') } });
    expect(first.status).toBe(200);
    const refusals = { wrong, stale, replay, tampered };
    expect(Object.fromEntries(Object.entries(refusals).map(([k, r]) => [k, [r.status, r.body.error.code]]))).toEqual({
      wrong: [401, 'AUTH_SIGNATURE_MISMATCH'], stale: [401, 'AUTH_CLOCK_SKEW'], replay: [401, 'AUTH_REPLAY'], tampered: [400, 'AUTH_BODY_HASH_MISMATCH'],
    });
    for (const r of Object.values(refusals)) {
      expect(r.body.error.message.vi).toMatch(/\S/);
      expect(r.body.error.message.en).toMatch(/\S/);
      expect(JSON.stringify(r.body)).not.toContain(sys.secretKey);
    }
    const rows = await auditCodes();
    for (const code of ['AUTH_SIGNATURE_MISMATCH', 'AUTH_CLOCK_SKEW', 'AUTH_REPLAY', 'AUTH_BODY_HASH_MISMATCH']) {
      expect(rows.find((r) => r.code === code)).toMatchObject({ outcome: 'refused', actorId: 'system:motcua-h48', action: 'runs.start' });
    }
    expect(JSON.stringify(rows)).not.toContain(sys.secretKey);
  });

  it('an unknown key, a flow outside the grants and an unsigned call are refused with their own codes', async () => {
    const unknown = await curl(url, { user: 'LTAKNOSUCHKEY0000:whatever', body: JSON.stringify(citizen(5)) });
    expect([unknown.status, unknown.body.error.code]).toEqual([401, 'AUTH_UNKNOWN_KEY']);
    const other = await curl(`${p.apiUrl}/api/v1/flows/khong-duoc-cap/runs`, { user, body: '{}' });
    expect([other.status, other.body.error.code]).toEqual([403, 'ACCESS_FLOW_NOT_ALLOWED']);
    const anonymous = await p.requestAs(null, 'POST', flowRuns, citizen(6));
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('AUTH_REQUIRED');
    expect((await auditCodes()).find((r) => r.code === 'ACCESS_FLOW_NOT_ALLOWED')).toMatchObject({ outcome: 'refused', actorId: 'system:motcua-h48' });
  });

  it('degrades to 202 with the run id when the answer is not ready in time (never a gateway error), then the run can be read', async () => {
    p.simulators?.faults.set('population.XacThucThongTinCongDan', { latencyMs: 3000, count: 1 });
    const res = await curl(`${url}?wait=500ms`, { user, body: JSON.stringify(citizen(7)) });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'running', runId: expect.stringMatching(/^run-/) });
    let run;
    do { await pause(); run = await curl(`${p.apiUrl}/api/v1/runs/${res.body.runId}`, { user, method: 'GET' }); } while (run.body.status === 'running');
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ status: 'completed', output: { result: 'MATCH' } });
  });

  it('cancels its own run; another agency\'s system cannot read or cancel it', async () => {
    p.simulators?.faults.set('population.XacThucThongTinCongDan', { latencyMs: 5000, count: 1 });
    const started = await curl(`${url}?wait=0s`, { user, body: JSON.stringify(citizen(8)) });
    expect(started.status).toBe(202);
    const other = await registerSystem(p, { code: 'motcua-h56', agencyCode: '000.00.00.H56', allowedFlows: ['*'] });
    const otherUser = `${other.accessKeyId}:${other.secretKey}`;
    const peek = await curl(`${p.apiUrl}/api/v1/runs/${started.body.runId}`, { user: otherUser, method: 'GET' });
    expect([peek.status, peek.body.error.code]).toEqual([404, 'RUN_NOT_FOUND']);
    const stop = await curl(`${p.apiUrl}/api/v1/runs/${started.body.runId}/cancel`, { user: otherUser });
    expect([stop.status, stop.body.error.code]).toEqual([404, 'RUN_NOT_FOUND']);
    const mine = await curl(`${p.apiUrl}/api/v1/runs/${started.body.runId}/cancel`, { user });
    expect(mine.status).toBe(200);
    expect(mine.body.status).toBe('cancelling');
    let run;
    do { await pause(); run = await curl(`${p.apiUrl}/api/v1/runs/${started.body.runId}`, { user, method: 'GET' }); } while (run.body.status === 'running');
    expect(run.body.status).toBe('cancelled');
  });

  it('rotation keeps both keys working through the grace period and only the new one after; revocation is immediate', async () => {
    const k = await registerSystem(p, { code: 'rotating', agencyCode: '000.00.00.H48', allowedFlows: ['xac-thuc-cong-dan'] });
    const rotated = await p.request('POST', `/api/v1/systems/rotating/keys/${k.accessKeyId}/rotate`, { graceSeconds: 3600 });
    expect(rotated.status).toBe(200);
    expect(rotated.body.previous).toMatchObject({ accessKeyId: k.accessKeyId, status: 'grace' });
    const oldUser = `${k.accessKeyId}:${k.secretKey}`;
    const newUser = `${rotated.body.accessKeyId}:${rotated.body.secretKey}`;
    expect((await curl(url, { user: oldUser, body: JSON.stringify(citizen(9)) })).status).toBe(200);
    expect((await curl(url, { user: newUser, body: JSON.stringify(citizen(10)) })).status).toBe(200);
    // The grace period ends: rotate the new key with no grace at all, so the old one of that rotation stops at once.
    const again = await p.request('POST', `/api/v1/systems/rotating/keys/${rotated.body.accessKeyId}/rotate`, { graceSeconds: 0 });
    const after = await curl(url, { user: newUser, body: JSON.stringify(citizen(11)) });
    expect([after.status, after.body.error.code]).toEqual([401, 'AUTH_KEY_REVOKED']);
    const newest = `${again.body.accessKeyId}:${again.body.secretKey}`;
    expect((await curl(url, { user: newest, body: JSON.stringify(citizen(12)) })).status).toBe(200);
    const listed = await p.request('GET', '/api/v1/systems/rotating/keys');
    expect(listed.body.map((x: { status: string }) => x.status)).toEqual(['grace', 'expired', 'active']);
    expect(JSON.stringify(listed.body)).not.toContain(k.secretKey);
    const revoked = await p.request('POST', `/api/v1/systems/rotating/keys/${again.body.accessKeyId}/revoke`);
    expect(revoked.body.status).toBe('revoked');
    const refused = await curl(url, { user: newest, body: JSON.stringify(citizen(13)) });
    expect([refused.status, refused.body.error.code]).toEqual([401, 'AUTH_KEY_REVOKED']);
  });

  it('a suspended system is refused once the suspension is approved, and works again after resuming', async () => {
    const k = await registerSystem(p, { code: 'tamdung', agencyCode: '000.00.00.H48', allowedFlows: ['xac-thuc-cong-dan'] });
    const u = `${k.accessKeyId}:${k.secretKey}`;
    const op = await p.login('operator', 'op-pass-7f3k9q2w');
    const req = await p.requestAs(op, 'POST', '/api/v1/systems/tamdung/requests', { kind: 'suspend', reason: 'Công văn số 12/CV' });
    expect(req.body.status).toBe('pending');
    expect((await curl(url, { user: u, body: JSON.stringify(citizen(14)) })).status).toBe(200); // not yet approved
    const self = await p.requestAs(op, 'POST', `/api/v1/system-requests/${req.body.id}/approve`, {});
    expect(self.status).toBe(403); // an operator cannot approve
    expect((await p.request('POST', `/api/v1/system-requests/${req.body.id}/approve`, { note: 'đồng ý' })).status).toBe(200);
    const refused = await curl(url, { user: u, body: JSON.stringify(citizen(15)) });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'AUTH_SYSTEM_SUSPENDED']);
    const resume = await p.requestAs(op, 'POST', '/api/v1/systems/tamdung/requests', { kind: 'resume', reason: 'khắc phục xong' });
    await p.request('POST', `/api/v1/system-requests/${resume.body.id}/approve`, {});
    expect((await curl(url, { user: u, body: JSON.stringify(citizen(16)) })).status).toBe(200);
    const history = await p.request('GET', '/api/v1/systems/tamdung/history');
    expect(history.body.map((h: { action: string }) => h.action)).toEqual(['create', 'connect', 'key.issue', 'suspend', 'resume']);
    expect(history.body.find((h: { action: string }) => h.action === 'suspend')).toMatchObject({ by: 'user:admin', requestId: req.body.id, before: { status: 'active' }, after: { status: 'suspended' } });
  });

  it('rate limit: 429 with Retry-After past the per-system limit', async () => {
    const k = await registerSystem(p, { code: 'hanmuc', agencyCode: '000.00.00.H48', allowedFlows: ['*'], rateLimitPerMinute: 2 });
    const u = `${k.accessKeyId}:${k.secretKey}`;
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await curl(`${p.apiUrl}/api/v1/runs/run-none-${i}`, { user: u, method: 'GET' })));
    expect(codes.map((c) => c.status)).toEqual([404, 404, 429]);
    expect(codes[2]?.body.error.code).toBe('RATE_LIMITED');
    expect(Number(codes[2]?.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('session keys: issued to the source for one destination, verified by that destination only, revocable', async () => {
    const src = await registerSystem(p, { code: 'nguon', agencyCode: '000.00.00.H48', allowedDestinations: ['dich'] });
    const dst = await registerSystem(p, { code: 'dich', agencyCode: '000.00.53.H48' });
    const third = await registerSystem(p, { code: 'thuba', agencyCode: '000.00.53.H48' });
    const su = `${src.accessKeyId}:${src.secretKey}`;
    const du = `${dst.accessKeyId}:${dst.secretKey}`;
    const session = await curl(`${p.apiUrl}/api/v1/auth/session`, { user: su, body: JSON.stringify({ destination: 'dich', scopes: ['hoso.read'] }) });
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ sourceSystemCode: 'nguon', destination: 'dich', scopes: ['hoso.read'], sessionKey: expect.stringMatching(/^ltk_/) });
    // Two identical signed POSTs within one second are a replay: a repeated check carries a nonce header (signed by curl like any -H).
    const verify = (user: string) => curl(`${p.apiUrl}/api/v1/auth/verify`, { user, body: JSON.stringify({ sessionKey: session.body.sessionKey }), headers: { 'x-lt-nonce': randomUUID() } });
    expect((await verify(du)).body).toEqual({ valid: true, sourceSystemCode: 'nguon', scopes: ['hoso.read'], expiresAt: session.body.expiresAt });
    expect((await verify(`${third.accessKeyId}:${third.secretKey}`)).body).toEqual({ valid: false });
    const notAllowed = await curl(`${p.apiUrl}/api/v1/auth/session`, { user: su, body: JSON.stringify({ destination: 'thuba' }) });
    expect([notAllowed.status, notAllowed.body.error.code]).toEqual([403, 'SESSION_KEY_DESTINATION_NOT_ALLOWED']);
    const revoked = await curl(`${p.apiUrl}/api/v1/auth/session/revoke`, { user: su, body: JSON.stringify({ sessionKey: session.body.sessionKey }) });
    expect(revoked.body).toEqual({ revoked: true });
    expect((await verify(du)).body).toEqual({ valid: false });
    const unsigned = await p.requestAs(null, 'POST', '/api/v1/auth/verify', { sessionKey: session.body.sessionKey });
    expect(unsigned.status).toBe(401);
  });

  it('the secret is shown once: never in key lists, the registry, history or the audit log', async () => {
    const dump = JSON.stringify([
      (await p.request('GET', '/api/v1/systems/motcua-h48/keys')).body, (await p.request('GET', '/api/v1/systems')).body,
      (await p.request('GET', '/api/v1/systems/motcua-h48/history')).body, (await p.request('GET', '/api/v1/audit?limit=10000')).body,
    ]);
    expect(dump).toContain(sys.accessKeyId);
    expect(dump).not.toContain(sys.secretKey);
  });
});
