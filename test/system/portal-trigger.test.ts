import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DVCQG_PORTAL_PATH, IOC_PATH, simAccounts } from '@lienthong/simulators';
import { useTestPlatform } from '../helpers/suite.js';
import { waitFor } from '../helpers/wait.js';

// Poll triggers: the DVCQG portal's new and updated dossiers start the dossier-routing flow, the IOC's new feedback
// items start the feedback flow, each exactly once, through the run path every run takes (runs row, audit, keys).
const example = (name: string) => JSON.parse(readFileSync(new URL(`../../examples/${name}.json`, import.meta.url), 'utf8')) as { key: string; nodes: Record<string, unknown> };
const ROUTING = 'dieu-phoi-ho-so-cong';
const FEEDBACK = 'phan-anh-kien-nghi-ioc';

function routingFlow(every = '5s'): unknown {
  const doc = example('dieu-phoi-ho-so');
  doc.key = ROUTING;
  doc.nodes.start = { kind: 'trigger', trigger: { type: 'poll', source: 'dvcqg.dossiers', credentialId: 'ngsp-adapter', every,
    input: "{ 'dossierNo': $input.MaHoSo, 'procedureCode': $input.MaTTHC, 'procedureName': $input.TenTTHC, 'applicantName': $input.ChuHoSo, 'receivedAt': $input.NgayTiepNhan, 'dueAt': $input.NgayHenTra, 'handlingAgencyCode': $input.DonViXuLy }" } };
  return doc;
}

function feedbackFlow(): unknown {
  const doc = example('phan-anh-kien-nghi');
  doc.key = FEEDBACK;
  doc.nodes.start = { kind: 'trigger', trigger: { type: 'poll', source: 'ioc.feedback', credentialId: 'ioc', every: '5s',
    input: "{ 'feedbackId': $input.id, 'category': $input.category, 'communeCode': $input.location.communeCode, 'content': $input.content, 'receivedAt': $input.receivedAt }" } }; // the IOC item's fields
  return doc;
}

const dossier = (no: string, state = '1') => ({ MaHoSo: no, MaTTHC: '1.001193.000.00.00.H48', TenTTHC: 'Đăng ký khai sinh', ChuHoSo: 'NGUYỄN VĂN AN', LoaiDoiTuong: '1',
  NgayTiepNhan: '20260115080000', NgayHenTra: '20260116170000', TrangThaiHoSo: state, DonViXuLy: '000.25.94.H48' });


describe('poll triggers', () => {
  const p = useTestPlatform();

  const pollRows = async (flowKey: string) => (await p.services.runs.list({ flowKey })).filter((r) => r.trigger === 'poll');
  /** Polls now and waits until that poll is done. */
  async function pollOnce(flowKey: string): Promise<void> {
    const before = (await p.services.triggers.poll.state(flowKey))?.polls ?? 0;
    await p.services.triggers.poll.pollNow(flowKey);
    await waitFor(`${flowKey} polled`, async () => (await p.services.triggers.poll.state(flowKey))?.polls ?? 0, (n) => n > before);
  }
  const submitOnPortal = (d: Record<string, unknown>) => fetch(`${p.simulators?.url ?? ''}${DVCQG_PORTAL_PATH}/dossiers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(d) });

  beforeAll(async () => {
    for (const doc of [routingFlow(), feedbackFlow()]) {
      const pub = await p.request('POST', '/api/v1/flows', doc);
      expect(pub.status, JSON.stringify(pub.body)).toBe(201);
    }
    // Each poller's first poll takes its source's head: what arrives from now on starts runs, not the backlog.
    for (const key of [ROUTING, FEEDBACK]) await waitFor(`${key} poller started`, () => p.services.triggers.poll.state(key), (s) => s?.cursor !== undefined);
  });
  afterAll(async () => {
    for (const key of [ROUTING, FEEDBACK]) await p.services.triggers.poll.stop(key).catch(() => undefined);
  });

  it('a dossier submitted on the DVCQG portal starts the routing flow once; its update starts it once more; polling again starts nothing', async () => {
    expect((await submitOnPortal(dossier('000.25.94.H48-260115-0101'))).status).toBe(201);
    await pollOnce(ROUTING);
    const [first] = await waitFor('the routing run', () => pollRows(ROUTING), (rows) => rows.length >= 1);
    expect(first?.idempotencyKey).toBe('poll:dvcqg.dossiers:000.25.94.H48-260115-0101@1');
    expect(first?.caller).toBe('system:trigger');
    expect(first?.businessKeys).toEqual({ dossierNo: '000.25.94.H48-260115-0101' });
    // The run does the routing's real work: it syncs the dossier back to the portal (a change the poller is not told of).
    const view = await waitFor('the run at its first wait', () => p.request('GET', `/api/v1/runs/${first?.runId ?? ''}`), (r) => r.body.nodes?.tiep_nhan?.status === 'succeeded');
    expect(view.body.status).toBe('running');

    await pollOnce(ROUTING);
    await pollOnce(ROUTING);
    expect(await pollRows(ROUTING)).toHaveLength(1);

    // The citizen amends the dossier: its new version (after the province's own sync, version 2) is one more run.
    const amended = await submitOnPortal(dossier('000.25.94.H48-260115-0101', '5'));
    const { PhienBan } = await amended.json() as { PhienBan: number };
    expect(PhienBan).toBe(3);
    await pollOnce(ROUTING);
    const rows = await waitFor('the update run', () => pollRows(ROUTING), (r) => r.length >= 2);
    expect(rows.map((r) => r.idempotencyKey).sort()).toEqual(['poll:dvcqg.dossiers:000.25.94.H48-260115-0101@1', 'poll:dvcqg.dossiers:000.25.94.H48-260115-0101@3']);

    // A poll that reads the same page again (a retried activity after a crash) finds the runs it started: none new.
    const again = await p.services.triggers.poll.activities.triggerPoll({ flowKey: ROUTING, cursor: { source: 'dvcqg.dossiers', value: '0' } });
    expect(again).toMatchObject({ active: true, started: 0 });
    expect(await pollRows(ROUTING)).toHaveLength(2);

    const audit = await p.request('GET', `/api/v1/audit?action=runs.start&flowKey=${ROUTING}`);
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).toContain('system:trigger');
  });

  it('a feedback item received by the IOC starts the feedback flow once, which verifies and assigns it in the IOC', async () => {
    const headers = { 'content-type': 'application/json', 'x-api-key': simAccounts.ioc.apiKey };
    const created = await fetch(`${p.simulators?.url ?? ''}${IOC_PATH}/feedback`, { method: 'POST', headers,
      body: JSON.stringify({ channel: 'app', category: 'ha_tang_do_thi', content: 'Ổ gà trên đường Quang Trung', location: { communeCode: '21025' } }) });
    const { id } = await created.json() as { id: string };
    await pollOnce(FEEDBACK);
    const [row] = await waitFor('the feedback run', () => pollRows(FEEDBACK), (rows) => rows.length >= 1);
    expect(row?.idempotencyKey).toBe(`poll:ioc.feedback:${id}`);
    const item = await waitFor('the item assigned in the IOC', async () => (await (await fetch(`${p.simulators?.url ?? ''}${IOC_PATH}/feedback/${id}`, { headers })).json()) as { status: string },
      (f) => f.status === 'assigned');
    expect(item.status).toBe('assigned');
    await pollOnce(FEEDBACK);
    await pollOnce(FEEDBACK);
    expect(await pollRows(FEEDBACK)).toHaveLength(1);
  });

  it('the triggers list shows each poller where it stands; a poll interval under 5 s is refused at publish, located', async () => {
    const list = await p.request('GET', '/api/v1/triggers');
    expect(list.status).toBe(200);
    const routing = (list.body as { flowKey: string; poller?: { polls: number; started: number } }[]).find((t) => t.flowKey === ROUTING);
    expect(routing).toMatchObject({ type: 'poll', source: 'dvcqg.dossiers', credentialId: 'ngsp-adapter', everyMs: 5000 });
    expect(routing?.poller?.started).toBe(2);

    const bad = await p.request('POST', '/api/v1/flows', { ...(routingFlow('1s') as object), key: 'dieu-phoi-qua-nhanh' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('FLOW_COMPILE_POLL_EVERY');
    expect(bad.body.error.where).toMatchObject({ nodeId: 'start', pointer: '/nodes/start/trigger/every' });
    expect(bad.body.error.message.vi).toContain('từ 5 giây đến 1 ngày');
  });
});
