import { describe, expect, it } from 'vitest';
import { webhookSignature } from '@lienthong/observability';
import { useTestPlatform } from '../helpers/suite.js';
import { sessionOfNewUser } from '../helpers/users.js';
import { waitFor } from '../helpers/wait.js';

// DOMAIN §7.d "requestData starts a one-off flow" (issue 21): examples/ioc-yeu-cau-du-lieu.json as `npm start` publishes it.
// The IOC's signed request for an on-request indicator starts one run; the owning agency's officer enters the value in the
// task inbox; it is validated against the indicator set and delivered through the outbox.

const FLOW = 'ioc-yeu-cau-du-lieu';
const OWNER = '000.00.00.H48';
interface Observation { indicatorCode: string; areaCode: string; period: string; value: number; revision: number }

describe('the IOC asks for data (examples/ioc-yeu-cau-du-lieu.json)', () => {
  const p = useTestPlatform();

  it('one request, one run: the owner\'s officer provides the value and the IOC receives it', async () => {
    const made = await p.request('POST', `/api/v1/triggers/${FLOW}/webhook-secret`, {});
    expect(made.status, made.text).toBe(200);
    const { secret, path } = made.body as { secret: string; path: string };
    const body = JSON.stringify({ requestId: 'REQ-2026-0042', indicatorCode: 'GD.HS.CHUYENCAN', period: '2026-11', areaCode: '21028', ownerAgencyCode: OWNER });
    const send = (delivery: string, t: number) => p.requestAs(null, 'POST', path, body, { 'content-type': 'application/json', 'x-lt-signature': webhookSignature(secret, body, t), 'x-lt-delivery': delivery });
    const now = Math.floor(Date.now() / 1000);
    const first = await send('REQ-2026-0042', now);
    expect(first.status, first.text).toBe(202);
    // The IOC sends the same request again: the same run, not a second one.
    expect((await send('REQ-2026-0042', now - 1)).body).toMatchObject({ runId: first.body.runId, replayed: true });
    const runId = first.body.runId as string;

    const officer = await sessionOfNewUser(p, 'can-bo-so-gd', [{ role: 'officer', agency: OWNER }]);
    const task = await waitFor('the task', async () => ((await p.requestAs(officer, 'GET', '/api/v1/tasks?box=agency&state=open')).body.tasks as { taskId: string; runId: string }[])
      .find((x) => x.runId === runId), (x) => x !== undefined, 60_000);
    const full = await p.requestAs(officer, 'GET', `/api/v1/tasks/${task?.taskId ?? ''}`);
    expect(full.body.context).toMatchObject({ requestId: 'REQ-2026-0042', indicatorCode: 'GD.HS.CHUYENCAN', unit: '%', areaCode: '21028' });
    expect((await p.requestAs(officer, 'POST', `/api/v1/tasks/${task?.taskId ?? ''}/decision`, { value: 96.5 })).status).toBe(200);

    const done = await waitFor('the run ends', () => p.request('GET', `/api/v1/runs/${runId}`), (r) => r.body?.status !== 'running', 60_000);
    expect(done.body).toMatchObject({ status: 'completed', output: { requestId: 'REQ-2026-0042', status: 'delivered', revision: 1 } });
    const held = [...(p.simulators?.state<{ observations: Map<string, Observation> }>('ioc', () => ({ observations: new Map() })).observations.values() ?? [])]
      .filter((o) => o.indicatorCode === 'GD.HS.CHUYENCAN' && o.areaCode === '21028' && o.period === '2026-11').map((o) => [o.revision, o.value]);
    expect(held).toEqual([[1, 96.5]]);
  });
});
