import { describe, expect, it } from 'vitest';
import { useTestPlatform } from '../helpers/suite.js';
import { waitFor } from '../helpers/wait.js';

// DOMAIN §7.d, R-31 (issue 21, Done-when 4): indicator pushes made while the IOC is down wait in the platform's outbox and
// reach the IOC in revision order once it is back — none lost, none stored twice (docs/decisions/0014-ioc-indicator-outbox.md).
// examples/ioc-chi-so.json as `npm start` publishes it; the IOC simulator's outage is fault injection (HTTP 503).

const FLOW = 'ioc-chi-so';
const DAY = '2026-12-04';
interface Observation { id: string; indicatorCode: string; areaCode: string; period: string; value: number; revision: number }

describe('IOC indicator pushes through an IOC outage (examples/ioc-chi-so.json)', () => {
  const p = useTestPlatform();
  /** What the IOC stored for the series, in the order it arrived. */
  const stored = (areaCode: string) => [...(p.simulators?.state<{ observations: Map<string, Observation> }>('ioc', () => ({ observations: new Map() })).observations.values() ?? [])]
    .filter((o) => o.indicatorCode === 'HC.HOSO.TIEPNHAN.NGAY' && o.areaCode === areaCode && o.period === DAY);
  const push = async (counts: { communeCode: string; count: number }[]) => {
    const r = await p.request('POST', `/api/v1/flows/${FLOW}/runs?wait=0s`, { date: DAY, counts });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    return r.body.runId as string;
  };
  const outbox = async () => (await p.services.ioc.store.outbox()).filter((r) => r.period === DAY);
  const ended = (runId: string) => waitFor(`run ${runId} ends`, () => p.request('GET', `/api/v1/runs/${runId}`), (r) => r.body?.status !== 'running', 180_000);

  it('three corrections pushed while the IOC is down arrive after it returns, in revision order, each once', async () => {
    // With the IOC up: the day's first count is revision 1 (and the platform keeps the indicator set the IOC gave).
    const first = await ended(await push([{ communeCode: '21025', count: 10 }, { communeCode: '21028', count: 3 }]));
    expect(first.body).toMatchObject({ status: 'completed', output: { accepted: 2, rejected: 0, revisions: [1, 1] } });

    // The IOC goes down; the one-stop shop corrects the day's count three times.
    p.simulators?.faults.set('ioc.pushObservations', { status: 503 });
    p.simulators?.faults.set('ioc.getIndicatorSet', { status: 503 });
    const runs: string[] = [];
    for (const [i, count] of [11, 12, 13].entries()) {
      runs.push(await push([{ communeCode: '21025', count }]));
      // Queued (durably, revision-stamped) before the next correction is made; nothing reached the IOC.
      await waitFor(`correction ${i + 1} queued`, outbox, (rows) => rows.filter((r) => r.state === 'pending').length === i + 1);
    }
    expect((await outbox()).filter((r) => r.areaCode === '21025').map((r) => [r.revision, r.value, r.state]))
      .toEqual([[1, 10, 'delivered'], [2, 11, 'pending'], [3, 12, 'pending'], [4, 13, 'pending']]);
    expect(stored('21025').map((o) => o.revision)).toEqual([1]);
    for (const runId of runs) expect((await p.request('GET', `/api/v1/runs/${runId}`)).body.status).toBe('running');

    // The IOC returns: the steps' retries drain the outbox oldest first.
    p.simulators?.faults.clear();
    for (const [i, runId] of runs.entries()) {
      expect((await ended(runId)).body).toMatchObject({ status: 'completed', output: { accepted: 1, rejected: 0, revisions: [i + 2] } });
    }
    // In revision order, each once, the latest value in force; nothing left waiting.
    expect(stored('21025').map((o) => [o.revision, o.value])).toEqual([[1, 10], [2, 11], [3, 12], [4, 13]]);
    expect(stored('21028').map((o) => [o.revision, o.value])).toEqual([[1, 3]]);
    expect((await outbox()).every((r) => r.state === 'delivered')).toBe(true);
  }, 300_000); // the steps' retries back off (1 s, doubling) while the IOC is down: on a loaded machine the next one may be a minute away
});
