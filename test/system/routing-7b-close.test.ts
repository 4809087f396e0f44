import { describe, expect, it } from 'vitest';
import { addWorkingDays } from '@lienthong/flow';
import { useTestPlatform } from '../helpers/suite.js';
import { sessionOfNewUser } from '../helpers/users.js';
import { until } from './flow-harness.js';

// DOMAIN §7.b on the platform as `npm start` publishes examples/dieu-phoi-ho-so.json: the handling task's deadline is the
// procedure's processing time from the procedure catalogue (less the working day kept to return the result), a task
// node's working days given by an expression over run data; an expression giving no usable number fails the run with
// a code naming the node.

const TU_PHAP = '000.00.91.H48';
const CAM_THANH = '000.25.94.H48';
const FLOW = 'dieu-phoi-ho-so';
const dossier = (n: number, procedureCode: string, procedureName: string) => ({
  dossierNo: `000.25.94.H48-261206-${String(n).padStart(4, '0')}`, procedureCode, procedureName, applicantName: 'Nguyễn Văn An',
  applicantEmail: 'nguyenvanan@example.vn', communeCode: '21025', receivedAt: '20261204083000', components: ['to-khai.pdf'],
});
interface Task { taskId: string; runId: string; nodeId: string; agency: string; dueAt: string; createdAt: string }

const deadlineFlow = {
  key: 'han-theo-bieu-thuc', title: { vi: 'Hạn theo biểu thức', en: 'Deadline from an expression' },
  nodes: {
    start: { kind: 'trigger', trigger: { type: 'api' } },
    ask: { kind: 'task', assignee: { role: 'officer' }, form: { type: 'object', properties: { ok: { type: 'boolean' } } }, deadline: { workingDays: '$input.days' } },
    done: { kind: 'end', output: '$nodes.ask.output' },
  },
  edges: [{ id: 'e1', source: 'start', target: 'ask' }, { id: 'e2', source: 'ask', target: 'done' }],
};

describe('7.b: the handling deadline from the procedure catalogue', () => {
  const p = useTestPlatform({ flows: [deadlineFlow] });

  async function handlingTask(token: string, input: Record<string, unknown>): Promise<Task> {
    const started = await p.request('POST', `/api/v1/flows/${FLOW}/runs?wait=0s`, input);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const runId = started.body.runId as string;
    await until(() => p.request('GET', `/api/v1/runs/${runId}`), (r) => r.body?.nodes?.cho_tiep_nhan?.status === 'waiting', 600);
    expect((await p.request('POST', `/api/v1/runs/${encodeURIComponent(runId)}/signals/edxml`, { statusCode: '03' })).status).toBeLessThan(300);
    const inbox = await until(() => p.requestAs(token, 'GET', '/api/v1/tasks?box=agency&state=open'),
      (r) => (r.body?.tasks ?? []).some((t: Task) => t.runId === runId && t.nodeId === 'xu_ly'), 600);
    return (inbox.body.tasks as Task[]).find((t) => t.runId === runId && t.nodeId === 'xu_ly') as Task;
  }

  it('a 10-working-day procedure gives its officer 9 working days; a same-day one keeps 3', async () => {
    const cal = await p.services.catalogues.calendar();
    const justice = await sessionOfNewUser(p, 'can-bo-tu-phap-han', [{ role: 'officer', agency: TU_PHAP }]);
    const lyLich = await handlingTask(justice, dossier(91, '2.001234.000.00.00.H48', 'Cấp phiếu lý lịch tư pháp'));
    expect(lyLich.agency).toBe(TU_PHAP);
    expect(Date.parse(lyLich.dueAt)).toBe(Date.parse(addWorkingDays(cal, lyLich.createdAt, 9)));

    const commune = await sessionOfNewUser(p, 'can-bo-cam-thanh-han', [{ role: 'officer', agency: CAM_THANH }]);
    const khaiSinh = await handlingTask(commune, dossier(92, '1.001193.000.00.00.H48', 'Đăng ký khai sinh'));
    expect(Date.parse(khaiSinh.dueAt)).toBe(Date.parse(addWorkingDays(cal, khaiSinh.createdAt, 3)));
  });

  it('a working-days expression that gives no whole number from 1 to 365 fails the run with a code naming the node', async () => {
    for (const days of [0, 2.5, 'ba']) {
      const r = await p.request('POST', `/api/v1/flows/${deadlineFlow.key}/runs?wait=0s`, { days });
      const runId = r.body.runId as string;
      const failed = await until(() => p.request('GET', `/api/v1/runs/${runId}`), (x) => x.body?.status === 'failed', 600);
      expect(failed.body.error).toMatchObject({ code: 'FLOW_TASK_BAD_DEADLINE', where: { nodeId: 'ask', pointer: '/nodes/ask/deadline/workingDays' } });
    }
  });
});
