import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcProvider, type TestOidcProvider } from '../helpers/oidc-provider.js';
import { screenshot, useBrowserPlatform, waitFor } from './browser.js';
import { openPage, signIn } from './sign-in.js';

// Issue 22, Done-when 1: an admin sets up single sign-on on the console; a staff member signs in through the
// province's provider (a real oidc-provider), lands with the role and agency the claim rules give, and signing out
// ends both sessions; the local break-glass admin still signs in with a password.
const accounts = { 'le.van.c': { password: 'mk-c-456', claims: { name: 'Lê Văn C', preferred_username: 'le.van.c', groups: ['lienthong-operators'], ou: 'STNMT' } } };

describe('console: single sign-on', () => {
  const env = useBrowserPlatform();
  let op: TestOidcProvider;
  beforeAll(async () => { op = await startOidcProvider(env.p.apiUrl, accounts); });
  afterAll(async () => { await op?.close(); });

  it('an admin sets the provider and a claim rule on the /sso screen', async () => {
    const page = await signIn(env.browser, env.p, 'admin', env.p.adminPassword, '/sso');
    await waitFor(page, 'sso-page');
    await page.getByTestId('sso-issuer').fill(op.issuer);
    await page.getByTestId('sso-client-id').fill(op.clientId);
    await page.getByTestId('sso-client-secret').fill(op.clientSecret);
    await page.getByTestId('sso-scopes').fill('openid profile org');
    await page.getByTestId('sso-label').fill('Đăng nhập bằng tài khoản công vụ tỉnh');
    await page.getByTestId('sso-enabled').click();
    await page.getByTestId('sso-save').click();
    await waitFor(page, 'sso-saved');
    await page.getByTestId('sso-rule-add').click();
    await page.getByTestId('sso-rule-value-0').fill('lienthong-operators');
    await page.getByTestId('sso-rule-agency-claim-0').fill('ou');
    await page.getByTestId('sso-rules-save').click();
    await waitFor(page, 'sso-rules-saved');
    await expect(page.getByTestId('sso-client-secret').inputValue()).resolves.toBe('');
    expect(await page.content()).not.toContain(op.clientSecret);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'console-sso-vi');
    await page.context().close();
  });

  it('a staff member signs in through the provider, lands as operator of their agency, and signing out ends both sessions', async () => {
    const page = await openPage(env.browser);
    await page.goto(`${env.p.apiUrl}/`);
    const button = await waitFor(page, 'login-sso');
    await screenshot(page, 'console-sso-login-vi');
    await button.click();
    await waitFor(page, 'op-login');
    await page.getByTestId('op-login').fill('le.van.c');
    await page.getByTestId('op-password').fill(accounts['le.van.c'].password);
    await page.getByTestId('op-submit').click();
    const user = await waitFor(page, 'current-user');
    expect(await user.textContent()).toBe('Lê Văn C');
    const me = await page.evaluate(() => fetch('/api/v1/auth/me').then((r) => r.json())) as { roles: unknown; agency: string; sso: boolean };
    expect(me).toMatchObject({ roles: [{ role: 'operator', agency: 'STNMT' }], agency: 'STNMT', sso: true });
    // The operator's menu: runs, no user administration.
    await waitFor(page, 'nav-runs');
    expect(await page.getByTestId('nav-users').count()).toBe(0);

    await page.getByTestId('logout').click();
    await waitFor(page, 'op-logout');
    await page.getByTestId('op-logout').click();
    await waitFor(page, 'login');
    expect(await page.evaluate(() => fetch('/api/v1/auth/me').then((r) => r.status))).toBe(401);
    // The provider's session ended too: signing in again asks for the password.
    await page.getByTestId('login-sso').click();
    await waitFor(page, 'op-login');
    await page.context().close();
  });

  it('the local break-glass admin still signs in with the password', async () => {
    const page = await signIn(env.browser, env.p, 'admin', env.p.adminPassword, '/users');
    await waitFor(page, 'nav-users');
    await page.context().close();
  });
});
