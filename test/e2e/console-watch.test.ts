import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestPlatform } from '../helpers/platform.js';
import { screenshot, useBrowserPlatform, waitFor } from './browser.js';
import { newUser, signIn } from './sign-in.js';

/**
 * Issue 16, Done-when 2 and 3, in headless Chromium: the statistics screen shows what the database holds (and its XLSX
 * download the same numbers), an alert fired by a silent simulator is seen, acknowledged with a comment and clears on
 * the alerts screen, and the audit screen finds an action by its actor with the hash chain verified.
 */
const FLOW = 'xac-thuc-cong-dan';
const OPERATION = 'population.XacThucThongTinCongDan';
const SILENT_KEY = 'system.silent:ngsp:population';
const citizen = (n: number) => ({ dossierNo: `000.25.94.H48-261206-${String(7000 + n)}`, procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
  applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' } });

// Alert rules in seconds, evaluated often (the engine reads LT_ALERT_* when the platform starts, below).
Object.assign(process.env, { LT_ALERT_INTERVAL_MS: '200', LT_ALERT_FAILURE_WINDOW_S: '3', LT_ALERT_FAILURE_RATE: '0.5', LT_ALERT_FAILURE_MIN_CALLS: '2', LT_ALERT_SILENT_AFTER_S: '2' });

/** Picks an option of an Ant Design select by its visible text, then waits for its list to close (the next select's list is then the only one open). */
async function choose(page: Page, testId: string, text: string, opts: { search?: boolean } = {}): Promise<void> {
  await page.getByTestId(testId).click();
  // A long list is virtual (only the first options are in the page): a searchable select is narrowed first, as a person would.
  if (opts.search) await page.keyboard.type(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
}

/** The counts the database holds for the flow, by status (what the screen must show). */
async function countsInDb(p: TestPlatform): Promise<Record<string, number>> {
  const rows = await p.db.db.execute(sql`select status, count(*)::int as n from runs where flow_key = ${FLOW} group by status`);
  const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as { status: string; n: number }[];
  return Object.fromEntries(list.map((r) => [r.status, Number(r.n)]));
}

/** Retries the database recorded for the flow's runs (counted from each closed history). */
async function retriesInDb(p: TestPlatform): Promise<{ retries: number; retried: number }> {
  const rows = await p.db.db.execute(sql`select coalesce(sum(retries), 0)::int as retries, (count(*) filter (where retries > 0))::int as retried from runs where flow_key = ${FLOW}`);
  const [r] = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as { retries: number; retried: number }[];
  return { retries: Number(r?.retries), retried: Number(r?.retried) };
}

const num = async (page: Page, testId: string): Promise<number> => Number((await page.getByTestId(testId).innerText()).trim());

describe('the console\'s watching screens in headless Chromium', () => {
  const e2e = useBrowserPlatform();

  it('the statistics screen and its XLSX download show the counts the database holds', async () => {
    const { p, browser } = e2e;
    // Seed: four runs that complete, then two that fail on a malformed national reply (not retried).
    for (let i = 0; i < 4; i++) expect((await p.request('POST', `/api/v1/flows/${FLOW}/runs`, citizen(i))).status).toBe(200);
    p.simulators?.faults.set(OPERATION, { malformed: true, count: 2 });
    for (let i = 4; i < 6; i++) expect((await p.request('POST', `/api/v1/flows/${FLOW}/runs`, citizen(i))).status).toBe(422);
    // One more that completes after its lookup is refused once (503, retried): one retry.
    p.simulators?.faults.set(OPERATION, { status: 503, count: 1 });
    expect((await p.request('POST', `/api/v1/flows/${FLOW}/runs`, citizen(6))).status).toBe(200);

    const page = await signIn(browser, p, 'thong-ke', await newUser(p, 'thong-ke', [{ role: 'operator' }]), '/stats');
    await waitFor(page, 'stats-page');
    // By status, for the seeded flow: one row per status, and totals over them.
    await choose(page, 'stats-group', 'Trạng thái');
    await choose(page, 'stats-flow', FLOW, { search: true });
    await waitFor(page, 'stats-started-completed');
    await waitFor(page, 'stats-totals', '[data-loaded="true"]');
    const db = await countsInDb(p);
    expect(db).toEqual({ completed: 5, failed: 2 });
    expect(await num(page, 'stats-started-completed')).toBe(db.completed);
    expect(await num(page, 'stats-started-failed')).toBe(db.failed);
    expect(await page.getByTestId('stats-total-started').getAttribute('data-value')).toBe(String(db.completed! + db.failed!));
    expect(await page.getByTestId('stats-total-failed').getAttribute('data-value')).toBe(String(db.failed));
    expect(await page.getByTestId('stats-total-rate').innerText()).toContain('71.4%');

    // By flow, every flow: the seeded flow's row matches the database, and so does the Excel file of the same view.
    await page.getByTestId('stats-flow').locator('.ant-select-clear').click({ force: true });
    await choose(page, 'stats-group', 'Luồng');
    await waitFor(page, `stats-started-${FLOW}`);
    await waitFor(page, 'stats-totals', '[data-loaded="true"]');
    expect(await num(page, `stats-started-${FLOW}`)).toBe(7);
    expect(await num(page, `stats-completed-${FLOW}`)).toBe(db.completed);
    expect(await num(page, `stats-failed-${FLOW}`)).toBe(db.failed);
    expect(await page.getByTestId(`stats-rate-${FLOW}`).innerText()).toBe('71.4%');
    const retries = await retriesInDb(p);
    expect(retries).toEqual({ retries: 1, retried: 1 });
    expect(await page.getByTestId(`stats-retries-${FLOW}`).innerText()).toBe('1 (1)');
    expect(await page.getByTestId('stats-total-retries').getAttribute('data-value')).toBe('1');
    await page.getByTestId('stats-chart-outcomes').locator('.recharts-bar-rectangle').first().waitFor();
    await screenshot(page, 'console-stats-vi');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('stats-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(/^thong-ke-luot-chay_flow_.*\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await readFile(await download.path()));
    const sheet = book.getWorksheet('Thống kê')!;
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    const row = rows.find((r) => r[1] === FLOW)!;
    // Columns: group, started, completed, failed, other, running, success rate (fraction), p50, p95, retries, runs retried.
    expect(row.slice(2, 7)).toEqual([7, db.completed, db.failed, 0, 0]);
    expect(row[7]).toBeCloseTo(5 / 7, 5);
    expect(row.slice(10, 12)).toEqual([retries.retries, retries.retried]);

    // By caller, as CSV: the seven runs were started by the admin's session.
    await choose(page, 'stats-group', 'Bên gọi');
    await waitFor(page, 'stats-started-user:admin');
    const [csvFile] = await Promise.all([page.waitForEvent('download'), page.getByTestId('stats-csv').click()]);
    expect(csvFile.suggestedFilename()).toMatch(/^thong-ke-luot-chay_system_.*\.csv$/);
    const csv = (await readFile(await csvFile.path(), 'utf8')).replace(/^\uFEFF/, '').split('\r\n');
    expect(csv[0]).toContain('Bên gọi / Caller');
    // Columns: caller, started, completed, failed, other, running, success rate, p50, p95.
    expect(csv.find((l) => l.startsWith('user:admin,'))?.split(',').slice(0, 7)).toEqual(['user:admin', '7', '5', '2', '0', '0', '0.7143']);

    // The exchanges tab answers for the same period (none were sent here).
    await page.getByRole('tab', { name: 'Trao đổi dữ liệu' }).click();
    expect(await (await waitFor(page, 'stats-x-total')).innerText()).toContain('0');
    expect(await page.getByTestId('stats-exchanges').locator('.ant-alert-error').count()).toBe(0);
    await page.close();
  });

  it('an alert fired by a silent simulator shows on the alerts screen, is acknowledged there with a comment and clears when it answers again', async () => {
    const { p, browser } = e2e;
    const page = await signIn(browser, p, 'truc-ban', await newUser(p, 'truc-ban', [{ role: 'operator' }]), '/alerts');
    await waitFor(page, 'alerts-page');
    await page.getByRole('tab', { name: 'Quy tắc đang áp dụng' }).click();
    expect(await (await waitFor(page, 'alert-rule-system.silent')).innerText()).toContain('2 giây');
    await page.getByRole('tab', { name: 'Đang mở' }).click();

    // The population database stops answering; citizens keep coming until the screen shows the alert (it refreshes itself).
    p.simulators?.faults.set(OPERATION, { status: 503 });
    const row = page.getByTestId(`alert-row-${SILENT_KEY}`);
    for (let i = 0; i < 120 && !(await row.isVisible()); i++) {
      expect((await p.request('POST', `/api/v1/flows/${FLOW}/runs?wait=0s`, citizen(100 + i))).status).toBe(202);
      await page.waitForTimeout(500);
    }
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('firing');
    expect(await row.innerText()).toContain('ngsp:population');
    await page.waitForTimeout(500); // the tab bar's underline slides to the open tab: the screenshot waits for it, no assertion does
    await screenshot(page, 'console-alerts-vi');

    // Acknowledge it with a comment, on the screen.
    // Runs still retrying against the silent system can resolve the alert and fire it again as a new one between the
    // list's refresh and the click; the dialog then says the alert it showed is no longer firing, and the operator
    // acknowledges the one now on screen (at most a few times).
    const refused = page.getByTestId('alert-ack-error');
    for (let attempt = 1; ; attempt++) {
      await row.getByRole('button', { name: 'Xác nhận đã biết' }).click();
      await page.getByTestId('alert-ack-note').fill('Đã báo Trung tâm dữ liệu quốc gia');
      await page.getByTestId('alert-ack-confirm').click();
      await expect.poll(async () => (await refused.count()) + (await page.getByTestId('alert-ack-note').count() === 0 ? 1 : 0), { timeout: 90_000 }).toBeGreaterThan(0);
      if ((await refused.count()) === 0) break;
      expect(attempt, await refused.innerText()).toBeLessThan(4);
      await page.keyboard.press('Escape');
      await page.getByTestId('alert-ack-note').waitFor({ state: 'detached', timeout: 30_000 });
    }
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 90_000 }).toBe('acknowledged');
    expect(await row.innerText()).toContain('Đã báo Trung tâm dữ liệu quốc gia');
    expect(await row.innerText()).toContain('user:truc-ban');

    // It answers again: the alert leaves the open list and is in the history, resolved, with the comment.
    p.simulators?.faults.clear(OPERATION);
    for (let i = 0; i < 120 && (await row.isVisible()); i++) {
      await p.request('POST', `/api/v1/flows/${FLOW}/runs?wait=0s`, citizen(300 + i));
      await page.waitForTimeout(500);
    }
    await row.waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByRole('tab', { name: 'Lịch sử' }).click();
    const resolved = await waitFor(page, `alert-row-${SILENT_KEY}`, '[data-status="resolved"]', 30_000);
    expect(await resolved.first().innerText()).toContain('Đã báo Trung tâm dữ liệu quốc gia');
    await page.close();
  });

  it('the audit screen finds an action by its actor and shows the hash chain verified', async () => {
    const { p, browser } = e2e;
    const page = await signIn(browser, p, 'kiem-toan', await newUser(p, 'kiem-toan', [{ role: 'auditor' }]), '/audit');
    await waitFor(page, 'audit-page');
    await waitFor(page, 'audit-chain', '[data-state="verified"]');
    expect(await page.getByTestId('audit-chain').innerText()).toContain('Chuỗi băm toàn vẹn');

    await page.getByTestId('audit-actor').fill('user:admin');
    await page.getByTestId('audit-action').fill('users.create');
    await page.getByTestId('audit-search').click();
    const rows = page.locator('[data-testid^="audit-row-"]');
    await expect.poll(async () => (await rows.count()) > 0 && (await rows.evaluateAll((els) => els.every((e) => e.getAttribute('data-action') === 'users.create'))), { timeout: 15_000 }).toBe(true);
    const texts = await rows.allInnerTexts();
    expect(texts.every((t) => t.includes('user:admin'))).toBe(true);
    expect(texts.length).toBeGreaterThanOrEqual(3); // the three people this file created
    await waitFor(page, 'audit-table', '[data-loaded="true"]');
    await screenshot(page, 'console-audit-vi');

    // The export holds the same rows.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export-csv').click()]);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv.split('\r\n').filter((l) => l.includes('users.create') && l.includes('user:admin'))).toHaveLength(texts.length);

    // In English too.
    await page.getByTestId('lang-toggle').click();
    expect(await page.getByTestId('audit-chain').innerText()).toContain('Hash chain intact');
    expect(await page.getByRole('columnheader', { name: 'Actor' }).count()).toBe(1);
    await page.close();
  });
});
