import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { runs } from '@lienthong/db';
import { screenshot, useBrowserPlatform, waitFor } from './browser.js';
import { newUser, signIn } from './sign-in.js';

// Issue 22 (DW6; R-16, R-30, R-34) in headless Chromium: on "Báo cáo" (/reports) the admin downloads last month's
// operations report and its numbers equal the database's; an agency viewer gets its own agency's report only.

const A = '000.00.53.H48';
const B = '000.00.93.H48';

/** Last month in Vietnam time (the screen's default period), as its first and next month's first instant. */
function lastMonthVn(): { year: number; month: number; from: Date; to: Date } {
  const now = new Date(Date.now() + 7 * 3600_000);
  const year = now.getUTCMonth() === 0 ? now.getUTCFullYear() - 1 : now.getUTCFullYear();
  const month = now.getUTCMonth() === 0 ? 12 : now.getUTCMonth(); // 1-based
  return { year, month, from: new Date(Date.UTC(year, month - 1, 1, -7)), to: new Date(Date.UTC(year, month, 1, -7)) };
}

describe('operations reports in the console (headless Chromium)', () => {
  const e2e = useBrowserPlatform();

  it("the admin downloads last month's report and its numbers equal the database's; an agency viewer gets only its agency's", async () => {
    const { p } = e2e;
    const period = lastMonthVn();
    const at = (day: number, hour: number) => new Date(Date.UTC(period.year, period.month - 1, day, hour - 7));
    await p.db.db.insert(runs).values([
      { runId: 'run-bc-1', flowKey: 'xac-thuc-cong-dan', version: 1, hash: 'seed', trigger: 'api', agency: A, caller: 'system:MOTCUA-A', status: 'completed', startedAt: at(3, 9), finishedAt: at(3, 10) },
      { runId: 'run-bc-2', flowKey: 'xac-thuc-cong-dan', version: 1, hash: 'seed', trigger: 'api', agency: A, caller: 'system:MOTCUA-A', status: 'failed', startedAt: at(12, 9), finishedAt: at(12, 10) },
      { runId: 'run-bc-3', flowKey: 'dieu-phoi-ho-so', version: 1, hash: 'seed', trigger: 'api', agency: B, caller: 'system:QLVB-B', status: 'completed', startedAt: at(20, 14), finishedAt: at(20, 15) },
    ]);
    const total = async (agency?: string) => Number((await p.db.db.execute(sql`select count(*)::int as n from runs
      where started_at >= ${period.from.toISOString()} and started_at < ${period.to.toISOString()} ${agency ? sql`and agency = ${agency}` : sql``}`)).rows[0]?.n);
    const totalRow = async (path: string) => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(await readFile(path));
      const sheet = book.getWorksheet('Lượt chạy theo luồng');
      if (!sheet) throw new Error('no sheet "Lượt chạy theo luồng"');
      const rows = (sheet.getSheetValues().filter(Boolean) as unknown[][]).map((r) => r.slice(1));
      return rows.find((r) => r[0] === 'Tổng / Total')?.[1];
    };

    const admin = await signIn(e2e.browser, p, 'admin', p.adminPassword, '/reports');
    await waitFor(admin, 'reports-page');
    await screenshot(admin, 'console-reports-vi');
    const [file] = await Promise.all([admin.waitForEvent('download'), admin.getByTestId('reports-xlsx').click()]);
    const slug = `${period.year}-${String(period.month).padStart(2, '0')}`;
    expect(file.suggestedFilename()).toBe(`bao-cao-van-hanh_monthly_${slug}.xlsx`);
    expect(await totalRow(await file.path())).toBe(await total());
    expect(await total()).toBeGreaterThanOrEqual(3);
    await admin.context().close();

    const viewer = await signIn(e2e.browser, p, 'xem-53', await newUser(p, 'xem-53', [{ role: 'agency-viewer', agency: A }]), '/reports');
    await waitFor(viewer, 'reports-page');
    expect(await viewer.getByTestId('reports-agency').inputValue()).toBe(A); // its own agency, not editable
    expect(await viewer.getByTestId('reports-agency').isDisabled()).toBe(true);
    const [own] = await Promise.all([viewer.waitForEvent('download'), viewer.getByTestId('reports-xlsx').click()]);
    expect(await totalRow(await own.path())).toBe(await total(A));
    expect(await total(A)).toBe(2);
    await viewer.context().close();
  });
});
