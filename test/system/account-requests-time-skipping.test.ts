import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ssoSessions, users } from '@lienthong/db';
import { eq } from 'drizzle-orm';
import { startTimeSkippingPlatform, until, type TimeSkippingPlatform } from '../helpers/time-skipping.js';

// Issue 22 (Done when 2, R-11): a unit's officer asks for accounts; the platform's admins decide within 1 working day of
// the province's calendar. On the time-skipping test server (test/helpers/time-skipping.ts says what is real): an approved
// request creates the account, which signs in; one left unanswered from Friday morning escalates on Monday morning (the
// weekend is no working day) and is refused late; a retirement disables the account and ends its sessions, local and
// single sign-on (the token it held gets 401). Every step is in the audit log.

const H48 = '000.00.00.H48';
const HOUR = 3_600_000;
// Friday 5 March 2027, 09:00 in Vietnam: one working day later is Monday 8 March, 09:00.
const FRIDAY = Date.parse('2027-03-05T02:00:00Z');
const MONDAY = Date.parse('2027-03-08T02:00:00Z');

interface RequestView { requestId: string; state: string; taskId: string | null; dueAt: string | null; escalatedAt: string | null; overdue: boolean; username: string }

describe('account requests decided within 1 working day (R-11), with time skipped', () => {
  let p: TimeSkippingPlatform;
  let officer: string;
  beforeAll(async () => {
    p = await startTimeSkippingPlatform();
    officer = await p.sessionOf('can-bo-to-chuc-h48', [{ role: 'officer', agency: H48 }]);
    await p.skip(FRIDAY - (await p.now()).getTime());
  });
  afterAll(async () => { await p?.stop(); });

  const submit = async (body: Record<string, unknown>) => {
    const r = await p.requestAs(officer, 'POST', '/api/v1/account-requests', body);
    expect(r.status, r.text).toBe(200);
    return r.body as RequestView;
  };
  const listed = async (requestId: string) => ((await p.request('GET', '/api/v1/account-requests')).body.requests as RequestView[]).find((r) => r.requestId === requestId);
  const withTask = (requestId: string) => until(() => listed(requestId), (r) => !!r?.taskId) as Promise<RequestView>;
  const audited = async (requestId: string) => (await p.services.audit.search({ limit: 500 }))
    .filter((a) => a.detail.requestId === requestId || a.runId === `account-request-${requestId}`).map((a) => a.action).reverse();

  it('an approved request creates the account with the roles asked for, and it signs in', async () => {
    const asked = await submit({ kind: 'create', username: 'nguyen-thi-hoa', displayName: 'Nguyễn Thị Hoa', roles: ['officer'],
      dataScope: 'Hồ sơ TTHC của Sở', reason: 'Cán bộ mới tiếp nhận hồ sơ một cửa' });
    expect(asked).toMatchObject({ state: 'open', username: 'nguyen-thi-hoa' });
    // Another agency's officer may not ask for H48; an unknown role is refused with its pointer.
    const other = await p.sessionOf('can-bo-h56', [{ role: 'officer', agency: '000.00.00.H56' }]);
    expect((await p.requestAs(other, 'POST', '/api/v1/account-requests', { kind: 'create', agency: H48, username: 'ai-do', roles: ['officer'], reason: 'x' })).status).toBe(403);
    const bad = await p.requestAs(officer, 'POST', '/api/v1/account-requests', { kind: 'change', username: 'khong-co', roles: ['officer'], reason: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'ACCOUNT_REQUEST_INVALID', where: { pointer: '/username' } });
    // The unit sees its request (not the decision); officers may not decide.
    expect(((await p.requestAs(other, 'GET', '/api/v1/account-requests')).body.requests as RequestView[]).some((r) => r.requestId === asked.requestId)).toBe(false);
    const open = await withTask(asked.requestId);
    expect(Math.abs(Date.parse(open.dueAt as string) - MONDAY)).toBeLessThan(300_000); // due one working day on: Monday, same hour (the start's seconds apart)
    expect((await p.requestAs(officer, 'POST', `/api/v1/account-requests/${asked.requestId}/decision`, { decision: 'approve' })).status).toBe(403);

    const decided = await p.request('POST', `/api/v1/account-requests/${asked.requestId}/decision`, { decision: 'approve', note: 'Đồng ý' });
    expect(decided.status, decided.text).toBe(200);
    expect(decided.body.request).toMatchObject({ state: 'approved', decidedBy: 'user:admin' });
    const login = await p.requestAs(null, 'POST', '/api/v1/auth/login', { username: 'nguyen-thi-hoa', password: decided.body.password });
    expect(login.status, login.text).toBe(200);
    const me = await p.requestAs(login.body.token as string, 'GET', '/api/v1/auth/me');
    expect(me.body).toMatchObject({ roles: [{ role: 'officer', agency: H48 }] });
    // Decided twice: refused with the request's state.
    const again = await p.request('POST', `/api/v1/account-requests/${asked.requestId}/decision`, { decision: 'refuse' });
    expect([again.status, again.body.error?.code]).toEqual([409, 'ACCOUNT_REQUEST_NOT_OPEN']);
    expect(await audited(asked.requestId)).toEqual(expect.arrayContaining(['account-requests.submitted', 'task.created', 'task.decided', 'account-requests.approved']));
  });

  it('left unanswered from Friday morning, it escalates on Monday morning, after 1 working day', async () => {
    const asked = await submit({ kind: 'create', username: 'le-van-nam', roles: ['agency-viewer'], reason: 'Theo dõi báo cáo của Sở' });
    const open = await withTask(asked.requestId);
    expect(new Date(Date.parse(open.dueAt as string) + 7 * HOUR).toISOString().slice(0, 10)).toBe('2027-03-08');
    // The weekend passes: not late yet.
    await p.skip(MONDAY - HOUR - (await p.now()).getTime());
    expect(await listed(asked.requestId)).toMatchObject({ state: 'open', escalatedAt: null });
    await p.skip(2 * HOUR);
    const late = await until(() => listed(asked.requestId), (r) => !!r?.escalatedAt) as RequestView;
    expect(late.state).toBe('open');
    const events = (await p.request('GET', `/api/v1/tasks/${late.taskId}/events`)).body as { action: string; detail: Record<string, unknown> }[];
    expect(events.map((e) => e.action)).toEqual(['created', 'escalated']);
    // Refused late: no account; the escalation and the refusal are in the audit log.
    const refused = await p.request('POST', `/api/v1/account-requests/${asked.requestId}/decision`, { decision: 'refuse', note: 'Thiếu văn bản đề nghị' });
    expect(refused.body.request).toMatchObject({ state: 'refused', note: 'Thiếu văn bản đề nghị' });
    expect(refused.body.password).toBeUndefined();
    expect((await p.request('GET', '/api/v1/users')).body.some((u: { username: string }) => u.username === 'le-van-nam')).toBe(false);
    expect(await audited(asked.requestId)).toEqual(expect.arrayContaining(['account-requests.submitted', 'task.created', 'task.escalated', 'task.decided', 'account-requests.refused']));
  });

  it('a retirement disables the account and ends its sessions: the token it held gets 401', async () => {
    const token = await p.sessionOf('tran-van-huu', [{ role: 'officer', agency: H48 }]);
    expect((await p.requestAs(token, 'GET', '/api/v1/auth/me')).status).toBe(200);
    // A single sign-on session of the account too (what the provider's sign-out is kept for).
    const [u] = await p.db.db.select().from(users).where(eq(users.username, 'tran-van-huu'));
    await p.db.db.insert(ssoSessions).values({ tokenHash: 'sso-session-of-tran-van-huu', userId: u?.id as string, issuer: 'https://sso.example.gov.vn', idToken: 'k:sealed' });
    const asked = await submit({ kind: 'retire', username: 'tran-van-huu', reason: 'Nghỉ hưu từ 01/04/2027' });
    await withTask(asked.requestId);
    const decided = await p.request('POST', `/api/v1/account-requests/${asked.requestId}/decision`, { decision: 'approve' });
    expect(decided.body.request).toMatchObject({ state: 'approved' });
    expect((await p.requestAs(token, 'GET', '/api/v1/auth/me')).status).toBe(401);
    expect((await p.request('GET', '/api/v1/users')).body.find((x: { username: string }) => x.username === 'tran-van-huu')).toMatchObject({ status: 'disabled' });
    expect(await p.db.db.select().from(ssoSessions).where(eq(ssoSessions.userId, u?.id as string))).toEqual([]);
    const audit = (await p.services.audit.search({ action: 'account-requests.approved', limit: 50 })).find((a) => a.detail.requestId === asked.requestId);
    expect(audit?.detail).toMatchObject({ kind: 'retire', username: 'tran-van-huu', disabled: true, sessionsEnded: true });
  });
});
