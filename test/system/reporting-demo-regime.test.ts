import { afterAll, describe, expect, it } from 'vitest';
import { useTestPlatform } from '../helpers/suite.js';
import { waitFor } from '../helpers/wait.js';

// Issue 21 leftover 1: on a fresh install (the platform started the way `npm start` starts it) the example
// tong-hop-bao-cao-day-du's regime exists, so its schedule, fired now, opens the current period and assigns it instead
// of ending with REPORT_REGIME_NOT_FOUND; a regime an admin changed is never overwritten by the next start's seed.

const FLOW = 'tong-hop-bao-cao-day-du';
const REGIME = 'BC-KTXH-THANG';
type Regime = { code: string; leadAgencyCode: string; frequency: string; source: string; indicators: number; units: number };

describe('the demo reporting regime on a fresh install', () => {
  const p = useTestPlatform();
  const started: string[] = [];
  afterAll(async () => {
    // The example's schedule and the run it started would outlive this platform on the shared dev server.
    for (const runId of started) await p.request('POST', `/api/v1/runs/${encodeURIComponent(runId)}/cancel`, {}).catch(() => undefined);
    await p.services.schedules.remove(FLOW).catch(() => undefined);
  });
  const regimes = async () => (await p.request('GET', '/api/v1/reporting/regimes')).body.regimes as Regime[];

  it('is seeded at start; the roll-up fired by its schedule opens the period and assigns it; an edited regime survives a restart\'s seed', async () => {
    expect((await regimes()).find((r) => r.code === REGIME)).toMatchObject({ leadAgencyCode: '000.00.92.H48', frequency: 'month', source: 'local', indicators: 5, units: 1 });

    // The schedule, fired now, computes its input the way it will on the 15th: the regime and this month's label.
    await p.services.schedules.trigger(FLOW);
    const runs = await waitFor('the scheduled run', () => p.request('GET', `/api/v1/runs?flowKey=${FLOW}&trigger=schedule`), (r) => (r.body.runs ?? []).length > 0);
    const runId = (runs.body.runs as { runId: string }[])[0]?.runId as string;
    started.push(runId);
    const periods = await waitFor('the period opened', () => p.request('GET', `/api/v1/reporting/periods?regimeCode=${REGIME}`), (r) => (r.body.periods ?? []).length === 1);
    const period = periods.body.periods[0] as { periodId: string; label: string };
    expect(period.label).toMatch(/^\d{4}-\d{2}$/);
    const progress = await waitFor('the unit assigned', () => p.request('GET', `/api/v1/reporting/periods/${period.periodId}/progress`), (r) => r.body.units?.length === 1);
    expect(progress.body.units[0]).toMatchObject({ unitCode: '000.25.94.H48', state: 'draft' });
    const run = (await p.request('GET', `/api/v1/runs/${encodeURIComponent(runId)}`)).body as { status: string; error?: { code: string } };
    expect([run.status, run.error?.code ?? null]).toEqual(['running', null]); // waiting for the commune's report, not failed

    // An admin widens the scope; the seed of the next start leaves it as it is.
    const edited = await p.request('POST', '/api/v1/reporting/regimes', { code: REGIME, name: { vi: 'Báo cáo KT-XH tháng', en: 'Monthly report' }, kind: 'periodic',
      leadAgencyCode: '000.00.92.H48', frequency: 'month', templateVersion: '2', unitScope: ['000.25.94.H48', '000.00.91.H48'], reviewDueAt: '2027-12-31T00:00:00Z',
      indicators: [{ code: 'A01', name: 'Hồ sơ tiếp nhận', unit: 'ho-so', type: 'number', aggregation: 'sum', required: true, min: 0 }] });
    expect(edited.status).toBe(200);
    expect(await p.services.reporting.regimes.ensureDemo()).toBe(false);
    expect((await regimes()).find((r) => r.code === REGIME)).toMatchObject({ indicators: 1, units: 2 });
  }, 90_000);
});
