import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { curl } from '../helpers/agency.js';
import { screenshot, useBrowserPlatform, waitFor } from './browser.js';
import { signIn } from './sign-in.js';

const run = promisify(execFile);
const AGENCY = '000.00.00.H48';
const GUIDE_AGENCY = '000.00.00.H56';
const SYSTEM = 'motcua-e2e';
const citizen = (n: number) => ({
  dossierNo: `000.25.94.H48-261206-${String(9000 + n)}`, procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
  applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' },
});

/** Picks options of an Ant Design select by typing each and pressing Enter, as a keyboard user does. */
async function choose(page: Page, testId: string, ...values: string[]): Promise<void> {
  await page.getByTestId(testId).click();
  for (const v of values) {
    await page.keyboard.type(v);
    // The option typed for is highlighted (another select's dropdown may still be fading out).
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option-active', { hasText: v }).waitFor();
    await page.keyboard.press('Enter');
  }
  // A single select closes on Enter; a multiple one stays open until Escape. An Escape with no list open would close the
  // dialog the select sits in, so it is pressed only for a list still open.
  const closed = await page.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'hidden', timeout: 1500 }).then(() => true, () => false);
  if (!closed) await page.keyboard.press('Escape');
}

/** Text a dialog shows once, read from the screen and from the clipboard after pressing its copy button. */
async function copied(page: Page, valueId: string, copyId: string): Promise<{ shown: string; clipboard: string }> {
  const shown = (await page.getByTestId(valueId).textContent()) ?? '';
  await page.getByTestId(copyId).click();
  const clipboard = await page.evaluate(() => navigator.clipboard.readText());
  return { shown, clipboard };
}

describe('the administrators\' console in headless Chromium', () => {
  const e2e = useBrowserPlatform();
  let admin: Page;
  let second: { username: string; password: string };

  it('offers the first-run guide on a fresh platform, whose first steps create the second approver and an agency', async () => {
    admin = await signIn(e2e.browser, e2e.p, 'admin', e2e.p.adminPassword, '/runs', 'vi', { clipboardOf: e2e.p.apiUrl });
    await waitFor(admin, 'guide-offer');
    await admin.getByTestId('guide-open').click();
    await waitFor(admin, 'guide-page', '[data-step="secondAdmin"]');
    await screenshot(admin, 'console-guide-vi');
    await admin.getByTestId('guide-admin-username').fill('quan-tri-2');
    await admin.getByTestId('guide-admin-name').fill('Quản trị viên thứ hai');
    await admin.getByTestId('guide-admin-create').click();
    await waitFor(admin, 'password-value');
    second = { username: 'quan-tri-2', password: (await admin.getByTestId('password-value').textContent()) ?? '' };
    expect(second.password.length).toBeGreaterThanOrEqual(12);
    await admin.getByTestId('password-close').click();
    // Two admins now: the guide moves on to the agency, and the offer no longer shows elsewhere.
    await waitFor(admin, 'guide-page', '[data-step="agency"]');
    await admin.getByTestId('guide-agency-code').fill(GUIDE_AGENCY);
    await admin.getByTestId('guide-agency-name').fill('Sở Nội vụ');
    await admin.getByTestId('guide-agency-create').click();
    await waitFor(admin, 'guide-page', '[data-step="system"]');
    expect(await e2e.p.login(second.username, second.password)).toMatch(/^lts_/);
  });

  it('registers a system, a second admin approves it, a key\'s secret copied from its dialog runs a granted flow with curl --aws-sigv4; rotated, both keys work through the grace period; revoked, the old one is refused; grants edited; a suspend request filed', async () => {
    await admin.goto(`${e2e.p.apiUrl}/registry?tab=agencies`);
    await admin.getByTestId('agency-new').click();
    await admin.getByTestId('agency-code').fill(AGENCY);
    await admin.getByTestId('agency-name-vi').fill('Sở Tư pháp');
    await admin.getByTestId('agency-submit').click();
    await waitFor(admin, `agency-row-${AGENCY}`);

    await admin.getByTestId('tab-systems').click();
    await admin.getByTestId('system-new').click();
    await admin.getByTestId('system-code').fill(SYSTEM);
    await choose(admin, 'system-agency', AGENCY);
    await admin.getByTestId('system-name-vi').fill('Một cửa điện tử');
    // Grants are picked from the server's lists: a published flow and two grantable operations.
    await choose(admin, 'system-flows', 'xac-thuc-cong-dan');
    await choose(admin, 'system-operations', 'runs.start', 'runs.read');
    await admin.getByTestId('system-reason').fill('Kết nối một cửa của Sở Tư pháp');
    await admin.getByTestId('system-submit').click();
    await waitFor(admin, `system-row-${SYSTEM}`, '[data-status="pending"]');
    expect((await e2e.p.request('GET', `/api/v1/systems/${SYSTEM}`)).body).toMatchObject({ allowedFlows: ['xac-thuc-cong-dan'], allowedOperations: ['runs.start', 'runs.read'] });

    // Four eyes: the admin who filed the request is refused, with the server's coded message on screen.
    await admin.getByTestId('tab-requests').click();
    await admin.getByTestId(`request-approve-${SYSTEM}`).click();
    const refusal = await waitFor(admin, 'request-error');
    expect(await refusal.textContent()).toContain('Người đề nghị không được tự phê duyệt');
    await screenshot(admin, 'console-registry-requests-vi');

    const approver = await signIn(e2e.browser, e2e.p, second.username, second.password, '/registry?tab=requests', 'vi', { clipboardOf: e2e.p.apiUrl });
    await approver.getByTestId(`request-approve-${SYSTEM}`).click();
    await waitFor(approver, 'requests', ':not(:has([data-testid="request-row-' + SYSTEM + '"]))');
    await approver.context().close();

    await admin.goto(`${e2e.p.apiUrl}/registry`);
    const row = await waitFor(admin, `system-row-${SYSTEM}`, '[data-status="active"]');
    await row.locator('.ant-table-row-expand-icon').click();
    await admin.getByTestId(`key-issue-${SYSTEM}`).click();
    await waitFor(admin, 'secret-dialog');
    const accessKeyId = (await admin.getByTestId('secret-access-key').textContent()) ?? '';
    const secret = await copied(admin, 'secret-value', 'secret-copy');
    expect(secret.clipboard).toBe(secret.shown);
    // The dialog's example call names the granted flow and carries the key pair.
    await waitFor(admin, 'curl-example', '[data-flow="xac-thuc-cong-dan"]');
    const command = (await admin.getByTestId('curl-command').textContent()) ?? '';
    expect(command).toContain(`--aws-sigv4 "aws:amz:vn:lienthong" --user "${accessKeyId}:${secret.shown}"`);
    // Pasted into a shell as shown, the command starts a run of the flow (its input is built from the flow's schema).
    const pasted = JSON.parse((await run('bash', ['-c', command])).stdout) as { runId?: string };
    expect(pasted.runId).toMatch(/^run-/);
    await screenshot(admin, 'console-registry-key-vi');
    await admin.getByTestId('secret-close').click();
    await admin.getByTestId('secret-value').waitFor({ state: 'detached' }); // shown once: gone with the dialog

    const url = `${e2e.p.apiUrl}/api/v1/flows/xac-thuc-cong-dan/runs`;
    const ran = await curl(url, { user: `${accessKeyId}:${secret.clipboard}`, body: JSON.stringify(citizen(1)) });
    expect([ran.status, ran.body.status, ran.body.output?.result]).toEqual([200, 'completed', 'MATCH']);
    // The guide reads where the platform stands: approved, keyed, the last step (the call) open.
    await admin.goto(`${e2e.p.apiUrl}/guide`);
    await waitFor(admin, 'guide-page', '[data-step="call"]');
    await waitFor(admin, 'guide-key-ready');

    await admin.goto(`${e2e.p.apiUrl}/registry`);
    await (await waitFor(admin, `system-row-${SYSTEM}`)).locator('.ant-table-row-expand-icon').click();

    // Rotation: a new pair, shown once; the old key keeps working through the grace period (one day by default).
    await admin.getByTestId(`key-rotate-${accessKeyId}`).click();
    await admin.getByTestId('key-rotate-ok').click();
    await waitFor(admin, 'secret-dialog');
    const rotated = { id: (await admin.getByTestId('secret-access-key').textContent()) ?? '', secret: (await copied(admin, 'secret-value', 'secret-copy')).clipboard };
    expect(rotated.id).not.toBe(accessKeyId);
    await admin.getByTestId('secret-close').click();
    await waitFor(admin, `key-row-${accessKeyId}`, '[data-status="grace"]');
    const viaNew = await curl(url, { user: `${rotated.id}:${rotated.secret}`, body: JSON.stringify(citizen(2)) });
    const viaOld = await curl(url, { user: `${accessKeyId}:${secret.clipboard}`, body: JSON.stringify(citizen(3)) });
    expect([viaNew.status, viaOld.status]).toEqual([200, 200]);

    await admin.getByTestId(`key-revoke-${accessKeyId}`).click();
    await admin.getByTestId('key-revoke-confirm').click();
    // The server's answer first: the success notice naming the key (a refusal would show its coded message instead).
    await admin.locator('.ant-message-success', { hasText: accessKeyId }).waitFor({ timeout: 60_000 });
    // Then the list shows it revoked. CI once saw the list stay on "grace" for a minute after the revocation (not seen
    // here since); the list as the server has it after a reload is what this step checks then.
    const revoked = `[data-testid="key-row-${accessKeyId}"][data-status="revoked"]`;
    if (!(await admin.waitForSelector(revoked, { timeout: 15_000 }).then(() => true, () => false))) {
      await admin.reload();
      await (await waitFor(admin, `system-row-${SYSTEM}`)).locator('.ant-table-row-expand-icon').click();
      await waitFor(admin, `key-row-${accessKeyId}`, '[data-status="revoked"]');
    }
    const refused = await curl(url, { user: `${accessKeyId}:${secret.clipboard}`, body: JSON.stringify(citizen(4)) });
    expect([refused.status, refused.body.error?.code]).toEqual([401, 'AUTH_KEY_REVOKED']);
    await screenshot(admin, 'console-registry-vi');

    // Grants change at once (picked from the server's list); suspending is a request another admin decides.
    await admin.getByTestId(`system-edit-${SYSTEM}`).click();
    await choose(admin, 'system-edit-operations', 'runs.cancel');
    await admin.getByTestId('system-edit-ok').click();
    await waitFor(admin, `system-row-${SYSTEM}`, ':has-text("runs.cancel")');
    expect((await e2e.p.request('GET', `/api/v1/systems/${SYSTEM}`)).body.allowedOperations).toEqual(['runs.start', 'runs.read', 'runs.cancel']);
    await admin.getByTestId(`system-request-suspend-${SYSTEM}`).click();
    await admin.getByTestId('system-request-reason').fill('Bảo trì hệ thống một cửa');
    await admin.getByTestId('system-request-ok').click();
    // The dialog closes once the server has filed the request (CI once needed more than half a minute here).
    await admin.getByTestId('system-request-reason').waitFor({ state: 'hidden', timeout: 90_000 });
    await admin.getByTestId('tab-requests').click();
    expect(await (await waitFor(admin, `request-row-${SYSTEM}`)).textContent()).toContain('Tạm dừng');
  });

  it('a user created on /users signs in, and changes their own password', async () => {
    await admin.goto(`${e2e.p.apiUrl}/users`);
    await admin.getByTestId('user-new').click();
    await admin.getByTestId('user-username').fill('van-hanh-1');
    await admin.getByTestId('user-display-name').fill('Trần Thị Bình');
    await admin.getByTestId('user-submit').click();
    await waitFor(admin, 'password-value');
    const password = (await admin.getByTestId('password-value').textContent()) ?? '';
    await admin.getByTestId('password-close').click();
    await waitFor(admin, 'user-row-van-hanh-1', '[data-status="active"]');
    await screenshot(admin, 'console-users-vi');

    const operator = await signIn(e2e.browser, e2e.p, 'van-hanh-1', password, '/runs', 'vi', { clipboardOf: e2e.p.apiUrl });
    expect(await operator.getByTestId('current-user').textContent()).toBe('Trần Thị Bình');
    expect(await operator.getByTestId('nav-users').count()).toBe(0); // an operator does not manage accounts
    await operator.getByTestId('current-user').click();
    await waitFor(operator, 'account-page');
    await screenshot(operator, 'console-account-vi');
    await operator.getByTestId('account-current').fill('not-my-password');
    await operator.getByTestId('account-new').fill('Mat-khau-moi-2026');
    await operator.getByTestId('account-confirm').fill('Mat-khau-moi-2026');
    await operator.getByTestId('account-submit').click();
    expect(await (await waitFor(operator, 'account-error')).textContent()).toContain('Mật khẩu hiện tại không đúng');
    await operator.getByTestId('account-current').fill(password);
    await operator.getByTestId('account-submit').click();
    await waitFor(operator, 'password-changed');
    await operator.reload();
    await waitFor(operator, 'account-page'); // still signed in, with the new password's session
    await operator.context().close();
    await expect(e2e.p.login('van-hanh-1', password)).rejects.toThrow(/401/);
    expect(await e2e.p.login('van-hanh-1', 'Mat-khau-moi-2026')).toMatch(/^lts_/);
  });

  it('a password reset on /users sends the signed-in person back to the login, where the new one works in the same browser; a disabled account cannot sign in', async () => {
    const viewer = await signIn(e2e.browser, e2e.p, 'van-hanh-1', 'Mat-khau-moi-2026', '/runs', 'vi', { clipboardOf: e2e.p.apiUrl });
    await admin.bringToFront(); // the viewer's page opened last; a page in the background pauses the dialog's closing animation
    await admin.goto(`${e2e.p.apiUrl}/users`);
    await admin.getByTestId('user-reset-van-hanh-1').click();
    await admin.getByTestId('user-reset-confirm').click();
    const reset = (await (await waitFor(admin, 'password-value')).textContent()) ?? '';
    await admin.getByTestId('password-close').click();
    await admin.getByTestId('password-close').waitFor({ state: 'hidden', timeout: 90_000 });

    // The reset ended the session: the next page asks to sign in, and the browser still holds the ended session's cookie.
    await viewer.bringToFront();
    await viewer.reload();
    await waitFor(viewer, 'login');
    await viewer.getByTestId('login-user').fill('van-hanh-1');
    await viewer.getByTestId('login-password').fill(reset);
    await viewer.getByTestId('login-submit').click();
    expect(await (await waitFor(viewer, 'current-user')).textContent()).toBe('Trần Thị Bình');
    await viewer.context().close();

    await admin.bringToFront();
    await admin.getByTestId('user-toggle-van-hanh-1').click();
    await waitFor(admin, 'user-row-van-hanh-1', '[data-status="disabled"]');
    await expect(e2e.p.login('van-hanh-1', reset)).rejects.toThrow(/401/);
  });
});
