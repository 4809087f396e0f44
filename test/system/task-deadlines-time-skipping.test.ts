import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTimeSkippingPlatform, until, type TimeSkippingPlatform } from '../helpers/time-skipping.js';
import { flow } from './flow-docs.js';

// Issue 18 (Done when 2, the deadline part): a human task due in 10 working days of the province's calendar, created on
// the Friday a week before Tết 2027, reminds its agency at 50% and 80% of its time and is escalated at the deadline —
// three weeks of Temporal time skipped in seconds on the time-skipping test server (test/helpers/time-skipping.ts says
// what is real: the server, the production worker and workflows, the tasks service, the database, the HTTP API).
// Asserted on what people see: the task in the inboxes, its events on the run, the audit log; and, from the run's
// history, that Temporal fired the reminders and the escalation at those moments of its own clock.

const H48 = '000.00.00.H48';
const H56 = '000.00.00.H56';
const DAY = 86_400_000;
// Friday 29 January 2027, 09:00 in Vietnam. Ten working days on the seeded calendar: 1, 2, 3 February, then Tết
// (4–10 February: holidays and a weekend), then 11, 12, 15, 16, 17, 18, 19 February.
const CREATED = Date.parse('2027-01-29T02:00:00Z');
const DUE = '2027-02-19';

const form = { type: 'object', required: ['agencyCode'], properties: { agencyCode: { type: 'string', enum: [H48, H56] } } };
const deadlineFlow = flow('phan-loai-truoc-tet', {
  classify: { kind: 'task', title: { vi: 'Phân loại hồ sơ', en: 'Classify the dossier' }, assignee: { role: 'officer', agency: H48 }, form,
    deadline: { workingDays: 10 }, reminders: [0.5, 0.8], escalate: { role: 'officer', agency: H56 } },
  routed: { kind: 'end', output: "{ 'routedTo': $nodes.classify.output.agencyCode }" },
}, [['start', 'classify'], ['classify', 'routed']]);

interface TaskView { taskId: string; runId: string; state: string; agency: string; assigneeRole: string; dueAt: string; createdAt: string; escalatedAt: string | null }

describe('a working-day deadline over Tết, with time skipped', () => {
  let p: TimeSkippingPlatform;
  beforeAll(async () => { p = await startTimeSkippingPlatform(); });
  afterAll(async () => { await p?.stop(); });

  it('reminds at 50% and 80% of the time to the deadline and escalates at it; the escalated agency decides', async () => {
    await p.publish(deadlineFlow);
    const officer = await p.sessionOf('can-bo-h48', [{ role: 'officer', agency: H48 }]);
    const head = await p.sessionOf('lanh-dao-h56', [{ role: 'officer', agency: H56 }]);
    // The test server's clock starts at the wall clock's time: skip to the Friday before Tết.
    await p.skip(CREATED - (await p.now()).getTime());
    const started = await p.request('POST', '/api/v1/flows/phan-loai-truoc-tet/runs?wait=0s', { dossierNo: '000.25.94.H48-270129-0001' });
    expect(started.status, started.text).toBe(202);
    const runId = started.body.runId as string;

    const inbox = async (token: string) => ((await p.requestAs(token, 'GET', '/api/v1/tasks?box=agency')).body.tasks ?? []) as TaskView[];
    const mine = (await until(() => inbox(officer), (ts) => ts.some((t) => t.runId === runId))).find((t) => t.runId === runId) as TaskView;
    expect(mine).toMatchObject({ state: 'open', agency: H48, assigneeRole: 'officer' });
    // Created on Temporal's clock (the Friday), due on the 10th working day after it, at the same time of day.
    expect(Math.abs(Date.parse(mine.createdAt) - CREATED)).toBeLessThan(300_000); // the seconds the start took, on a loaded machine
    expect(new Date(Date.parse(mine.dueAt) + 7 * 3_600_000).toISOString().slice(0, 10)).toBe(DUE);
    const span = Date.parse(mine.dueAt) - Date.parse(mine.createdAt);
    expect(span).toBe(21 * DAY);
    const events = async () => ((await p.request('GET', `/api/v1/runs/${encodeURIComponent(runId)}/task-events`)).body as { action: string; detail: Record<string, unknown> }[]);

    // Just before half the time: nothing yet. Just after: the first reminder.
    await p.skip(0.5 * span - 3_600_000);
    expect((await events()).map((e) => e.action)).toEqual(['created']);
    await p.skip(2 * 3_600_000);
    expect((await events()).map((e) => [e.action, e.detail.fraction])).toEqual([['created', undefined], ['reminded', 0.5]]);
    // Past 80%: the second reminder; the task is still the first agency's.
    await p.skip(0.3 * span);
    expect((await events()).map((e) => [e.action, e.detail.fraction])).toEqual([['created', undefined], ['reminded', 0.5], ['reminded', 0.8]]);
    expect((await inbox(head)).some((t) => t.runId === runId)).toBe(false);
    // Past the deadline: escalated to the other agency's officers, still open; gone from the first agency's inbox.
    await p.skip(0.2 * span);
    expect((await events()).map((e) => e.action)).toEqual(['created', 'reminded', 'reminded', 'escalated']);
    const escalated = (await inbox(head)).find((t) => t.runId === runId);
    expect(escalated).toMatchObject({ taskId: mine.taskId, state: 'open', agency: H56, assigneeRole: 'officer' });
    expect(escalated?.escalatedAt).toEqual(expect.any(String));
    expect((await inbox(officer)).some((t) => t.runId === runId)).toBe(false);

    // Temporal fired each at its moment: the reminders at 50% and 80% of the span, the escalation at the deadline.
    const history = await p.temporal.workflow.getHandle(runId).fetchHistory();
    const scheduledAt = (type: string) => (history.events ?? [])
      .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === type)
      .map((e) => Number(e.eventTime?.seconds ?? 0) * 1000 - Date.parse(mine.createdAt));
    const near = (ms: number, want: number) => Math.abs(ms - want) < 60_000;
    const reminders = scheduledAt('tasksRemind');
    expect(reminders).toHaveLength(2);
    expect(near(reminders[0] ?? 0, 0.5 * span) && near(reminders[1] ?? 0, 0.8 * span), `reminders at ${reminders.map((r) => r / DAY).join(', ')} days`).toBe(true);
    const escalation = scheduledAt('tasksEscalate');
    expect(escalation).toHaveLength(1);
    expect(near(escalation[0] ?? 0, span), `escalated at ${(escalation[0] ?? 0) / DAY} days`).toBe(true);

    // The escalated agency's officer decides; the run continues with the decision.
    const decided = await p.requestAs(head, 'POST', `/api/v1/tasks/${mine.taskId}/decision`, { agencyCode: H48 });
    expect(decided.status, decided.text).toBe(200);
    const done = await until(() => p.request('GET', `/api/v1/runs/${runId}`), (r) => r.body?.status !== 'running');
    expect(done.body).toMatchObject({ status: 'completed', output: { routedTo: H48 } });
    await p.services.audit.flush();
    const audit = await p.request('GET', `/api/v1/audit?runId=${encodeURIComponent(runId)}&limit=100`);
    const rows = (audit.body as { action: string; actorId: string; detail: { fraction?: number; role?: string } }[]).filter((r) => r.action.startsWith('task.')).reverse();
    expect(rows.map((r) => [r.action, r.actorId, r.detail.fraction ?? r.detail.role ?? null])).toEqual([
      ['task.created', 'platform:tasks', null], ['task.reminded', 'platform:tasks', 0.5], ['task.reminded', 'platform:tasks', 0.8],
      ['task.escalated', 'platform:tasks', 'officer'], ['task.decided', 'user:lanh-dao-h56', null]]);
  });
});
