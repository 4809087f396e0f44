import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieBrowser } from '../helpers/oidc-browser.js';
import { startOidcProvider, type TestOidcProvider } from '../helpers/oidc-provider.js';
import { useTestPlatform } from '../helpers/suite.js';
import { sessionOfNewUser } from '../helpers/users.js';

// Single sign-on (issue 22, R-10) against a real OpenID Connect provider on a loopback port: code flow with PKCE,
// state and nonce, claim rules giving role and agency, refusals coded in vi/en, and sign-out at both ends.
const accounts = {
  'nguyen.van.a': { password: 'mk-a-123', claims: { name: 'Nguyễn Văn A', preferred_username: 'nguyen.van.a', groups: ['lienthong-operators'], ou: 'STNMT' } },
  'tran.thi.b': { password: 'mk-b-123', claims: { name: 'Trần Thị B', preferred_username: 'tran.thi.b', groups: ['lienthong-admins', 'staff'] } },
  khach: { password: 'mk-c-123', claims: { name: 'Khách', preferred_username: 'khach', groups: ['staff'] } },
  'gia.mao': { password: 'mk-d-123', claims: { name: 'Giả mạo', preferred_username: 'admin', groups: ['lienthong-viewers'], ou: 'SYT' } },
};
const rules = [
  { claim: 'groups', value: 'lienthong-operators', role: 'operator', agency: null, agencyClaim: 'ou' },
  { claim: 'groups', value: 'lienthong-admins', role: 'admin', agency: null, agencyClaim: null },
  { claim: 'groups', value: 'lienthong-viewers', role: 'agency-viewer', agency: null, agencyClaim: 'ou' },
];

describe('single sign-on with OpenID Connect', () => {
  const p = useTestPlatform({ simulators: false });
  let op: TestOidcProvider;
  let rogue: TestOidcProvider;
  const callback = () => `${p.apiUrl}/auth/oidc/callback`;
  const atCallback = (u: string) => u.startsWith(callback());

  /** Login page of the provider → credentials → the provider sends the browser to our callback (not fetched yet). */
  async function toCallback(b: CookieBrowser, login: string, start = `${p.apiUrl}/auth/oidc/login`) {
    const page = await b.follow(start);
    expect(page.res?.status, page.url).toBe(200);
    const html = await (page.res as Response).text();
    expect(html).toContain('op-login');
    const back = await b.submit(page.url, html, { login, password: accounts[login as keyof typeof accounts].password }, atCallback);
    expect(back.url.startsWith(callback()), back.url).toBe(true);
    return back.url;
  }
  async function signIn(login: string): Promise<CookieBrowser> {
    const b = new CookieBrowser();
    const res = await b.fetch(await toCallback(b, login));
    expect(res.status, await res.clone().text()).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    expect(b.cookies.get('lt_session')).toMatch(/^lts_/);
    return b;
  }
  const me = (b: CookieBrowser) => p.requestAs(null, 'GET', '/api/v1/auth/me', undefined, { cookie: b.cookieHeader() });
  async function refusedAt(b: CookieBrowser, url: string, code: string, status = 400) {
    const res = await b.fetch(url, { headers: { accept: 'application/json' } });
    const body = await res.json() as { error: { code: string; message: { vi: string; en: string } } };
    expect(res.status).toBe(status);
    expect(body.error.code).toBe(code);
    expect(body.error.message.vi).not.toBe(body.error.message.en);
    expect(b.cookies.has('lt_session')).toBe(false);
  }

  beforeAll(async () => {
    op = await startOidcProvider(p.apiUrl, accounts);
    rogue = await startOidcProvider(p.apiUrl, accounts);
  });
  afterAll(async () => { await op?.close(); await rogue?.close(); });

  it('an admin sets the provider (the secret write-only) and the claim rules; others may not', async () => {
    expect((await p.requestAs(null, 'GET', '/api/v1/sso/status')).body).toMatchObject({ enabled: false });
    const off = await p.requestAs(null, 'GET', '/auth/oidc/login', undefined, { accept: 'application/json' });
    expect([off.status, off.body.error.code]).toEqual([409, 'SSO_NOT_CONFIGURED']);

    const http = await p.request('PUT', '/api/v1/sso/config', { enabled: true, issuer: 'http://idp.example.vn', clientId: 'x' });
    expect([http.status, http.body.error.code, http.body.error.where.pointer]).toEqual([400, 'REQUEST_VALIDATION_FAILED', '/issuer']);
    const down = await p.request('PUT', '/api/v1/sso/config', { enabled: true, issuer: 'http://127.0.0.1:9/', clientId: 'x' });
    expect([down.status, down.body.error.code, down.body.error.where.pointer]).toEqual([400, 'SSO_DISCOVERY_FAILED', '/issuer']);

    const set = await p.request('PUT', '/api/v1/sso/config', { enabled: true, issuer: op.issuer, clientId: op.clientId, clientSecret: op.clientSecret,
      scopes: 'openid profile org', label: 'Tài khoản công vụ tỉnh' });
    expect(set.status, set.text).toBe(200);
    expect(set.body).toMatchObject({ enabled: true, issuer: op.issuer, hasSecret: true, callbackPath: '/auth/oidc/callback' });
    const read = await p.request('GET', '/api/v1/sso/config');
    expect(read.text).not.toContain(op.clientSecret);
    expect(set.text).not.toContain(op.clientSecret);

    const badRule = await p.request('PUT', '/api/v1/sso/rules', { rules: [{ claim: 'groups', value: 'x', role: 'agency-viewer', agency: null, agencyClaim: null }] });
    expect([badRule.status, badRule.body.error.code, badRule.body.error.where.pointer]).toEqual([400, 'SSO_RULE_INVALID', '/rules/0/agency']);
    const saved = await p.request('PUT', '/api/v1/sso/rules', { rules });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body).toEqual(rules);

    const operator = await sessionOfNewUser(p, 'van.hanh', [{ role: 'operator' }]);
    expect((await p.requestAs(operator, 'GET', '/api/v1/sso/config')).status).toBe(403);
    expect((await p.requestAs(operator, 'PUT', '/api/v1/sso/rules', { rules: [] })).status).toBe(403);
    expect((await p.requestAs(null, 'GET', '/api/v1/sso/status')).body).toEqual({ enabled: true, label: 'Tài khoản công vụ tỉnh', loginPath: '/auth/oidc/login' });
  });

  it('an official signs in through the provider and gets the role and agency the claim rules give', async () => {
    const a = await signIn('nguyen.van.a');
    const who = await me(a);
    expect(who.status, who.text).toBe(200);
    expect(who.body).toMatchObject({ kind: 'user', username: 'nguyen.van.a', displayName: 'Nguyễn Văn A', agency: 'STNMT', roles: [{ role: 'operator', agency: 'STNMT' }], sso: true });
    expect(who.body.actions).not.toContain('users.manage');

    const b = await signIn('tran.thi.b');
    expect((await me(b)).body).toMatchObject({ username: 'tran.thi.b', agency: null, roles: [{ role: 'admin' }] });

    // A changed rule applies at the next sign-in: the operators' rule now gives officer.
    await p.request('PUT', '/api/v1/sso/rules', { rules: [{ ...rules[0], role: 'officer' }, ...rules.slice(1)] });
    expect((await me(await signIn('nguyen.van.a'))).body.roles).toEqual([{ role: 'officer', agency: 'STNMT' }]);
    await p.request('PUT', '/api/v1/sso/rules', { rules });

    // The platform's account list shows them, without a password to sign in with locally.
    const local = await p.requestAs(null, 'POST', '/api/v1/auth/login', { username: 'nguyen.van.a', password: accounts['nguyen.van.a'].password });
    expect([local.status, local.body.error.code]).toEqual([401, 'AUTH_LOGIN_FAILED']);
  });

  it('a provider account named like the local admin does not become it; the break-glass admin still signs in with the password', async () => {
    const b = await signIn('gia.mao');
    const who = (await me(b)).body;
    expect(who.username).toMatch(/^admin-[0-9a-f]{6}$/);
    expect(who.roles).toEqual([{ role: 'agency-viewer', agency: 'SYT' }]);
    const token = await p.login('admin', p.adminPassword);
    expect((await p.requestAs(token, 'GET', '/api/v1/auth/me')).body).toMatchObject({ username: 'admin', roles: [{ role: 'admin' }] });
  });

  it('refuses a callback without this browser\'s state, a state used twice, a foreign issuer, a changed nonce, and claims no rule maps', async () => {
    // Login CSRF: someone else's callback URL in this browser (no state cookie of ours).
    const other = new CookieBrowser();
    const stolen = await toCallback(other, 'nguyen.van.a');
    await refusedAt(new CookieBrowser(), stolen, 'SSO_STATE_INVALID');
    // The same callback twice: the first one signs in, the second is refused.
    expect((await other.fetch(stolen)).status).toBe(302);
    other.cookies.set('lt_sso_state', new URL(stolen).searchParams.get('state') ?? '');
    other.cookies.delete('lt_session');
    await refusedAt(other, stolen, 'SSO_STATE_INVALID');
    // No state at all.
    await refusedAt(new CookieBrowser(), `${callback()}?code=abc`, 'SSO_STATE_INVALID');

    // Mix-up: our authorization request taken to another provider; it answers with its own issuer.
    const b = new CookieBrowser();
    const start = await b.fetch(`${p.apiUrl}/auth/oidc/login`);
    const toRogue = new URL(start.headers.get('location') ?? '');
    expect(toRogue.origin).toBe(op.issuer);
    const rogueUrl = `${rogue.issuer}${toRogue.pathname}${toRogue.search}`;
    const back = await toCallback(b, 'nguyen.van.a', rogueUrl);
    expect(new URL(back).searchParams.get('iss')).toBe(rogue.issuer);
    await refusedAt(b, back, 'SSO_ISSUER_UNKNOWN');

    // The nonce we keep for the sign-in no longer matches the one in the ID token.
    const n = new CookieBrowser();
    const nonceBack = await toCallback(n, 'nguyen.van.a');
    await p.db.db.execute(sql`update sso_logins set nonce = 'changed' where state = ${new URL(nonceBack).searchParams.get('state')}`);
    await refusedAt(n, nonceBack, 'SSO_NONCE_INVALID');

    // Claims no rule maps: no account, no session.
    const k = new CookieBrowser();
    await refusedAt(k, await toCallback(k, 'khach'), 'SSO_NO_ROLE', 403);
    expect((await p.request('GET', '/api/v1/users')).body.map((u: { username: string }) => u.username)).not.toContain('khach');

    // An account an admin disabled stays out, through the provider too.
    expect((await p.request('PUT', '/api/v1/users/tran.thi.b', { status: 'disabled' })).status).toBe(200);
    const d = new CookieBrowser();
    await refusedAt(d, await toCallback(d, 'tran.thi.b'), 'SSO_ACCOUNT_DISABLED', 403);

    // A person gets a page, not JSON: the code and the message in Vietnamese, then English.
    const page = await new CookieBrowser().fetch(`${callback()}?code=abc&state=x`);
    const html = await page.text();
    expect(page.status).toBe(400);
    expect(html).toContain('SSO_STATE_INVALID');
    expect(html.indexOf('Phiên đăng nhập một lần không hợp lệ')).toBeLessThan(html.indexOf('The sign-on attempt is unknown'));
  });

  it('signing out ends our session and the provider\'s', async () => {
    const b = await signIn('nguyen.van.a');
    expect((await me(b)).status).toBe(200);
    // The ID token kept for the provider's sign-out is stored encrypted, never as the token itself.
    const stored = await p.db.db.execute(sql`select id_token from sso_sessions`);
    const rows = ((stored as { rows?: { id_token: string }[] }).rows ?? (stored as unknown as { id_token: string }[]));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.id_token).not.toMatch(/eyJ|\./);
    const oldCookie = b.cookieHeader();
    const out = await b.fetch(`${p.apiUrl}/auth/oidc/logout`);
    expect(out.status).toBe(302);
    const endAt = new URL(out.headers.get('location') ?? '');
    expect(endAt.origin).toBe(op.issuer);
    expect(endAt.searchParams.get('id_token_hint')).toBeTruthy();
    expect(b.cookies.has('lt_session')).toBe(false);
    expect((await p.requestAs(null, 'GET', '/api/v1/auth/me', undefined, { cookie: oldCookie })).status).toBe(401);

    const confirm = await b.follow(endAt.href);
    const done = await b.submit(confirm.url, await (confirm.res as Response).text(), { logout: 'yes' }, (u) => u === `${p.apiUrl}/`);
    expect(done.url).toBe(`${p.apiUrl}/`);
    // The provider asks for the password again: its session has ended too.
    const again = await b.follow(`${p.apiUrl}/auth/oidc/login`);
    expect(again.res?.status).toBe(200);
    expect(await (again.res as Response).text()).toContain('op-login');

    // The audit log has the sign-ins, the refusals with their codes, and the sign-out; never a token.
    const logged = await p.request('GET', '/api/v1/audit?action=sso.callback&limit=200');
    expect(logged.status, logged.text).toBe(200);
    const codes = logged.body.map((e: { code: string | null }) => e.code);
    expect(codes).toEqual(expect.arrayContaining([null, 'SSO_STATE_INVALID', 'SSO_ISSUER_UNKNOWN', 'SSO_NONCE_INVALID', 'SSO_NO_ROLE']));
    expect(logged.text).not.toMatch(/lts_|id_token|eyJ/);
    expect((await p.request('GET', '/api/v1/audit?action=sso.logout')).text).toContain('user:nguyen.van.a');

    // A local session signing out here just ends, back to the console.
    const local = new CookieBrowser();
    local.cookies.set('lt_session', encodeURIComponent(await p.login('admin', p.adminPassword)));
    const plain = await local.fetch(`${p.apiUrl}/auth/oidc/logout`);
    expect([plain.status, plain.headers.get('location')]).toEqual([302, '/']);
  });
});
