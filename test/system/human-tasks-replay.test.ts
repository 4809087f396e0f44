import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createServices, type Principal, type Services } from '@lienthong/services';
import { workflowsPath, type RunFlowResult } from '@lienthong/worker';
import type { DbHandle } from '@lienthong/db';
import { freshDatabase } from '../helpers/database.js';
import { runReplayedAndRecorded, until } from './flow-harness.js';
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
  let db: DbHandle;
  let client: Client;
  let native: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;
  let services: Services;
  const taskQueue = `tasks-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    db = await freshDatabase();
    const address = inject('temporalAddress');
    client = new Client({ connection: await Connection.connect({ address }) });
    services = createServices({ db: db.db, temporal: client, manifests: [], taskQueue });
    native = await NativeConnection.connect({ address });
    worker = await Worker.create({ connection: native, namespace: 'default', taskQueue, workflowsPath, activities: { ...services.tasks.activities } });
    running = worker.run();
  });
  afterAll(async () => {
    worker.shutdown();
    await running;
    await services.audit.flush();
    await native.close();
    await client.connection.close();
    await db.close();
  });

  const run = (doc: ReturnType<typeof taskFlow>, name: string, act: (workflowId: string) => Promise<void>): Promise<RunFlowResult> =>
    runReplayedAndRecorded(client, { taskQueue, name, doc, input: { dossierNo: '000.25.94.H48-261206-0007' }, agency: '000.00.00.H48', act });

  it('a decision: the task is created, decided through the update, and the run ends with it', async () => {
    const result = await run(taskFlow('nhiem-vu', { deadline: { hours: 24 }, reminders: [0.5] }), 'task-decision', async (workflowId) => {
      const listed = await until(() => services.tasks.list({ box: 'agency', username: 'can-bo' }), (rows) => rows.some((t) => t.runId === workflowId));
      const task = listed.find((t) => t.runId === workflowId);
      if (!task) throw new Error('no task');
      await services.tasks.decide(task, officer, { agencyCode: '000.00.00.H56' });
    });
    expect(result.output).toEqual({ routedTo: '000.00.00.H56' });
  });

  it('no decision: a reminder, then the timeout branch', async () => {
    const result = await run(taskFlow('nhiem-vu-qua-han', { deadline: { hours: 0.0004 }, reminders: [0.5] }, true), 'task-timeout', () => Promise.resolve());
    expect(result.output).toEqual({ late: true });
  });
});
