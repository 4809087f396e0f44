import { describe, expect, it } from 'vitest';
import { exampleTests, faultTests, noSecretLeakTest, useHarness } from '../../../testing/harness.js';
import { pushIndicators } from './index.js';

let day = 0;
/** A fresh series point per call (a second push of the same revision would be STALE_REVISION). */
const one = () => ({ observations: [{ indicatorCode: 'HC.HOSO.TIEPNHAN.NGAY', areaCode: '21172', period: `2026-02-${String((day += 1)).padStart(2, '0')}`, value: 5, unit: 'hồ sơ' }] });
type IocState = { observations: Map<string, unknown> };

describe('ioc:indicators:push and getSet', () => {
  const h = useHarness();
  const stored = () => h().sim.state<IocState>('ioc', () => ({ observations: new Map() })).observations.size;
  exampleTests(h, pushIndicators);
  faultTests(h, { mod: pushIndicators, input: one, operation: 'ioc.pushObservations' });

  it('a failAfterApply 503 followed by the retry stores each observation exactly once', async () => {
    const batch = { observations: Array.from({ length: 50 }, (_, i) => ({ indicatorCode: 'GD.HS.CHUYENCAN', areaCode: '21451', period: `2026-03-${i}`, value: 95, unit: '%' })) };
    const before = stored();
    h().sim.faults.set('ioc.pushObservations', { failAfterApply: true, status: 503, count: 1 });
    await expect(h().run(pushIndicators, batch, { key: 'run-ioc/push' })).rejects.toMatchObject({ code: 'CONNECTOR_UNAVAILABLE' });
    const out = await h().run(pushIndicators, batch, { key: 'run-ioc/push' });
    expect(out).toMatchObject({ acceptedCount: 50, rejectedCount: 0 });
    expect((out.accepted as { duplicate?: boolean }[]).every((a) => a.duplicate === true)).toBe(true);
    expect(stored() - before).toBe(50);
  });

  it('a correction is a new revision; resending an old revision is refused as stale', async () => {
    const obs = { indicatorCode: 'GT.TAINAN.SOVU', areaCode: '21439', period: '2026-01', value: 4, unit: 'vụ' };
    expect(await h().run(pushIndicators, { observations: [obs] })).toMatchObject({ acceptedCount: 1 });
    expect(await h().run(pushIndicators, { observations: [{ ...obs, value: 5, revision: 2 }] })).toMatchObject({ acceptedCount: 1 });
    expect(await h().run(pushIndicators, { observations: [{ ...obs, value: 6, revision: 2 }] })).toMatchObject({ rejected: [{ index: 0, code: 'STALE_REVISION', indicatorCode: 'GT.TAINAN.SOVU' }] });
  });

  it('more than 500 observations are refused before sending', async () => {
    const big = { observations: Array.from({ length: 501 }, () => one().observations[0]) };
    expect(await h().fail(pushIndicators, big)).toMatchObject({ code: 'CONNECTOR_INPUT_INVALID', retryable: false });
  });

  noSecretLeakTest(h);
});
