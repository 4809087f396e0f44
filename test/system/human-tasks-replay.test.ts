import { describe, expect, it } from 'vitest';
import type { Principal } from '@lienthong/services';
import type { RunFlowResult } from '@lienthong/worker';
import { runReplayedAndRecorded, until } from './flow-harness.js';
import { useServicesWorker } from './services-worker.js';
import { flow } from './flow-docs.js';

// The task node is replayed like every other node: runs of it (a decision; reminders then the timeout branch) on a worker
// with the platform's real task activities and database, without the platform's payload codec, so their histories
// replay here and, recorded (LT_RECORD_HISTORIES=1), join the replay fixtures.

const form = { type: 'object', required: ['agencyCode'], properties: { agencyCode: { type: 'string', enum: ['000.00.00.H48', '000.00.00.H56'] } } };
const taskFlow = (key: string, task: Record<string, unknown>, timeoutBranch = false) => flow(key, {
  classify: { kind: 'task', title: { vi: 'Phân loại hồ sơ', en: 'Classify the dossier' }, assignee: { role: 'officer', agency: '000.00.00.H48' }, form,
    context: "{ 'dossierNo': $input.dossierNo }", ...task },
  routed: { kind: 'end', output: "{ 'routedTo': $nodes.classify.output.agencyCode }" },
  ...(timeoutBranch ? { late: { kind: 'end', output: "{ 'late': true }" } } : {}),
}, [['start', 'classify'], ['classify', 'routed'], ...(timeoutBranch ? [['classify', 'late', 'timeout'] as [string, string, string]] : [])]);

const officer: Principal = { kind: 'user', id: 'user:can-bo', userId: 'u-can-bo', username: 'can-bo', displayName: 'Cán bộ', roles: [{ role: 'officer', agency: '000.00.00.H48' }] };

describe('the task node replays', () => {
  const w = useServicesWorker('tasks', (services) => ({ ...services.tasks.activities }));

  const run = (doc: ReturnType<typeof taskFlow>, name: string, act: (workflowId: string) => Promise<void>): Promise<RunFlowResult> =>
    runReplayedAndRecorded(w.client, { taskQueue: w.taskQueue, name, doc, input: { dossierNo: '000.25.94.H48-261206-0007' }, agency: '000.00.00.H48', act });

  it('a decision: the task is created, decided through the update, and the run ends with it', async () => {
    const result = await run(taskFlow('nhiem-vu', { deadline: { hours: 24 }, reminders: [0.5] }), 'task-decision', async (workflowId) => {
      const listed = await until(() => w.services.tasks.list({ box: 'agency', username: 'can-bo' }), (rows) => rows.some((t) => t.runId === workflowId));
      const task = listed.find((t) => t.runId === workflowId);
      if (!task) throw new Error('no task');
      await w.services.tasks.decide(task, officer, { agencyCode: '000.00.00.H56' });
    });
    expect(result.output).toEqual({ routedTo: '000.00.00.H56' });
  });

  it('no decision: a reminder, then the timeout branch', async () => {
    const result = await run(taskFlow('nhiem-vu-qua-han', { deadline: { hours: 0.0004 }, reminders: [0.5] }, true), 'task-timeout', () => Promise.resolve());
    expect(result.output).toEqual({ late: true });
  });
});
