import { describe, expect, it } from 'vitest';
import { screenshot, useBrowserPlatform, waitFor } from './browser.js';
import { newUser, signIn } from './sign-in.js';

// Issue 22 Done-when 4 in the browser: a platform window announced a day ahead shows as a banner on every screen;
// the "Bảo trì" screen lists the windows with their notice, and an operator cancels one there.

const HOUR = 3_600_000;

describe('the maintenance screen in headless Chromium', () => {
  const e2e = useBrowserPlatform();

  it('an operator sees the banner and the windows, and cancels the reporting system\'s window', async () => {
    const { p } = e2e;
    const at = Date.now() + 25 * HOUR;
    const platform = await p.request('POST', '/api/v1/maintenance/windows', { scope: 'platform', startsAt: new Date(at).toISOString(), endsAt: new Date(at + 2 * HOUR).toISOString(),
      reason: { vi: 'Nâng cấp phiên bản Liên Thông', en: 'Liên Thông version upgrade' } });
    expect(platform.status, platform.text).toBe(200);
    const reporting = await p.request('POST', '/api/v1/maintenance/windows', { scope: 'system', target: 'reporting', startsAt: new Date(at + 4 * HOUR).toISOString(),
      endsAt: new Date(at + 6 * HOUR).toISOString(), reason: { vi: 'Hệ thống báo cáo Chính phủ nâng cấp', en: 'Government reporting system upgrade' } });
    expect(reporting.status, reporting.text).toBe(200);

    const page = await signIn(e2e.browser, p, 'truc-bao-tri', await newUser(p, 'truc-bao-tri', [{ role: 'operator' }]), '/runs');
    const banner = await waitFor(page, 'maintenance-banner');
    expect(await banner.textContent()).toContain('Nâng cấp phiên bản Liên Thông');

    await page.getByTestId('nav-maintenance').click();
    await waitFor(page, `maintenance-state-${reporting.body.id as number}`, '', 30_000);
    expect(await page.getByTestId(`maintenance-target-${reporting.body.id as number}`).textContent()).toContain('reporting');
    expect(await page.getByTestId(`maintenance-state-${platform.body.id as number}`).textContent()).toBe('Sắp diễn ra');
    await screenshot(page, 'maintenance-vi');

    await page.getByTestId(`maintenance-cancel-${reporting.body.id as number}`).click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await page.waitForSelector(`[data-testid="maintenance-state-${reporting.body.id as number}"]`, { state: 'detached' });
    const listed = await p.request('GET', '/api/v1/maintenance/windows?includeCancelled=true');
    expect(listed.body.windows.find((w: { id: number }) => w.id === reporting.body.id)).toMatchObject({ cancelledAt: expect.any(String) });
    await page.context().close();
  });
});
