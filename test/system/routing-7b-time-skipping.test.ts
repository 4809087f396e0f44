import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
// The clock arithmetic itself (pure, not exported by the services package's entry point).
import { addClockTime, clockTimeBetween } from '../../packages/services/src/tasks/sla.js';
import { startTimeSkippingPlatform, until, type TimeSkippingPlatform } from '../helpers/time-skipping.js';

// DOMAIN §7.b (issue 18, Done-when 2, the clock part) on the example flow dieu-phoi-ho-so, with Temporal time skipped
// (test/helpers/time-skipping.ts says what is real). The commune's officer asks for a supplement: the SLA clock of the
// 3-working-day handling task stops; days pass while the citizen is asked and no reminder fires; the citizen resubmits
// and the continuing task carries the clock with the deadline moved by the working time paused; it reminds at 50% and
// 80% and at the moved deadline is escalated to both the handling agency (its head) and the provincial People's
// Committee Office: both inboxes see it, either may decide, the lateness is recorded. Asserted on the inboxes, the task
// events, the audit log and the portal's progress.
//
// The services date a decision by the process's clock and the test server dates the rest by its own; they agree until
// the first skip. The supplement decision is the one instant whose date the clock needs (the pause starts there), so
// the process's Date is set to the test server's clock for that request only (and the officer opens a session then).

const VP = '000.00.92.H48'; // Văn phòng UBND tỉnh: the dispatchers, and (with the handling agency) where late handling is escalated
const CAM_THANH = '000.25.94.H48';
const HOUR = 3_600_000;
// Friday 5 March 2027, 09:00 in Vietnam: the officer's task is due 3 working days later, on
// Wednesday 10 March, 09:00 (the weekend does not count).
const FRIDAY = Date.parse('2027-03-05T02:00:00Z');
// Asked at 13:00 that Friday, back on Tuesday 9 March at 13:00: 4 days, of which 2 working days (11 h, 24 h, 13 h)
// paused; the deadline moves by 2 working days to Friday 12 March, 09:00.
const PAUSE = 4 * 24 * HOUR;
const MOVED_DUE = '2027-03-12T02:00:00.000Z';

const example = JSON.parse(readFileSync(new URL('../../examples/dieu-phoi-ho-so.json', import.meta.url), 'utf8')) as { key: string };
// 7.b pins 7.a (the applicant's verification) as a subflow: published first, as `npm start` does.
const verification = JSON.parse(readFileSync(new URL('../../examples/xac-thuc-cong-dan-day-du.json', import.meta.url), 'utf8')) as { key: string };
const input = {
  dossierNo: '000.25.94.H48-261206-0081', procedureCode: '1.001193.000.00.00.H48', procedureName: 'Đăng ký khai sinh',
  applicantName: 'Lê Thị Hoa', applicantEmail: 'lethihoa@example.vn', communeCode: '21028', receivedAt: '20261204083000', components: ['to-khai.pdf'],
};

interface Task { taskId: string; runId: string; nodeId: string; state: string; agency: string; assigneeRole: string; dueAt: string; createdAt: string; decidedAt: string | null; escalatedAt: string | null; alsoAgencies: string[]; lateMs: number }
interface TaskEvent { taskId: string; action: string; detail: Record<string, any> }

describe('7.b: a supplement pauses the SLA clock, then reminders and escalation, with time skipped', () => {
  let p: TimeSkippingPlatform;
  beforeAll(async () => { p = await startTimeSkippingPlatform(); });
  afterAll(async () => { await p?.stop(); });

  const inbox = async (token: string) => ((await p.requestAs(token, 'GET', '/api/v1/tasks?box=agency&state=open')).body.tasks ?? []) as Task[];
  async function openTask(token: string, runId: string, nodeId: string): Promise<Task> {
    const ts = await until(() => inbox(token), (x) => x.some((t) => t.runId === runId && t.nodeId === nodeId));
    const t = ts.find((x) => x.runId === runId && x.nodeId === nodeId);
    if (!t) throw new Error(`no open task ${nodeId} of ${runId}`);
    return t;
  }
  async function decide(token: string, t: Task, decision: Record<string, unknown>): Promise<Task> {
    const r = await p.requestAs(token, 'POST', `/api/v1/tasks/${t.taskId}/decision`, decision);
    expect(r.status, r.text).toBe(200);
    return r.body as Task;
  }
  async function waitingAt(runId: string, nodeId: string): Promise<void> {
    const r = await until(() => p.request('GET', `/api/v1/runs/${runId}`), (x) => x.body?.nodes?.[nodeId]?.status === 'waiting');
    expect(r.body?.nodes?.[nodeId]?.status, `${nodeId} waiting`).toBe('waiting');
  }
  async function signal(runId: string, name: string, payload: unknown): Promise<void> {
    const r = await p.request('POST', `/api/v1/runs/${encodeURIComponent(runId)}/signals/${name}`, payload);
    expect(r.status, r.text).toBeLessThan(300);
  }
  /** A decision sent while the process's clock reads the test server's (a session opened then: tokens expire by that clock). */
  async function decidedOnTemporalTime(username: string, t: Task, decision: Record<string, unknown>): Promise<Task> {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    try {
      vi.setSystemTime(await p.now());
      const { token } = await p.services.users.openSession((await p.services.users.get(username)).id);
      return await decide(token, t, decision);
    } finally {
      vi.useRealTimers();
    }
  }
  const runEvents = async (runId: string) => (await p.request('GET', `/api/v1/runs/${encodeURIComponent(runId)}/task-events`)).body as TaskEvent[];
  const portal = () => p.simulators.state<{ dossiers: Map<string, { progress: { TrangThai: string }[] }> }>('dvcqg', () => ({ dossiers: new Map() }))
    .dossiers.get(input.dossierNo)?.progress.map((x) => x.TrangThai);

  /**
   * At `at` (the test server's clock), a dossier with no routing match: the dispatcher classifies it, it is sent, the
   * commune takes it (edXML 03); returns the run, both sessions and the officer's open handling task.
   */
  async function handledDossier(at: number, dossier: typeof input, users: { dispatcher: string; officer: string }) {
    await p.skip(at - (await p.now()).getTime()); // the test server's clock starts at the wall clock's time
    const dispatcher = await p.sessionOf(users.dispatcher, [{ role: 'officer', agency: VP }]);
    const officer = await p.sessionOf(users.officer, [{ role: 'officer', agency: CAM_THANH }]);
    const started = await p.request('POST', `/api/v1/flows/${example.key}/runs?wait=0s`, dossier);
    expect(started.status, started.text).toBe(202);
    const runId = started.body.runId as string;
    await decide(dispatcher, await openTask(dispatcher, runId, 'phan_loai'), { agencyCode: CAM_THANH });
    await waitingAt(runId, 'cho_tiep_nhan');
    await signal(runId, 'edxml', { statusCode: '03', organName: 'UBND phường Cẩm Thành' });
    return { runId, dispatcher, officer, handle: await openTask(officer, runId, 'xu_ly') };
  }

  it('the clock stops while the citizen is asked, the deadline moves by the working time paused; 50%, 80%, then escalation', async () => {
    await p.publish(verification);
    await p.publish(example);
    // No routing match (Phường Nghĩa Lộ): the dispatcher classifies; the dossier is sent; the commune takes it (edXML 03).
    const { runId, dispatcher, officer, handle } = await handledDossier(FRIDAY, input, { dispatcher: 'dieu-phoi-vp', officer: 'can-bo-cam-thanh' });
    // The officer's task is due in 3 working days of the calendar; 4 hours in, the officer asks for a supplement.
    expect(handle.agency).toBe(CAM_THANH);
    expect(Math.abs(Date.parse(handle.dueAt) - Date.parse('2027-03-10T02:00:00Z'))).toBeLessThan(300_000); // created seconds after 09:00
    await p.skip(FRIDAY + 4 * HOUR - (await p.now()).getTime());
    const asked = await decidedOnTemporalTime('can-bo-cam-thanh', handle, { outcome: 'supplement', missing: 'Bản sao giấy chứng sinh' });
    expect(Math.abs(Date.parse(asked.decidedAt ?? '') - (FRIDAY + 4 * HOUR))).toBeLessThan(300_000); // the seconds the call took, on a loaded machine
    await waitingAt(runId, 'cho_bo_sung');

    // Days pass while the citizen is asked: the clock is stopped, nobody is reminded, nothing is escalated.
    await p.skip(PAUSE);
    await waitingAt(runId, 'cho_bo_sung');
    expect((await runEvents(runId)).map((e) => e.action)).toEqual(['created', 'decided', 'created', 'decided']);
    expect((await inbox(officer)).some((t) => t.runId === runId)).toBe(false);
    expect((await inbox(dispatcher)).some((t) => t.runId === runId)).toBe(false);

    // The citizen resubmits: the continuing task carries the clock, its deadline moved by the working time paused.
    await signal(runId, 'boSung', { components: ['giay-chung-sinh.pdf'] });
    const resumed = await openTask(officer, runId, 'xu_ly_tiep');
    const created = (await runEvents(runId)).find((e) => e.taskId === resumed.taskId && e.action === 'created');
    const pause = created?.detail.pause as { from: string; to: string; pausedMs: number; dueBefore: string; dueAfter: string };
    expect(created?.detail.continues).toBe(handle.taskId);
    expect(pause).toMatchObject({ from: asked.decidedAt, to: resumed.createdAt });
    expect(Date.parse(pause.to) - Date.parse(pause.from)).toBeGreaterThanOrEqual(PAUSE);
    // The weekend in the pause moves nothing: the deadline moves by the working time paused, to Friday 12 March.
    const cal = await p.services.catalogues.calendar();
    expect(pause.pausedMs).toBe(clockTimeBetween(new Date(pause.from), new Date(pause.to), cal));
    expect(Date.parse(pause.dueBefore)).toBe(Date.parse(handle.dueAt));
    expect(Date.parse(resumed.dueAt)).toBe(addClockTime(new Date(handle.dueAt), pause.pausedMs, cal).getTime());
    expect(new Date(Date.parse(resumed.dueAt) + 7 * HOUR).toISOString().slice(0, 10)).toBe(MOVED_DUE.slice(0, 10));
    expect(Math.abs(Date.parse(resumed.dueAt) - Date.parse(MOVED_DUE))).toBeLessThan(300_000);

    // Up to an hour before the moved deadline: reminded at 50% and 80% of the clock, still the commune's task.
    const actions = async () => (await runEvents(runId)).filter((e) => e.taskId === resumed.taskId).map((e) => [e.action, e.detail.fraction ?? null]);
    expect(await actions()).toEqual([['created', null]]);
    await p.skip(Date.parse(resumed.dueAt) - (await p.now()).getTime() - HOUR);
    expect(await until(actions, (a) => a.length >= 3)).toEqual([['created', null], ['reminded', 0.5], ['reminded', 0.8]]);
    expect((await inbox(officer)).find((t) => t.runId === runId)).toMatchObject({ taskId: resumed.taskId, agency: CAM_THANH, escalatedAt: null });

    // Past the moved deadline: escalated to the handling agency (its head) AND the provincial PC Office, at once; the
    // same open task is in both inboxes.
    await p.skip(2 * HOUR);
    expect(await until(actions, (a) => a.length >= 4)).toEqual([['created', null], ['reminded', 0.5], ['reminded', 0.8], ['escalated', null]]);
    const escalation = (await runEvents(runId)).find((e) => e.taskId === resumed.taskId && e.action === 'escalated');
    expect(escalation?.detail).toMatchObject({ role: 'officer', agency: CAM_THANH, also: [{ role: 'officer', agency: VP }] });
    const escalated = (await inbox(dispatcher)).find((t) => t.runId === runId);
    expect(escalated).toMatchObject({ taskId: resumed.taskId, state: 'open', agency: CAM_THANH, alsoAgencies: [VP], assigneeRole: 'officer', dueAt: resumed.dueAt });
    expect(escalated?.escalatedAt).toEqual(expect.any(String));
    expect((await inbox(officer)).find((t) => t.runId === runId)).toMatchObject({ taskId: resumed.taskId, alsoAgencies: [VP] });

    // The provincial office decides (for both), late: the lateness is recorded on the task (statistics); the run
    // completes; the portal heard sent (4), supplement (5), back (4), processed (9).
    const decided = await decidedOnTemporalTime('dieu-phoi-vp', escalated as Task, { outcome: 'approved' });
    expect(decided).toMatchObject({ state: 'decided', decidedBy: 'dieu-phoi-vp' });
    expect(decided.lateMs).toBeGreaterThanOrEqual(HOUR / 2); // decided an hour past the moved deadline
    expect((await inbox(officer)).some((t) => t.runId === runId)).toBe(false);
    const done = await until(() => p.request('GET', `/api/v1/runs/${runId}`), (r) => r.body?.status !== 'running');
    expect(done.body).toMatchObject({ status: 'completed', output: { outcome: 'approved', agencyCode: CAM_THANH, classified: true, supplemented: true } });
    expect(portal()).toEqual(['4', '5', '4', '9']);

    // The audit log tells the same story, the pause with the continuing task.
    await p.services.audit.flush();
    const audit = await p.request('GET', `/api/v1/audit?runId=${encodeURIComponent(runId)}&limit=100`);
    const rows = (audit.body as { action: string; actorId: string; detail: { fraction?: number; role?: string; pausedMs?: number } }[])
      .filter((r) => r.action.startsWith('task.')).reverse();
    expect(rows.map((r) => [r.action, r.actorId, r.detail.fraction ?? r.detail.role ?? r.detail.pausedMs ?? null])).toEqual([
      ['task.created', 'platform:tasks', null], ['task.decided', 'user:dieu-phoi-vp', null],
      ['task.created', 'platform:tasks', null], ['task.decided', 'user:can-bo-cam-thanh', null],
      ['task.created', 'platform:tasks', pause.pausedMs], ['task.reminded', 'platform:tasks', 0.5], ['task.reminded', 'platform:tasks', 0.8],
      ['task.escalated', 'platform:tasks', 'officer'], ['task.decided', 'user:dieu-phoi-vp', null]]);
  });

  it('a handling task taken on a Saturday and paused reminds at 50% and 80% of its running clock; the clock carries what was reminded', async () => {
    const SATURDAY = Date.parse('2027-03-20T02:00:00Z'); // 09:00 in Vietnam, a day off: the clock's wall span holds days off
    const dossier = { ...input, dossierNo: '000.25.94.H48-261206-0082' };
    const { runId, officer, handle } = await handledDossier(SATURDAY, dossier, { dispatcher: 'dieu-phoi-vp-2', officer: 'can-bo-cam-thanh-2' });
    await p.skip(SATURDAY + 4 * HOUR - (await p.now()).getTime());
    await decidedOnTemporalTime('can-bo-cam-thanh-2', handle, { outcome: 'supplement', missing: 'Bản sao giấy chứng sinh' });
    await waitingAt(runId, 'cho_bo_sung');
    await p.skip(PAUSE);
    await signal(runId, 'boSung', { components: ['giay-chung-sinh.pdf'] });
    const resumed = await openTask(officer, runId, 'xu_ly_tiep');
    const created = (await runEvents(runId)).find((e) => e.taskId === resumed.taskId && e.action === 'created');
    expect(created?.detail.clock?.reminded).toEqual([]); // the task it continues reminded nobody: nothing to skip
    const actions = async () => (await runEvents(runId)).filter((e) => e.taskId === resumed.taskId).map((e) => [e.action, e.detail.fraction ?? null]);
    await p.skip(Date.parse(resumed.dueAt) - (await p.now()).getTime() - HOUR);
    expect(await until(actions, (a) => a.length >= 3)).toEqual([['created', null], ['reminded', 0.5], ['reminded', 0.8]]);
    await decide(officer, resumed, { outcome: 'approved' });
    const done = await until(() => p.request('GET', `/api/v1/runs/${runId}`), (r) => r.body?.status !== 'running');
    expect(done.body.status).toBe('completed');
  });
});
