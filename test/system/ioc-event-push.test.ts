import { describe, expect, it } from 'vitest';
import { webhookSignature } from '@lienthong/observability';
import { useTestPlatform } from '../helpers/suite.js';
import { waitFor } from '../helpers/wait.js';

// DOMAIN §7.d, R-31 "immediately on change" (issue 21): examples/ioc-chi-so-su-kien.json as `npm start` publishes it. The
// one-stop shop's signed webhook for each dossier received starts a push of the commune's count of the day; each change is
// the series' next revision, through the same outbox as the scheduled push.

const FLOW = 'ioc-chi-so-su-kien';
const DAY = '2026-12-03';
interface Observation { indicatorCode: string; areaCode: string; period: string; value: number; revision: number }

describe('an IOC indicator pushed on a source event (examples/ioc-chi-so-su-kien.json)', () => {
  const p = useTestPlatform();

  it('each dossier received pushes the commune\'s count of the day as the next revision; the IOC holds them in order', async () => {
    const made = await p.request('POST', `/api/v1/triggers/${FLOW}/webhook-secret`, {});
    expect(made.status, made.text).toBe(200);
    const { secret, path } = made.body as { secret: string; path: string };
    const runs: string[] = [];
    for (const [i, count] of [5, 6].entries()) {
      const body = JSON.stringify({ soHoSo: `000.25.94.H48-261203-00${i + 1}0`, maXa: '21172', ngay: DAY, soHoSoTiepNhanTrongNgay: count });
      const r = await p.requestAs(null, 'POST', path, body, { 'content-type': 'application/json', 'x-lt-signature': webhookSignature(secret, body, Math.floor(Date.now() / 1000)), 'x-lt-delivery': `mc-su-kien-${i}` });
      expect(r.status, r.text).toBe(202);
      runs.push(r.body.runId as string);
      const done = await waitFor('the push ends', () => p.request('GET', `/api/v1/runs/${r.body.runId as string}`), (x) => x.body?.status !== 'running', 60_000);
      expect(done.body).toMatchObject({ status: 'completed', output: { communeCode: '21172', date: DAY, revision: i + 1, rejected: 0 } });
    }
    const held = [...(p.simulators?.state<{ observations: Map<string, Observation> }>('ioc', () => ({ observations: new Map() })).observations.values() ?? [])]
      .filter((o) => o.areaCode === '21172' && o.period === DAY).map((o) => [o.revision, o.value]);
    expect(held).toEqual([[1, 5], [2, 6]]);
  });
});
