import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addWorkingDays } from '@lienthong/flow';
import { IOC_PATH, simAccounts } from '@lienthong/simulators';
import { useTestPlatform } from '../helpers/suite.js';
import { sessionOfNewUser } from '../helpers/users.js';
import { waitFor } from '../helpers/wait.js';

// DOMAIN §7.d step 4 [ASM: 10 working days, per category]: examples/phan-anh-kien-nghi.json reads each category's answer
// deadline (working days) and duplicate window (hours) from its rules table (node quy_tac). An environment item
// (moi_truong: 5 days, 48 h) gets a task due 5 working days on and the IOC hears that date; a repeat 47 h after it is
// rejected as its duplicate, one 49 h after it is not (the 72 h a street-lighting item keeps would have caught it). A
// handled category without its own rule keeps 10 working days.

const FLOW = 'phan-anh-kien-nghi';
const CAM_THANH = '000.25.94.H48';
const HOUR = 3_600_000;
const headers = { 'content-type': 'application/json', 'x-api-key': simAccounts.ioc.apiKey };
interface Item { id: string; receivedAt: string; content: string; category: string; location: { communeCode: string }; history: { from: string; to: string; note?: string }[] }
interface Task { taskId: string; runId: string; nodeId: string; agency: string; dueAt: string; createdAt: string }

describe('7.d feedback: deadlines and duplicate windows per category (examples/phan-anh-kien-nghi.json)', () => {
  const p = useTestPlatform();
  const ioc = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const r = await fetch(`${p.simulators?.url ?? ''}${IOC_PATH}/${path}`, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
    return (await r.json()) as Item;
  };
  const report = async (content: string, category: string) => ioc('GET', `feedback/${(await ioc('POST', 'feedback', { channel: 'app', content, category, location: { communeCode: '21025' } })).id}`);
  /** Starts the flow for an item; `receivedAt` stands for when the IOC stamped a later arrival. */
  const start = async (item: Item, receivedAt = item.receivedAt) => {
    const r = await p.request('POST', `/api/v1/flows/${FLOW}/runs?wait=0s`, { feedbackId: item.id, category: item.category, communeCode: '21025', content: item.content, receivedAt });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    return r.body.runId as string;
  };
  const run = (runId: string) => p.request('GET', `/api/v1/runs/${runId}`);
  const answerTask = (token: string, runId: string) => waitFor('the answer task', async () => ((await p.requestAs(token, 'GET', '/api/v1/tasks?box=agency&state=open')).body.tasks as Task[])
    .find((t) => t.runId === runId && t.nodeId === 'tra_loi'), (t) => t !== undefined, 60_000) as Promise<Task>;

  it('an environment item is due in 5 working days and the IOC is told so; a repeat inside 48 h is rejected, one after it is not', async () => {
    const cal = await p.services.catalogues.calendar();
    const officer = await sessionOfNewUser(p, 'can-bo-moi-truong-cam-thanh', [{ role: 'officer', agency: CAM_THANH }]);
    const original = await report('Rác thải đổ trộm bên bờ sông Trà Khúc, gần cầu Trà Khúc 1', 'moi_truong');
    const first = await start(original);

    // The task is due 5 working days after it was opened (the working calendar), and the IOC heard the due date counted from receipt.
    const task = await answerTask(officer, first);
    expect(task.agency).toBe(CAM_THANH);
    expect(Date.parse(task.dueAt)).toBe(Date.parse(addWorkingDays(cal, task.createdAt, 5)));
    const dueAt = addWorkingDays(cal, original.receivedAt, 5);
    const told = await waitFor('the IOC hears the assignment', () => ioc('GET', `feedback/${original.id}`), (i) => i.history.some((h) => h.to === 'assigned'));
    expect(told.history.find((h) => h.to === 'assigned')?.note).toBe(`Hạn trả lời ${dueAt}`);
    const [row] = (await p.db.db.execute(sql`select due_at from ioc_feedback where feedback_id = ${original.id}`)).rows as { due_at: Date | string }[];
    expect(new Date(row?.due_at ?? 0).getTime()).toBe(Date.parse(dueAt));

    // The same report 47 h later is inside the category's 48 h window: rejected as the original's duplicate.
    const inside = await report('Rác thải đổ trộm bên bờ sông Trà Khúc - gần cầu Trà Khúc 1!', 'moi_truong');
    const second = await start(inside, new Date(Date.parse(original.receivedAt) + 47 * HOUR).toISOString());
    const rejected = await waitFor('the repeat ends', () => run(second), (r) => r.body?.status !== 'running', 60_000);
    expect(rejected.body).toMatchObject({ status: 'completed', output: { feedbackId: inside.id, status: 'rejected', duplicateOf: original.id } });

    // 49 h later it is outside the window: verified and routed like a new item.
    const outside = await report('Rác thải đổ trộm bên bờ sông Trà Khúc, gần cầu Trà Khúc 1.', 'moi_truong');
    const third = await start(outside, new Date(Date.parse(original.receivedAt) + 49 * HOUR).toISOString());
    await answerTask(officer, third);
    expect((await ioc('GET', `feedback/${outside.id}`)).history.map((h) => h.to)).toEqual(['verified', 'assigned']);
    const rows = (await p.db.db.execute(sql`select feedback_id, status, duplicate_of from ioc_feedback order by received_at`)).rows;
    expect(rows).toEqual([
      { feedback_id: original.id, status: 'assigned', duplicate_of: null },
      { feedback_id: inside.id, status: 'rejected', duplicate_of: original.id },
      { feedback_id: outside.id, status: 'assigned', duplicate_of: null },
    ]);

    // Leave nothing waiting: cancelling a run closes its open task.
    for (const runId of [first, third]) expect((await p.request('POST', `/api/v1/runs/${encodeURIComponent(runId)}/cancel`)).status).toBeLessThan(300);
  });

  it('a handled category without its own rule falls back to 10 working days', async () => {
    const cal = await p.services.catalogues.calendar();
    // No unit is listed for traffic in Cẩm Thành either: the provincial office gets it.
    const office = await sessionOfNewUser(p, 'can-bo-pakn-van-phong', [{ role: 'officer', agency: '000.00.92.H48' }]);
    const traffic = await report('Đèn tín hiệu giao thông ngã tư Quang Trung - Hùng Vương không hoạt động', 'giao_thong');
    const runId = await start(traffic);
    const task = await answerTask(office, runId);
    expect(Date.parse(task.dueAt)).toBe(Date.parse(addWorkingDays(cal, task.createdAt, 10)));
    const told = await waitFor('the IOC hears the assignment', () => ioc('GET', `feedback/${traffic.id}`), (i) => i.history.some((h) => h.to === 'assigned'));
    expect(told.history.find((h) => h.to === 'assigned')?.note).toBe(`Hạn trả lời ${addWorkingDays(cal, traffic.receivedAt, 10)}`);
    expect((await p.request('POST', `/api/v1/runs/${encodeURIComponent(runId)}/cancel`)).status).toBeLessThan(300);
  });
});
