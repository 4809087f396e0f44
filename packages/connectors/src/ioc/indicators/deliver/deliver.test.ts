import { describe, expect, it } from 'vitest';
import { useHarness } from '../../../testing/harness.js';
import { memoryIocStore } from '../../../testing/ioc-memory.js';
import { examples } from './examples.js';
import { iocIndicatorsDeliver } from './index.js';

type IocState = { observations: Map<string, { indicatorCode: string; areaCode: string; period: string; value: number; revision: number }> };

describe('ioc:indicators:deliver', () => {
  const h = useHarness();
  const store = memoryIocStore();
  const run = (input: Record<string, unknown>, key?: string) => iocIndicatorsDeliver.createActivity({ ...h().deps, ioc: store })(
    { input, idempotencyKey: key ?? `run-${Math.random()}/deliver`, credentialId: 'ioc' }) as Promise<Record<string, unknown>>;
  const stored = (areaCode: string, period: string) => [...h().sim.state<IocState>('ioc', () => ({ observations: new Map() })).observations.values()]
    .filter((o) => o.areaCode === areaCode && o.period === period).map((o) => [o.revision, o.value]);

  it.each(examples.map((e) => [e.name, e] as const))('%s', async (_n, e) => {
    expect(await run(e.input)).toMatchObject(e.output ?? {});
  });

  it('while the IOC is down the values wait in the outbox, checked against the set it gave before; back up, they arrive in revision order', async () => {
    const obs = (value: number) => ({ observations: [{ indicatorCode: 'GT.TAINAN.SOVU', areaCode: '21451', period: '2026-10', value, unit: 'vụ' }] });
    h().sim.faults.set('ioc.pushObservations', { status: 503 });
    h().sim.faults.set('ioc.getIndicatorSet', { status: 503 });
    for (const [i, v] of [4, 5, 6].entries()) await expect(run(obs(v), `run-out-${i}/deliver`)).rejects.toMatchObject({ code: 'CONNECTOR_UNAVAILABLE', retryable: true });
    expect(store.outbox.filter((r) => r.areaCode === '21451').map((r) => [r.revision, r.value, r.state])).toEqual([[1, 4, 'pending'], [2, 5, 'pending'], [3, 6, 'pending']]);
    expect(stored('21451', '2026-10')).toEqual([]);
    h().sim.faults.clear();
    // The first step's retry sends the whole backlog, oldest first; the others' retries find nothing left.
    expect(await run(obs(4), 'run-out-0/deliver')).toMatchObject({ queuedCount: 1, delivered: 3, rejected: [] });
    expect(await run(obs(6), 'run-out-2/deliver')).toMatchObject({ queued: [{ revision: 3 }], delivered: 0 });
    expect(stored('21451', '2026-10')).toEqual([[1, 4], [2, 5], [3, 6]]);
  });
});
