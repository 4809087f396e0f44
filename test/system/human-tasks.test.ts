import { describe, expect, it } from 'vitest';
import { workingDaysBetween } from '@lienthong/flow';
import { until } from './flow-harness.js';
import { flow, type EdgeSpec } from './flow-docs.js';
import { useTestPlatform } from '../helpers/suite.js';
import { sessionOfNewUser } from '../helpers/users.js';

// Human tasks (issue 18): a run puts a task in an agency's inbox; only an officer who may decide that agency's tasks
// decides it, through its form; every action is a task event on the run and an audit row.

const H48 = '000.00.00.H48';
const H56 = '000.00.00.H56';

const form = {
  type: 'object', required: ['agencyCode'], additionalProperties: false,
  properties: { agencyCode: { type: 'string', enum: [H48, H56], title: 'Cơ quan xử lý' }, note: { type: 'string' } },
};

const classifyFlow = (key: string, task: Record<string, unknown> = {}, timeoutBranch = false) => flow(key, {
  classify: { kind: 'task', title: { vi: 'Phân loại hồ sơ', en: 'Classify the dossier' }, assignee: { role: 'officer', agency: H48 }, form,
    context: "{ 'dossierNo': $input.dossierNo }", ...task },
  routed: { kind: 'end', output: "{ 'routedTo': $nodes.classify.output.agencyCode }" },
  ...(timeoutBranch ? { late: { kind: 'end', output: "{ 'late': true }" } } : {}),
}, [['start', 'classify'], ['classify', 'routed'], ...(timeoutBranch ? [['classify', 'late', 'timeout'] as EdgeSpec] : [])]);

interface Task { taskId: string; state: string; claimedBy: string | null; assigneeRole: string | null; agency: string | null; context?: unknown }

describe('human tasks', () => {
  const p = useTestPlatform();

  async function startRun(flowKey: string, input: Record<string, unknown> = { dossierNo: '000.25.94.H48-260115-0007' }): Promise<string> {
    const started = await p.request('POST', `/api/v1/flows/${flowKey}/runs?wait=0s`, input);
    expect(started.status).toBe(202);
    return started.body.runId as string;
  }
  async function taskOf(token: string, runId: string): Promise<Task> {
    const r = await until(() => p.requestAs(token, 'GET', '/api/v1/tasks?box=agency'),
      (x) => (x.body?.tasks ?? []).some((t: { runId: string }) => t.runId === runId));
    return (r.body.tasks as (Task & { runId: string })[]).find((t) => t.runId === runId) as Task;
  }

  it('only an officer who may decide the task\'s agency decides it; another agency never sees it; the run continues with the decision', async () => {
    expect((await p.request('POST', '/api/v1/flows', classifyFlow('phan-loai-ho-so'))).status).toBe(201);
    const officer = await sessionOfNewUser(p, 'can-bo-h48', [{ role: 'officer', agency: H48 }]);
    const colleague = await sessionOfNewUser(p, 'can-bo-h48-2', [{ role: 'officer', agency: H48 }]);
    const otherOfficer = await sessionOfNewUser(p, 'can-bo-h56', [{ role: 'officer', agency: H56 }]);
    const viewer = await sessionOfNewUser(p, 'xem-h48', [{ role: 'agency-viewer', agency: H48 }]);
    const otherViewer = await sessionOfNewUser(p, 'xem-h56', [{ role: 'agency-viewer', agency: H56 }]);
    const runId = await startRun('phan-loai-ho-so');
    const task = await taskOf(officer, runId);
    expect(task).toMatchObject({ state: 'open', agency: H48, assigneeRole: 'officer', claimedBy: null });
    // The run shows its task node waiting for a person.
    expect((await p.request('GET', `/api/v1/runs/${runId}`)).body.nodes.classify.status).toBe('waiting');
    const path = `/api/v1/tasks/${task.taskId}`;

    // Another agency: not in its inbox, "not found" when named, for its viewer and its officer alike.
    expect((await p.requestAs(otherViewer, 'GET', '/api/v1/tasks?box=agency')).body.tasks).toEqual([]);
    const hidden = await p.requestAs(otherViewer, 'GET', path);
    expect([hidden.status, hidden.body.error.code]).toEqual([404, 'TASK_NOT_FOUND']);
    const foreign = await p.requestAs(otherOfficer, 'POST', `${path}/decision`, { agencyCode: H56 });
    expect([foreign.status, foreign.body.error.code]).toEqual([404, 'TASK_NOT_FOUND']);

    // The agency's viewer sees the task (not the run data it carries) but may not decide: 403 with a code.
    const seen = await p.requestAs(viewer, 'GET', path);
    expect(seen.status).toBe(200);
    expect(seen.body.context).toBeUndefined();
    const refused = await p.requestAs(viewer, 'POST', `${path}/decision`, { agencyCode: H48 });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'ACCESS_FORBIDDEN']);
    // Starting runs is not what deciding needs: the run-starting designer is refused too.
    const designer = await sessionOfNewUser(p, 'thiet-ke', [{ role: 'designer' }]);
    expect((await p.requestAs(designer, 'POST', `${path}/decision`, { agencyCode: H48 })).status).toBe(403);

    // The officer sees the form and the context; a decision that does not fit the form is a 400 with the pointer.
    const open = await p.requestAs(officer, 'GET', path);
    expect(open.body).toMatchObject({ form, context: { dossierNo: '000.25.94.H48-260115-0007' } });
    const bad = await p.requestAs(officer, 'POST', `${path}/decision`, { agencyCode: 'H99', extra: 1 });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'TASK_DECISION_INVALID']);
    expect(bad.body.errors.map((e: { where: { pointer: string } }) => e.where.pointer)).toEqual(expect.arrayContaining(['/agencyCode']));

    // Claimed by one officer, the task is not the colleague's to decide; a comment; then the decision.
    expect((await p.requestAs(officer, 'POST', `${path}/claim`, {})).body.claimedBy).toBe('can-bo-h48');
    const held = await p.requestAs(colleague, 'POST', `${path}/decision`, { agencyCode: H56 });
    expect([held.status, held.body.error.code]).toEqual([409, 'TASK_HELD_BY_OTHER']);
    expect((await p.requestAs(officer, 'POST', `${path}/comments`, { text: 'Hồ sơ thuộc thẩm quyền cấp huyện' })).status).toBe(200);
    const decided = await p.requestAs(officer, 'POST', `${path}/decision`, { agencyCode: H56, note: 'chuyển H56' });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ state: 'decided', decidedBy: 'can-bo-h48', decision: { agencyCode: H56, note: 'chuyển H56' } });

    const done = await until(() => p.request('GET', `/api/v1/runs/${runId}`), (r) => r.body?.status === 'completed');
    expect(done.body.output).toEqual({ routedTo: H56 });
    const again = await p.requestAs(officer, 'POST', `${path}/decision`, { agencyCode: H48 });
    expect([again.status, again.body.error.code]).toEqual([409, 'TASK_NOT_OPEN']);

    // Who did what, on the run (its detail screen's timeline) and in the audit log.
    const events = await p.request('GET', `/api/v1/runs/${encodeURIComponent(runId)}/task-events`);
    expect(events.body.map((e: { action: string; actor: string }) => [e.action, e.actor])).toEqual([
      ['created', 'platform:tasks'], ['claimed', 'user:can-bo-h48'], ['commented', 'user:can-bo-h48'], ['decided', 'user:can-bo-h48']]);
    expect((await p.requestAs(otherViewer, 'GET', `/api/v1/runs/${encodeURIComponent(runId)}/task-events`)).status).toBe(404);
    await p.services.audit.flush();
    const audit = await p.request('GET', `/api/v1/audit?runId=${encodeURIComponent(runId)}&limit=100`);
    const rows = (audit.body as { action: string; actorId: string; detail: { taskId?: string } }[]).filter((r) => r.action.startsWith('task.'));
    expect(rows.map((r) => [r.action, r.actorId]).reverse()).toEqual([
      ['task.created', 'platform:tasks'], ['task.claimed', 'user:can-bo-h48'], ['task.commented', 'user:can-bo-h48'], ['task.decided', 'user:can-bo-h48']]);
    expect(rows.every((r) => r.detail.taskId === task.taskId)).toBe(true);
    // The refusals are in the log too, under the procedure's name.
    const refusals = await p.request('GET', '/api/v1/audit?action=tasks.decide&outcome=refused&limit=20');
    expect(refusals.body.map((r: { actorId: string }) => r.actorId)).toEqual(expect.arrayContaining(['user:xem-h48', 'user:thiet-ke']));
  });

  it('reminds before the deadline, then takes the timeout branch; or escalates to another role and stays open', async () => {
    // Deadlines of a few seconds (hours as a fraction): the run waits on durable timers, the test on what they caused.
    const deadline = { deadline: { hours: 0.0006 }, reminders: [0.5] };
    expect((await p.request('POST', '/api/v1/flows', classifyFlow('qua-han', deadline, true))).status).toBe(201);
    const lateRun = await startRun('qua-han');
    const done = await until(() => p.request('GET', `/api/v1/runs/${lateRun}`), (r) => r.body?.status === 'completed');
    expect(done.body.output).toEqual({ late: true });
    const lateEvents = await p.request('GET', `/api/v1/runs/${encodeURIComponent(lateRun)}/task-events`);
    expect(lateEvents.body.map((e: { action: string }) => e.action)).toEqual(['created', 'reminded', 'expired']);

    expect((await p.request('POST', '/api/v1/flows', classifyFlow('chuyen-cap', { ...deadline, escalate: { role: 'officer', agency: H56 } }))).status).toBe(201);
    const head = await sessionOfNewUser(p, 'lanh-dao-h56', [{ role: 'officer', agency: H56 }]);
    const run = await startRun('chuyen-cap');
    const escalated = await taskOf(head, run); // in H56's inbox once escalated
    expect(escalated).toMatchObject({ state: 'open', agency: H56 });
    expect((await p.requestAs(head, 'POST', `/api/v1/tasks/${escalated.taskId}/decision`, { agencyCode: H48 })).status).toBe(200);
    const finished = await until(() => p.request('GET', `/api/v1/runs/${run}`), (r) => r.body?.status === 'completed');
    expect(finished.body.output).toEqual({ routedTo: H48 });
    const events = await p.request('GET', `/api/v1/runs/${encodeURIComponent(run)}/task-events`);
    expect(events.body.map((e: { action: string }) => e.action)).toEqual(['created', 'reminded', 'escalated', 'decided']);
    // The reminder reached people as the platform's alert (its webhook and email), critical once escalated, settled by the decision.
    const alert = await until(() => p.request('GET', '/api/v1/alerts?status=all'),
      (r) => (r.body?.alerts ?? []).some((a: { key: string; status: string }) => a.key === `task.deadline:${escalated.taskId}` && a.status === 'resolved'));
    expect(alert.body.alerts.find((a: { key: string }) => a.key === `task.deadline:${escalated.taskId}`)).toMatchObject({ rule: 'task.deadline', severity: 'critical', status: 'resolved' });
  });

  it('a deadline in working days is counted on the province\'s calendar (catalogue data) and its version kept with the task', async () => {
    expect((await p.request('POST', '/api/v1/flows', classifyFlow('ngay-lam-viec', { deadline: { workingDays: 10 } }))).status).toBe(201);
    const officer = await sessionOfNewUser(p, 'can-bo-lich', [{ role: 'officer', agency: H48 }]);
    const runId = await startRun('ngay-lam-viec');
    const task = await taskOf(officer, runId) as Task & { dueAt: string; createdAt: string };
    const calendar = await p.services.catalogues.calendar();
    expect(workingDaysBetween(calendar, task.createdAt, task.dueAt)).toBe(10);
    const events = await p.request('GET', `/api/v1/tasks/${task.taskId}/events`);
    expect(events.body[0]).toMatchObject({ action: 'created', detail: { calendar: calendar.version, dueAt: task.dueAt } });
    await p.requestAs(officer, 'POST', `/api/v1/tasks/${task.taskId}/decision`, { agencyCode: H48 });
    await until(() => p.request('GET', `/api/v1/runs/${runId}`), (r) => r.body?.status === 'completed');
  });

  it('refuses flows whose task needs a deadline it lacks, with the node and pointer', async () => {
    const bad = await p.request('POST', '/api/v1/flows', classifyFlow('thieu-han', { reminders: [0.5] }, true));
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { code: string; where: { pointer: string } }) => [e.code, e.where.pointer])).toEqual(expect.arrayContaining([
      ['FLOW_COMPILE_TASK_NEEDS_DEADLINE', '/nodes/classify/reminders'], ['FLOW_COMPILE_TASK_NEEDS_DEADLINE', '/nodes/classify/deadline']]));
  });
});
