import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { screenshot, useBrowserPlatform, waitFor } from './browser.js';
import { newUser, signIn } from './sign-in.js';

// Issue 21 DW5 (the IOC half) in the browser: the "Thống kê IOC" screen shows the quarter's feedback statistics and
// its numbers equal counts straight from the register; a unit's officer sees only its own unit. The register is filled
// through the store the feedback flow writes with (the whole flow is test/system/ioc-feedback.test.ts).

const CAM_THANH = '000.25.94.H48';
const VP = '000.00.92.H48';
const H = 3_600_000;

describe('the IOC statistics screen in headless Chromium', () => {
  const e2e = useBrowserPlatform();

  it('the quarter\'s counts and survey average equal the register\'s; a unit sees its own', async () => {
    const { p } = e2e;
    const store = p.services.ioc.store;
    const now = Date.now();
    const items = [
      { unit: CAM_THANH, category: 'ha_tang_do_thi', late: false, score: 5 },
      { unit: CAM_THANH, category: 'ha_tang_do_thi', late: true, score: 2 },
      { unit: CAM_THANH, category: 'moi_truong', late: false, score: null },
      { unit: VP, category: 'an_ninh_trat_tu', late: false, score: 4 },
      { unit: VP, category: 'hanh_chinh', late: null, score: null }, // assigned, not answered yet
    ];
    for (const [i, it] of items.entries()) {
      const feedbackId = `PAKN-2026-${String(900 + i).padStart(6, '0')}`;
      const receivedAt = new Date(now - 6 * H + i * 60_000);
      await store.recordFeedback({ feedbackId, status: 'received', at: receivedAt, receivedAt, content: `Phản ánh số ${i}`, category: it.category, communeCode: '21025' }, 72);
      await store.recordFeedback({ feedbackId, status: 'verified', at: receivedAt }, 72);
      await store.recordFeedback({ feedbackId, status: 'assigned', at: receivedAt, unitCode: it.unit, dueAt: new Date(now - 2 * H) }, 72);
      if (it.late === null) continue;
      await store.recordFeedback({ feedbackId, status: 'answered', at: new Date(now - (it.late ? 1 : 3) * H) }, 72);
      if (it.score !== null) await store.recordFeedback({ feedbackId, status: 'surveyed', at: new Date(), surveyScore: it.score }, 72);
      await store.recordFeedback({ feedbackId, status: 'closed', at: new Date() }, 72);
    }
    // And a duplicate, rejected.
    const dupAt = new Date(now - 5 * H);
    await store.recordFeedback({ feedbackId: 'PAKN-2026-000999', status: 'received', at: dupAt, receivedAt: dupAt, content: 'Phản ánh số 0', category: 'ha_tang_do_thi', communeCode: '21025' }, 72);
    await store.recordFeedback({ feedbackId: 'PAKN-2026-000999', status: 'rejected', at: dupAt, reason: 'Trùng', duplicateOf: 'PAKN-2026-000900' }, 72);

    const [db] = (await p.db.db.execute(sql`select count(*)::int as received, count(verified_at)::int as verified, count(rejected_at)::int as rejected,
      count(*) filter (where answered_at <= due_at)::int as "answeredOnTime", count(*) filter (where answered_at > due_at)::int as "answeredLate",
      count(closed_at)::int as closed, avg(survey_score)::float as survey from ioc_feedback`)).rows as Record<string, number>[];
    expect(db).toEqual({ received: 6, verified: 5, rejected: 1, answeredOnTime: 3, answeredLate: 1, closed: 4, survey: (5 + 2 + 4) / 3 });

    const value = async (page: Awaited<ReturnType<typeof signIn>>, c: string) => (await page.getByTestId(`ioc-total-${c}`).locator('.ant-statistic-content-value').textContent()) ?? '';
    const admin = await signIn(e2e.browser, p, 'admin', p.adminPassword, '/ioc');
    await waitFor(admin, 'ioc-rows');
    await admin.getByText('an_ninh_trat_tu', { exact: true }).waitFor();
    for (const c of ['received', 'verified', 'rejected', 'answeredOnTime', 'answeredLate', 'closed']) expect(Number(await value(admin, c)), c).toBe(db?.[c]);
    expect(Number((await value(admin, 'survey')).replace(',', '.'))).toBeCloseTo(db?.survey ?? 0, 2);
    await screenshot(admin, 'console-ioc-vi');

    const unit = await signIn(e2e.browser, p, 'can-bo-pakn', await newUser(p, 'can-bo-pakn', [{ role: 'officer', agency: CAM_THANH }]), '/ioc');
    await waitFor(unit, 'ioc-rows');
    await unit.getByText('moi_truong', { exact: true }).waitFor();
    expect(Number(await value(unit, 'received'))).toBe(3);
    expect(await unit.getByText('an_ninh_trat_tu', { exact: true }).count()).toBe(0);
  }, 120_000);
});
