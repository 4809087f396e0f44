import { readFileSync } from 'node:fs';
import { WorkflowNotFoundError } from '@temporalio/client';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useRawTemporalClient, useTestPlatform } from '../helpers/suite.js';
import { sessionOfNewUser } from '../helpers/users.js';
import { until } from './flow-harness.js';

// DOMAIN §7.b step 8 and R-02 on the example as `npm start` publishes it: a dossier flow kept 0 days (`settings.retentionDays: 0`) loses what it exchanged as soon as
// the dossier closes — its Temporal history and its 7.a child's, its step data, its tasks' context, decision and comments —
// while the metadata (flow, version, status, times, who decided and when, hashed keys) and the audit log's close summary
// stay. A dossier still open keeps everything.

const FLOW = 'dieu-phoi-ho-so';
const CAM_THANH = '000.25.94.H48';
const ID = '051090123456';
const example = JSON.parse(readFileSync(new URL('../../examples/dieu-phoi-ho-so.json', import.meta.url), 'utf8')) as { settings?: Record<string, unknown> };
const dossier = (n: number) => ({
  dossierNo: `000.25.94.H48-261209-${String(n).padStart(4, '0')}`, procedureCode: '1.001193.000.00.00.H48', procedureName: 'Đăng ký khai sinh',
  applicantName: 'Nguyễn Văn An', applicant: { soDinhDanh: ID, hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' }, officerId: 'can-bo-mot-cua-01',
  communeCode: '21025', receivedAt: '20261204083000', components: ['to-khai.pdf'],
});
interface Task { taskId: string; runId: string; nodeId: string; state: string; decidedBy: string | null; decidedAt: string | null; context?: unknown; decision?: unknown; destroyed?: { code: string } }

describe('7.b at close: the dossier\'s content is destroyed (R-02), its metadata and audit summary stay', () => {
  const p = useTestPlatform();
  const raw = useRawTemporalClient();
  const run = (runId: string, token?: string) => (token ? p.requestAs(token, 'GET', `/api/v1/runs/${encodeURIComponent(runId)}`) : p.request('GET', `/api/v1/runs/${encodeURIComponent(runId)}`));
  const gone = (workflowId: string) => raw.workflow.getHandle(workflowId).describe().then(() => false, (e: unknown) => e instanceof WorkflowNotFoundError);

  it('the example keeps its runs 0 days', () => {
    expect(example.settings?.retentionDays).toBe(0);
  });

  async function received(n: number): Promise<string> {
    const started = await p.request('POST', `/api/v1/flows/${FLOW}/runs?wait=0s`, dossier(n));
    expect(started.status, started.text).toBe(202);
    const runId = started.body.runId as string;
    await until(() => run(runId), (r) => r.body?.nodes?.cho_tiep_nhan?.status === 'waiting', 600);
    return runId;
  }

  it('a closed dossier: histories gone, the run answers RUN_DATA_DESTROYED, metadata, audit and task metadata stay; an open one keeps everything', async () => {
    const auditor = await sessionOfNewUser(p, 'kiem-toan-r02', [{ role: 'auditor' }]);
    const officer = await sessionOfNewUser(p, 'can-bo-cam-thanh-r02', [{ role: 'officer', agency: CAM_THANH }]);
    const open = await received(1);
    const closing = await received(2);
    const child = `${closing}/xac_thuc_nguoi_nop`; // the 7.a subflow's child run
    expect(await gone(child)).toBe(false);

    // The agency takes it (edXML 03); its officer comments and approves: the dossier closes.
    expect((await p.request('POST', `/api/v1/runs/${encodeURIComponent(closing)}/signals/edxml`, { statusCode: '03' })).status).toBeLessThan(300);
    const inbox = await until(() => p.requestAs(officer, 'GET', '/api/v1/tasks?box=agency&state=open'),
      (r) => (r.body?.tasks ?? []).some((t: Task) => t.runId === closing && t.nodeId === 'xu_ly'), 600);
    const task = (inbox.body.tasks as Task[]).find((t) => t.runId === closing && t.nodeId === 'xu_ly') as Task;
    const before = await p.requestAs(officer, 'GET', `/api/v1/tasks/${task.taskId}`);
    expect(JSON.stringify(before.body.context)).toContain('000.25.94.H48-261209-0002'); // what the officer saw while it was open
    expect((await p.requestAs(officer, 'POST', `/api/v1/tasks/${task.taskId}/comments`, { text: 'Hồ sơ của Nguyễn Văn An đủ điều kiện' })).status).toBeLessThan(300);
    expect((await p.requestAs(officer, 'POST', `/api/v1/tasks/${task.taskId}/decision`, { outcome: 'approved' })).status).toBe(200);

    // At close, without waiting for the retention schedule: the run's data and both histories are gone.
    const destroyed = await until(() => run(closing, auditor), (r) => r.status === 410, 600);
    expect(destroyed.body.error).toMatchObject({ code: 'RUN_DATA_DESTROYED' });
    await until(async () => (await gone(closing)) && (await gone(child)), (x) => x, 600);
    for (const more of ['timeline', 'bundle']) {
      const r = await p.requestAs(auditor, 'GET', `/api/v1/runs/${encodeURIComponent(closing)}/${more}`);
      expect([more, r.status, r.body.error?.code]).toEqual([more, 410, 'RUN_DATA_DESTROYED']);
    }

    // Its metadata stays: flow, version, status, times, the dossier number as a keyed hash only.
    const record = await p.requestAs(auditor, 'GET', `/api/v1/run-records/${encodeURIComponent(closing)}`);
    expect(record.status, record.text).toBe(200);
    expect(record.body).toMatchObject({ runId: closing, flowKey: FLOW, status: 'completed', retention: { days: 0 }, destroyed: { code: 'RUN_DATA_DESTROYED' } });
    expect(record.body.personal).toBeUndefined();
    expect(record.body.businessKeyHashes).toHaveLength(1);
    const row = (await p.db.db.execute(sql`select business_keys from runs where run_id = ${closing}`)).rows[0];
    expect(row).toMatchObject({ business_keys: null });

    // The audit log keeps the close summary (with its flow) and says when the data was destroyed.
    await p.services.audit.flush();
    // (Filtered by action: polling the run above wrote many reads of it.)
    for (const action of ['flow.dossier.close', 'runs.retention.destroy']) {
      const log = await p.requestAs(auditor, 'GET', `/api/v1/audit?runId=${encodeURIComponent(closing)}&action=${action}`);
      expect(log.body, action).toEqual([expect.objectContaining({ action, flowKey: FLOW, runId: closing })]);
    }

    // The task: who decided, when and how late stay; what it showed, the decision and the comment's text are gone.
    const after = await p.requestAs(officer, 'GET', `/api/v1/tasks/${task.taskId}`);
    expect(after.status, after.text).toBe(200);
    expect(after.body).toMatchObject({ state: 'decided', decidedBy: 'can-bo-cam-thanh-r02', context: null, decision: null, destroyed: { code: 'RUN_DATA_DESTROYED' } });
    expect(after.body.decidedAt).toEqual(expect.any(String));
    const listed = await p.requestAs(officer, 'GET', '/api/v1/tasks?box=agency&state=decided');
    expect((listed.body.tasks as Task[]).find((t) => t.taskId === task.taskId)?.destroyed).toMatchObject({ code: 'RUN_DATA_DESTROYED' });
    const events = await p.requestAs(officer, 'GET', `/api/v1/tasks/${task.taskId}/events`);
    expect((events.body as { action: string }[]).map((e) => e.action)).toEqual(expect.arrayContaining(['created', 'commented', 'decided']));
    expect(JSON.stringify(events.body)).not.toContain('Nguyễn Văn An');
    const stored = JSON.stringify((await p.db.db.execute(sql`select t.context, t.decision, e.detail from human_tasks t join human_task_events e on e.task_id = t.id where t.run_id = ${closing}`)).rows);
    expect(stored).not.toContain('000.25.94.H48-261209-0002');

    // The dossier still open keeps its run, history, child run and data.
    const stillOpen = await run(open, auditor);
    expect(stillOpen.status).toBe(200);
    expect(stillOpen.body.status).toBe('running');
    expect([await gone(open), await gone(`${open}/xac_thuc_nguoi_nop`)]).toEqual([false, false]);
    const openRecord = await p.requestAs(auditor, 'GET', `/api/v1/run-records/${encodeURIComponent(open)}`);
    expect(openRecord.body.destroyed).toBeUndefined();
    expect((await p.request('POST', `/api/v1/runs/${encodeURIComponent(open)}/cancel`)).status).toBeLessThan(300);
  });
});
