import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { reportAssignments, type ReportIndicator } from '@lienthong/db';
import { startTimeSkippingPlatform, until, type TimeSkippingPlatform } from '../helpers/time-skipping.js';

// Issue 21 (7.c step 3) on Temporal's time-skipping test server: a unit's child run (examples/bao-cao-xa-day-du.json)
// reminds the unit at D−3, D−1 and D (08:00 Vietnam time) and, at the deadline, flags the assignment overdue and
// escalates to the lead agency; a unit whose report is approved first is never reminded. Weeks pass in seconds.
// Then the regimes imported from the reporting system's list.

const example = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../examples/${name}.json`, import.meta.url), 'utf8'));
const LEAD = '000.00.04.H55';
const LATE = '000.01.31.H55';
const EARLY = '000.02.31.H55';
const indicators: ReportIndicator[] = [{ code: 'A01', name: 'Hồ sơ tiếp nhận', unit: 'ho-so', type: 'number', aggregation: 'sum', required: true, min: 0 }];

describe('a unit\'s reminders and overdue flag, on Temporal\'s clock', () => {
  let p: TimeSkippingPlatform;
  beforeAll(async () => {
    p = await startTimeSkippingPlatform();
    await p.publish(example('bao-cao-xa-day-du'));
  });
  afterAll(async () => { await p?.stop(); });

  it('reminds at D−3, D−1 and D, then flags overdue and escalates; an approved unit hears nothing', async () => {
    const r = p.services.reporting;
    await r.regimes.save({ code: 'BC-NHAC-HAN', name: { vi: 'Báo cáo thử nhắc hạn', en: 'Reminder test report' }, kind: 'periodic', leadAgencyCode: LEAD,
      frequency: 'month', templateVersion: '1', indicators, unitScope: [LATE, EARLY], reviewDueAt: new Date('2027-12-31T00:00:00Z') }, { type: 'platform', id: 'platform:test' });
    const period = await r.cycle.openPeriod({ regimeCode: 'BC-NHAC-HAN', periodLabel: '2027-01', runId: 'run-test' });
    expect(period.deadline).toBe('2027-01-20T10:00:00.000Z');
    const start = async (unitCode: string) => (await p.request('POST', '/api/v1/flows/bao-cao-xa-day-du/runs?wait=0s', { periodId: period.periodId, unitCode })).body.runId as string;
    const late = await start(LATE);
    const early = await start(EARLY);
    const assignmentOf = async (unit: string) => (await until(() => p.db.db.select().from(reportAssignments).where(eq(reportAssignments.unitCode, unit)), (rows) => rows.length === 1))[0];
    const e = await assignmentOf(EARLY);
    await assignmentOf(LATE);
    await r.submit({ assignmentId: e?.id as string, values: { A01: 12 } }, { type: 'user', id: 'user:xa-2', agency: EARLY });
    await r.review({ assignmentId: e?.id as string, decision: 'approve' }, { type: 'user', id: 'user:lanh-dao', agency: LEAD });
    const earlyDone = await until(() => p.request('GET', `/api/v1/runs/${early}`), (x) => x.body?.status !== 'running');
    expect(earlyDone.body).toMatchObject({ status: 'completed', output: { unitCode: EARLY, approved: true, overdue: false } });

    await p.skip(60 * 86_400_000); // past 20 January 2027
    const lateDone = await until(() => p.request('GET', `/api/v1/runs/${late}`), (x) => x.body?.status !== 'running');
    expect(lateDone.body).toMatchObject({ status: 'completed', output: { unitCode: LATE, approved: false, overdue: true } });
    expect((await assignmentOf(LATE))).toMatchObject({ overdue: true, reminders: ['D-3', 'D-1', 'D', 'escalated'] });
    expect((await assignmentOf(EARLY))).toMatchObject({ overdue: false, reminders: [] });
    await p.services.audit.flush();
    const audit = await p.services.audit.search({ limit: 1000 });
    expect(audit.filter((a) => a.action === 'reporting.reminded').map((a) => a.detail.point).sort()).toEqual(['D', 'D-1', 'D-3']);
    expect(audit.filter((a) => a.action === 'reporting.overdue').map((a) => a.detail)).toEqual([expect.objectContaining({ unitCode: LATE, escalatedTo: LEAD })]);
    const progress = await r.progress(period.periodId);
    expect([progress.totals.overdue, progress.totals.byState.approved, progress.totals.byState.draft]).toEqual([1, 1, 1]);
  }, 120_000);

  it('imports the reporting system\'s regimes as data: its kind, lead agency and frequency; the province\'s template and units kept', async () => {
    const r = p.services.reporting;
    const items = [
      { code: 'BC-NHAC-HAN', name: 'Báo cáo thử nhắc hạn', kind: 'thematic' as const, leadAgencyCode: LEAD, frequency: 'quarter' },
      { code: 'BC-DOT-XUAT', name: 'Báo cáo đột xuất', kind: 'adhoc' as const, leadAgencyCode: LEAD, frequency: 'adhoc' },
    ];
    expect(await r.cycle.importRegimes({ items })).toEqual({ imported: 2 });
    const list = await r.regimes.list();
    expect(list.find((x) => x.code === 'BC-NHAC-HAN')).toMatchObject({ kind: 'thematic', frequency: 'quarter', source: 'national', unitScope: [LATE, EARLY], indicators });
    expect(list.find((x) => x.code === 'BC-DOT-XUAT')).toMatchObject({ kind: 'adhoc', frequency: 'adhoc', source: 'national', unitScope: [], reviewOverdue: false });
  });
});
