import { describe, expect, it } from 'vitest';
import type { ReportIndicator } from '@lienthong/db';
import { screenshot, useBrowserPlatform, waitFor } from './browser.js';
import { newUser, signIn } from './sign-in.js';

// Issue 21 leftover 2 in the browser: the lead agency's officer edits its reporting regime on /reporting ("Chế độ báo
// cáo"), saves it through the API, reloads and sees it; a bad value shows the API's coded message next to its field; a
// commune's officer does not see the form (and the API answers it "not found").

const LEAD = '000.00.06.H55';
const UNITS = ['000.01.33.H55', '000.02.33.H55'];
const CODE = 'BC-CHE-DO-THU';
const indicators: ReportIndicator[] = [
  { code: 'A01', name: 'Dân số', unit: 'nguoi', type: 'number', aggregation: 'sum', required: true, min: 0 },
  { code: 'A02', name: 'Số hộ', unit: 'ho', type: 'number', aggregation: 'sum' },
];

describe('the reporting regime form in headless Chromium', () => {
  const e2e = useBrowserPlatform();

  it('the lead agency edits and saves its regime, sees it after a reload; a bad value shows the coded message at its field; a commune sees no form', async () => {
    const { p } = e2e;
    await p.services.reporting.regimes.save({ code: CODE, name: { vi: 'Báo cáo dân số thử', en: 'Test population report' }, kind: 'periodic', leadAgencyCode: LEAD,
      frequency: 'month', templateVersion: '1', indicators, unitScope: UNITS, reviewDueAt: new Date('2027-12-31T00:00:00Z') }, { type: 'platform', id: 'platform:test' });

    const page = await signIn(e2e.browser, p, 'lanh-dao-che-do', await newUser(p, 'lanh-dao-che-do', [{ role: 'officer', agency: LEAD }]), '/reporting');
    await waitFor(page, 'regime-form');
    expect(await page.getByTestId('regime-name-vi').inputValue()).toBe('Báo cáo dân số thử');
    expect(await page.getByTestId('regime-code-1').inputValue()).toBe('A02');

    // Rename it, add a third indicator in tonnes (a unit picked from the unit catalogue), save.
    await page.getByTestId('regime-name-vi').fill('Báo cáo dân số và sản lượng');
    await page.getByTestId('regime-indicator-add').click();
    await page.getByTestId('regime-code-2').fill('A03');
    await page.getByTestId('regime-indicator-name-2').fill('Sản lượng lúa');
    await page.getByTestId('regime-unit-2').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'tấn' }).click();
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
    await page.getByTestId('regime-save').click();
    await page.getByText(`Đã lưu chế độ báo cáo ${CODE}`).waitFor();
    const saved = await p.services.reporting.regimes.get(CODE);
    expect([saved.name.vi, saved.indicators.map((i) => `${i.code}:${i.unit}`), saved.unitScope]).toEqual(['Báo cáo dân số và sản lượng', ['A01:nguoi', 'A02:ho', 'A03:tan'], UNITS]);
    expect(saved.indicators[0]).toMatchObject({ required: true, min: 0 }); // what the form does not change is kept

    await page.reload();
    await waitFor(page, 'regime-form');
    expect(await page.getByTestId('regime-name-vi').inputValue()).toBe('Báo cáo dân số và sản lượng');
    expect(await page.getByTestId('regime-code-2').inputValue()).toBe('A03');
    await screenshot(page, 'console-reporting-regime-vi');

    // An indicator code the API refuses: its coded message (vi) under that field; nothing saved.
    await page.getByTestId('regime-code-0').fill('1-sai');
    await page.getByTestId('regime-save').click();
    const fieldError = page.getByTestId('regime-indicator-0').locator('.ant-form-item-explain-error', { hasText: 'Dữ liệu không hợp lệ tại /indicators/0/code' });
    await fieldError.waitFor();
    expect((await p.services.reporting.regimes.get(CODE)).indicators[0]?.code).toBe('A01');

    // A commune's officer: no regime form; the API answers it "not found".
    const communePassword = await newUser(p, 'can-bo-xa-che-do', [{ role: 'officer', agency: UNITS[0] as string }]);
    const commune = await signIn(e2e.browser, p, 'can-bo-xa-che-do', communePassword, '/reporting');
    await commune.bringToFront();
    await waitFor(commune, 'reporting-page');
    await commune.waitForLoadState('networkidle');
    expect(await commune.getByTestId('regime-panel').count()).toBe(0);
    const asCommune = await p.requestAs(await p.login('can-bo-xa-che-do', communePassword), 'GET', `/api/v1/reporting/regimes/${CODE}`);
    expect([asCommune.status, asCommune.body.error?.code]).toEqual([404, 'REPORT_REGIME_NOT_FOUND']);
  }, 120_000);
});
