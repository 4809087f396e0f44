import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { reportAssignments, reportSubmissions, type ReportIndicator } from '@lienthong/db';
import { screenshot, useBrowserPlatform, waitFor } from './browser.js';
import { newUser, signIn } from './sign-in.js';

// Issue 21 DW5 (first half) in the browser: the "Kỳ báo cáo" screen shows a period's progress per unit, and its numbers
// equal counts straight from the database; a commune's officer sees only its own row. The period is opened and its
// reports moved through the reporting domain directly (the 96-commune cycle as flows is test/system/reporting-cycle.test.ts).

const LEAD = '000.00.04.H55';
const UNITS = Array.from({ length: 12 }, (_, i) => `000.${String(i + 1).padStart(2, '0')}.31.H55`);
const indicators: ReportIndicator[] = [
  { code: 'A01', name: 'Dân số', unit: 'nguoi', type: 'number', aggregation: 'sum', required: true, min: 0 },
  { code: 'A02', name: 'Người có việc làm', unit: 'nguoi', type: 'number', aggregation: 'sum', required: true, min: 0 },
];

describe('the reporting period screen in headless Chromium', () => {
  const e2e = useBrowserPlatform();

  it('the lead agency sees every unit\'s state with the database\'s counts; a commune sees its own; a roll-up the national system holds shows as sent', async () => {
    const { p } = e2e;
    const r = p.services.reporting;
    const platform = { type: 'platform' as const, id: 'platform:test' };
    await r.regimes.save({ code: 'BC-THU-NGHIEM', name: { vi: 'Báo cáo thử nghiệm hằng tháng', en: 'Monthly test report' }, kind: 'periodic', leadAgencyCode: LEAD,
      frequency: 'month', templateVersion: '1', indicators, unitScope: UNITS, reviewDueAt: new Date('2027-12-31T00:00:00Z') }, platform);
    const period = await r.cycle.openPeriod({ regimeCode: 'BC-THU-NGHIEM', periodLabel: '2027-04', runId: 'run-e2e' });
    const ids: string[] = [];
    for (const [i, unit] of UNITS.entries()) ids.push((await r.cycle.assign({ periodId: period.periodId, unitCode: unit, runId: `run-e2e/thu_thap/${i}` })).assignmentId);
    const unit = (i: number) => ({ type: 'user' as const, id: `user:xa-${i}`, agency: UNITS[i] as string });
    const lead = { type: 'user' as const, id: 'user:lanh-dao', agency: LEAD };
    for (let i = 0; i < 8; i++) await r.submit({ assignmentId: ids[i] as string, values: { A01: 100 + i, A02: 50 } }, unit(i));
    await r.submit({ assignmentId: ids[8] as string, values: { A01: 10 } }, unit(8)); // A02 missing: returned with a comment
    for (let i = 0; i < 5; i++) await r.review({ assignmentId: ids[i] as string, decision: 'approve' }, lead);
    await r.recall({ assignmentId: ids[5] as string }, unit(5));

    const counted = Object.fromEntries((await p.db.db.select({ state: reportSubmissions.state, n: sql<number>`count(*)::int` }).from(reportSubmissions)
      .innerJoin(reportAssignments, eq(reportAssignments.id, reportSubmissions.assignmentId)).where(eq(reportAssignments.periodId, period.periodId))
      .groupBy(reportSubmissions.state)).map((c) => [c.state, c.n]));
    expect(counted).toEqual({ approved: 5, recalled: 1, submitted: 2, returned: 1, draft: 3 });

    const page = await signIn(e2e.browser, p, 'lanh-dao-so', await newUser(p, 'lanh-dao-so', [{ role: 'officer', agency: LEAD }]), '/reporting');
    await waitFor(page, `reporting-state-${UNITS[11] as string}`);
    expect(await page.getByTestId('reporting-total-units').textContent()).toBe(`Đơn vị: ${UNITS.length}`);
    const shown: Record<string, number> = {};
    for (const s of ['draft', 'submitted', 'returned', 'resubmitted', 'recalled', 'approved', 'corrected']) {
      const n = Number((await page.getByTestId(`reporting-count-${s}`).textContent())?.split(': ')[1]);
      if (n > 0) shown[s] = n;
    }
    expect(shown).toEqual(counted);
    expect(await page.getByTestId(`reporting-state-${UNITS[8] as string}`).textContent()).toBe('Bị trả lại');
    expect(await page.getByText('A02', { exact: true }).count()).toBe(1); // the indicator returned
    expect(await page.getByTestId('reporting-aggregate').textContent()).toBe('Chưa tổng hợp');
    await screenshot(page, 'console-reporting-vi');

    const commune = await signIn(e2e.browser, p, 'can-bo-xa-3', await newUser(p, 'can-bo-xa-3', [{ role: 'officer', agency: UNITS[2] as string }]), '/reporting');
    await waitFor(commune, `reporting-state-${UNITS[2] as string}`);
    expect(await commune.getByTestId('reporting-total-units').textContent()).toBe('Đơn vị: 1');
    expect(await commune.locator('[data-testid^="reporting-state-"]').count()).toBe(1);

    // The roll-up approved, signed and held by the national system (its delivery recorded): the lead agency sees it sent, with the receipt.
    const agg = await r.cycle.aggregate({ periodId: period.periodId });
    await r.cycle.approveAggregate({ aggregateId: agg.aggregateId, approvedBy: 'user:lanh-dao' });
    await r.cycle.recordSignature({ aggregateId: agg.aggregateId, signature: { keyId: 'bao-cao-ky-so', algorithm: 'Ed25519', digest: 'd', value: 'v', signedAt: new Date().toISOString() } });
    await p.services.reportDeliveries.record({ regime: 'BC-THU-NGHIEM', period: '2027-04', province: '51', state: 'submitted', receiptId: 'BC-E2E-1', at: new Date() });
    await page.bringToFront();
    await page.reload();
    expect(await (await waitFor(page, 'reporting-sent')).textContent()).toContain('biên nhận BC-E2E-1');
    expect(await page.getByTestId('reporting-aggregate').textContent()).toBe('Đã gửi Hệ thống báo cáo Chính phủ');
  }, 120_000);
});
