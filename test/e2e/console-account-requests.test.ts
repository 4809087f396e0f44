import { describe, expect, it } from 'vitest';
import { screenshot, useBrowserPlatform, waitFor } from './browser.js';
import { newUser, signIn } from './sign-in.js';

// Issue 22 (Done when 2, R-11) in headless Chromium: a unit's officer asks for a new account of its agency on
// "Yêu cầu tài khoản"; the admin approves it there, gets the first password once, and the account signs in. The
// backups screen says scheduled backups are off when none are configured.

const H48 = '000.25.94.H48';

describe('account requests in the console (headless Chromium)', () => {
  const e2e = useBrowserPlatform();

  it('an officer asks for an account of its agency; the admin approves it in the console and the account signs in', async () => {
    const { p } = e2e;
    const officer = await signIn(e2e.browser, p, 'to-chuc-h48', await newUser(p, 'to-chuc-h48', [{ role: 'officer', agency: H48 }]), '/account-requests');
    await waitFor(officer, 'account-requests-page');
    await officer.getByTestId('account-request-new').click();
    await waitFor(officer, 'account-request-form');
    expect(await officer.getByTestId('account-request-agency').inputValue()).toBe(H48); // its own agency, not editable
    await officer.getByTestId('account-request-username').fill('pham-thu-ha');
    await officer.getByTestId('account-request-display-name').fill('Phạm Thu Hà');
    await officer.getByTestId('account-request-reason').fill('Cán bộ mới của bộ phận một cửa');
    await officer.getByTestId('account-request-submit').click();
    await waitFor(officer, 'account-request-row-pham-thu-ha', '[data-state="open"]');
    await officer.context().close();

    const admin = await signIn(e2e.browser, p, 'admin', p.adminPassword, '/account-requests');
    // The approve button shows once the request's task is open (its workflow made it); the list refreshes by itself.
    const approve = await waitFor(admin, 'account-request-approve-pham-thu-ha');
    await screenshot(admin, 'console-account-requests-vi');
    await approve.click();
    const password = await (await waitFor(admin, 'password-value')).textContent();
    expect(password).toMatch(/^\S{12,}$/);
    await admin.getByTestId('password-close').click();
    await waitFor(admin, 'account-request-row-pham-thu-ha', '[data-state="approved"]');

    const login = await p.request('POST', '/api/v1/auth/login', { username: 'pham-thu-ha', password }, { authorization: '' });
    expect(login.status, login.text).toBe(200);
    const me = await p.request('GET', '/api/v1/auth/me', undefined, { authorization: `Bearer ${login.body.token as string}` });
    expect(me.body.roles).toEqual([{ role: 'officer', agency: H48 }]);

    await admin.goto(`${p.apiUrl}/backups`);
    await waitFor(admin, 'backups-off');
    await screenshot(admin, 'console-backups-vi');
    await admin.context().close();
  });
});
