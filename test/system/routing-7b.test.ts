import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it, inject } from 'vitest';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { connectClient, EncryptionCodec, payloadKeyFromMaster } from '@lienthong/temporal';
// The clock arithmetic itself (pure, not exported by the services package's entry point).
import { addClockTime, clockTimeBetween } from '../../packages/services/src/tasks/sla.js';
import { mailboxOf } from '@lienthong/simulators';
import { useTestPlatform } from '../helpers/suite.js';
import { sessionOfNewUser } from '../helpers/users.js';
import type { TestPlatform } from '../helpers/platform.js';

// DOMAIN §7.b at full depth (issue 18, Done-when 1, 2 without time-skipping, 5): the example flow dieu-phoi-ho-so as
// `npm start` publishes it, on the real platform and simulators. A dossier the routing table cannot place is the
// dispatcher's task; the decision routes it, the LGSP exchange sends it, the portal hears every transition; a supplement
// request stops the SLA clock until the citizen resubmits (the pause recorded, the deadline moved by it); an edXML 02
// refusal re-routes the dossier and tells the portal and the citizen.

const VP = '000.00.92.H48'; // Văn phòng UBND tỉnh: the dispatchers
const CAM_THANH = '000.25.94.H48';
const TU_PHAP = '000.00.91.H48';
const FLOW = 'dieu-phoi-ho-so';

const dossier = (n: number, communeCode: string, email: string) => ({
  dossierNo: `000.25.94.H48-261206-${String(n).padStart(4, '0')}`, procedureCode: '1.001193.000.00.00.H48', procedureName: 'Đăng ký khai sinh',
  applicantName: 'Nguyễn Văn An', applicantEmail: email, communeCode, receivedAt: '20261204083000', components: ['to-khai.pdf'],
});

interface Task { taskId: string; runId: string; nodeId: string; state: string; agency: string; dueAt: string; createdAt: string; decidedAt: string | null; lateMs: number }

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** What the DVCQG simulator holds for a dossier: its state and every progress item pushed by CapNhatTienDoHoSoMC, in order. */
function portalOf(p: TestPlatform, dossierNo: string): { state: string; progress: { TrangThai: string; NoiDungXuLy: string }[] } | undefined {
  const st = p.simulators?.state<{ dossiers: Map<string, { item: Record<string, unknown>; progress: { TrangThai: string; NoiDungXuLy: string }[] }> }>('dvcqg', () => ({ dossiers: new Map() }));
  const d = st?.dossiers.get(dossierNo);
  return d ? { state: String(d.item.TrangThaiHoSo), progress: d.progress } : undefined;
}

/**
 * With LT_RECORD_HISTORIES=1, the run's history with its payloads decoded by the platform's codec, as a replay fixture
 * (test/replay replays it without the codec, as it replays the flow harness's runs).
 */
async function recordDecoded(p: TestPlatform, runId: string, name: string): Promise<void> {
  if (process.env.LT_RECORD_HISTORIES !== '1') return;
  const codec = new EncryptionCodec(payloadKeyFromMaster(p.masterKey));
  const client = await connectClient({ address: inject('temporalAddress'), namespace: 'default' });
  try {
    const history = await client.workflow.getHandle(runId).fetchHistory();
    const found: { metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null }[] = [];
    const walk = (v: unknown): void => {
      if (!v || typeof v !== 'object' || v instanceof Uint8Array) return;
      const o = v as Record<string, unknown>;
      if (o.metadata && typeof o.metadata === 'object' && o.data instanceof Uint8Array) { found.push(o as (typeof found)[number]); return; }
      for (const x of Array.isArray(v) ? v : Object.values(o)) walk(x);
    };
    walk(history);
    const decoded = await codec.decode(found as Parameters<EncryptionCodec['decode']>[0]);
    decoded.forEach((d, i) => { const o = found[i] as (typeof found)[number]; o.metadata = d.metadata ?? {}; o.data = d.data ?? new Uint8Array(); });
    const dir = new URL('../fixtures/histories/engine-3/', import.meta.url);
    mkdirSync(dir, { recursive: true });
    writeFileSync(new URL(`${name}.json`, dir), `${historyToJSON(history)}\n`);
  } finally {
    await client.connection.close();
  }
}

describe('7.b dossier routing at full depth (examples/dieu-phoi-ho-so.json)', () => {
  const p = useTestPlatform();

  async function start(input: Record<string, unknown>): Promise<string> {
    const started = await p.request('POST', `/api/v1/flows/${FLOW}/runs?wait=0s`, input);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    return started.body.runId as string;
  }
  /** The run's open task of a node, as one who may read it finds it in the agency inbox. */
  async function openTask(token: string, runId: string, nodeId: string): Promise<Task> {
    const r = await until(`task ${nodeId} of ${runId}`, () => p.requestAs(token, 'GET', '/api/v1/tasks?box=agency&state=open'),
      (x) => (x.body?.tasks ?? []).some((t: Task) => t.runId === runId && t.nodeId === nodeId));
    return (r.body.tasks as Task[]).find((t) => t.runId === runId && t.nodeId === nodeId) as Task;
  }
  async function decide(token: string, t: Task, decision: Record<string, unknown>): Promise<Task> {
    const r = await p.requestAs(token, 'POST', `/api/v1/tasks/${t.taskId}/decision`, decision);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as Task;
  }
  const nodeStatus = (runId: string, nodeId: string) => until(`${nodeId} waiting`, () => p.request('GET', `/api/v1/runs/${runId}`),
    (r) => r.body?.nodes?.[nodeId]?.status === 'waiting');
  async function signal(runId: string, name: string, payload: unknown): Promise<void> {
    const r = await p.request('POST', `/api/v1/runs/${encodeURIComponent(runId)}/signals/${name}`, payload);
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  }
  /** The dossier closed: the example keeps 0 days, so its data is destroyed at once; the audit log's close summary stays. */
  async function closed(runId: string): Promise<Record<string, unknown>> {
    const record = await until('the run completes and its data is destroyed', () => p.request('GET', `/api/v1/run-records/${runId}`), (r) => r.body?.destroyed !== undefined, 90_000);
    expect(record.body.status).toBe('completed');
    await p.services.audit.flush();
    const log = await p.request('GET', `/api/v1/audit?runId=${encodeURIComponent(runId)}&action=flow.dossier.close`);
    return (log.body as { detail: { summary: Record<string, unknown> } }[])[0]?.detail.summary ?? {};
  }

  it('no routing match: the dispatcher classifies, the dossier is sent and handled; a supplement stops the SLA clock until the citizen resubmits; the portal saw every transition', async () => {
    const dispatcher = await sessionOfNewUser(p, 'dieu-phoi-vp', [{ role: 'officer', agency: VP }]);
    const officer = await sessionOfNewUser(p, 'can-bo-cam-thanh', [{ role: 'officer', agency: CAM_THANH }]);
    const input = dossier(71, '21028', 'nguyenvanan@example.vn'); // Phường Nghĩa Lộ: not in the routing table
    const runId = await start(input);

    // The promised date is counted in working days on the province's calendar and reaches the portal with the dossier.
    const classify = await openTask(dispatcher, runId, 'phan_loai');
    expect(classify.agency).toBe(VP);
    expect(portalOf(p, input.dossierNo)).toMatchObject({ state: '2', progress: [] });
    // The officer of the commune does not see the dispatcher's task.
    expect(((await p.requestAs(officer, 'GET', '/api/v1/tasks?box=agency')).body.tasks as Task[]).some((t) => t.runId === runId)).toBe(false);
    await decide(dispatcher, classify, { agencyCode: CAM_THANH, note: 'Khai sinh tại phường Cẩm Thành' });

    // Routed: the edXML package went over the LGSP, the portal and the citizen were told; the run waits for the agency's edXML status.
    await nodeStatus(runId, 'cho_tiep_nhan');
    const sent = await p.request('GET', `/api/v1/runs/${runId}`);
    expect(sent.body.nodes.lien_thong.status).toBe('succeeded');
    expect([...mailboxOf(p.simulators!).values()].filter((m) => m.to.includes(input.applicantEmail)).length).toBe(1);
    await signal(runId, 'edxml', { statusCode: '03', organName: 'UBND phường Cẩm Thành' });

    // The commune's officer asks for a supplement: the SLA clock stops while the citizen is asked.
    const handle = await openTask(officer, runId, 'xu_ly');
    const asked = await decide(officer, handle, { outcome: 'supplement', missing: 'Bản sao giấy chứng sinh' });
    await nodeStatus(runId, 'cho_bo_sung');
    await signal(runId, 'boSung', { components: ['giay-chung-sinh.pdf'] });

    // The clock runs again on the continuing task: the pause is recorded and the deadline moved by it.
    const resumed = await openTask(officer, runId, 'xu_ly_tiep');
    const events = await p.requestAs(officer, 'GET', `/api/v1/tasks/${resumed.taskId}/events`);
    const created = (events.body as { action: string; detail: Record<string, any> }[]).find((e) => e.action === 'created');
    const pause = created?.detail.pause as { from: string; to: string; pausedMs: number; dueBefore: string; dueAfter: string };
    expect(created?.detail.continues).toBe(handle.taskId);
    expect(pause.from).toBe(asked.decidedAt);
    expect(pause.to).toBe(resumed.createdAt);
    expect(Date.parse(pause.dueBefore)).toBe(Date.parse(handle.dueAt));
    expect(Date.parse(pause.dueAfter)).toBe(Date.parse(resumed.dueAt));
    // Working days: the paused time that fell on working days of the calendar moves the deadline by as much working time
    // (sla.test.ts counts it over weekends and holidays).
    const cal = await p.services.catalogues.calendar();
    expect(pause.pausedMs).toBe(clockTimeBetween(new Date(pause.from), new Date(pause.to), cal));
    expect(addClockTime(new Date(handle.dueAt), pause.pausedMs, cal).getTime()).toBe(Date.parse(resumed.dueAt));
    expect(created?.detail.clock).toMatchObject({ startedAt: handle.createdAt, pausedMs: pause.pausedMs, workingDays: true });
    await recordDecoded(p, runId, 'dieu-phoi-ho-so-7b'); // before the close destroys the history
    await decide(officer, resumed, { outcome: 'approved' });

    expect(await closed(runId)).toMatchObject({ dossierNo: input.dossierNo, outcome: 'approved', agencyCode: CAM_THANH, classified: true, rerouted: false, slaPaused: true });
    // Lateness is counted against the moved deadline.
    const decided = await p.requestAs(officer, 'GET', `/api/v1/tasks/${resumed.taskId}`);
    expect(decided.body).toMatchObject({ state: 'decided', lateMs: 0, dueAt: resumed.dueAt });

    // Every transition reached the portal by CapNhatTienDoHoSoMC, in order: sent (4), supplement asked (5), back (4), processed (9).
    const portal = portalOf(p, input.dossierNo);
    expect(portal?.progress.map((x) => x.TrangThai)).toEqual(['4', '5', '4', '9']);
    expect(portal?.state).toBe('9');
    // The citizen heard of the routing and of the supplement.
    expect([...mailboxOf(p.simulators!).values()].filter((m) => m.to.includes(input.applicantEmail)).length).toBe(2);
  });

  it('a fee due stops the SLA clock too, until the citizen pays; the portal saw 6 then 4', async () => {
    const officer = await sessionOfNewUser(p, 'can-bo-cam-thanh-2', [{ role: 'officer', agency: CAM_THANH }]);
    const input = dossier(74, '21025', 'phamvancuong@example.vn');
    const runId = await start(input);
    await nodeStatus(runId, 'cho_tiep_nhan');
    await signal(runId, 'edxml', { statusCode: '03' });
    const handle = await openTask(officer, runId, 'xu_ly');
    const asked = await decide(officer, handle, { outcome: 'payment', fee: 50_000 });
    await nodeStatus(runId, 'cho_thanh_toan');
    await signal(runId, 'thanhToan', { receiptNo: 'BL-2026-000123', amount: 50_000 });
    const resumed = await openTask(officer, runId, 'xu_ly_tiep');
    const events = await p.requestAs(officer, 'GET', `/api/v1/tasks/${resumed.taskId}/events`);
    const pause = (events.body as { action: string; detail: Record<string, any> }[]).find((e) => e.action === 'created')?.detail.pause;
    expect(pause).toMatchObject({ from: asked.decidedAt, to: resumed.createdAt });
    expect(Date.parse(pause.dueAfter)).toBe(Date.parse(resumed.dueAt));
    await decide(officer, resumed, { outcome: 'approved' });
    expect(await closed(runId)).toMatchObject({ outcome: 'approved', agencyCode: CAM_THANH, classified: false, slaPaused: true });
    expect(portalOf(p, input.dossierNo)?.progress.map((x) => x.TrangThai)).toEqual(['4', '6', '4', '9']);
  });

  it('an edXML 02 refusal tells the portal and the citizen and re-routes the dossier through the dispatcher', async () => {
    const dispatcher = await sessionOfNewUser(p, 'dieu-phoi-vp-2', [{ role: 'officer', agency: VP }]);
    const justice = await sessionOfNewUser(p, 'can-bo-tu-phap', [{ role: 'officer', agency: TU_PHAP }]);
    const input = dossier(72, '21025', 'tranthibinh@example.vn'); // Phường Cẩm Thành: the routing table places it
    const runId = await start(input);
    await nodeStatus(runId, 'cho_tiep_nhan');
    const routed = await p.request('GET', `/api/v1/runs/${runId}`);
    expect(routed.body.nodes.phan_loai?.status ?? 'not run').not.toBe('succeeded'); // no person needed
    // A payload that does not fit the status package is refused before the run sees it.
    const bad = await p.request('POST', `/api/v1/runs/${encodeURIComponent(runId)}/signals/edxml`, { statusCode: '02' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'RUN_SIGNAL_PAYLOAD_INVALID']);
    await signal(runId, 'edxml', { statusCode: '02', description: 'Không thuộc thẩm quyền của phường', organName: 'UBND phường Cẩm Thành' });

    const reroute = await openTask(dispatcher, runId, 'phan_loai_lai');
    const full = await p.requestAs(dispatcher, 'GET', `/api/v1/tasks/${reroute.taskId}`);
    expect(full.body.context).toMatchObject({ returnedBy: CAM_THANH, reason: 'Không thuộc thẩm quyền của phường' });
    await decide(dispatcher, reroute, { agencyCode: TU_PHAP });
    const handle = await openTask(justice, runId, 'xu_ly');
    expect(handle.agency).toBe(TU_PHAP);
    await decide(justice, handle, { outcome: 'refused', note: 'Thiếu giấy chứng sinh' });

    expect(await closed(runId)).toMatchObject({ outcome: 'refused', agencyCode: TU_PHAP, classified: false, rerouted: true, slaPaused: false });
    // Sent (4), returned (3), sent again (4), refused (8); the citizen heard of the routing and of the return.
    const portal = portalOf(p, input.dossierNo);
    expect(portal?.progress.map((x) => x.TrangThai)).toEqual(['4', '3', '4', '8']);
    expect(portal?.progress[1]?.NoiDungXuLy).toContain('edXML 02');
    expect([...mailboxOf(p.simulators!).values()].filter((m) => m.to.includes(input.applicantEmail)).length).toBe(2);
  });
});
