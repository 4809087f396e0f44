import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addWorkingDays } from '@lienthong/flow';
import { IOC_PATH, simAccounts } from '@lienthong/simulators';
import { useTestPlatform } from '../helpers/suite.js';
import { sessionOfNewUser } from '../helpers/users.js';
import { waitFor } from '../helpers/wait.js';

// DOMAIN §7.d at full depth (issue 21, Done-when 4 and the IOC half of 5): examples/phan-anh-kien-nghi.json as `npm start`
// publishes it, on the real platform and the IOC simulator. A repeated report is rejected as a duplicate with its reason;
// the original is verified, routed by (category, commune), answered by the unit's officer in the task inbox, surveyed and
// closed; the IOC heard every transition in order. The quarterly statistics equal counts straight from the register.

const FLOW = 'phan-anh-kien-nghi';
const CAM_THANH = '000.25.94.H48';
const headers = { 'content-type': 'application/json', 'x-api-key': simAccounts.ioc.apiKey };
interface Item { id: string; receivedAt: string; content: string; category: string; location: { communeCode: string }; status: string; history: { from: string; to: string; note?: string }[] }

describe('7.d citizen feedback at full depth (examples/phan-anh-kien-nghi.json)', () => {
  const p = useTestPlatform();
  const ioc = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const r = await fetch(`${p.simulators?.url ?? ''}${IOC_PATH}/${path}`, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
    return (await r.json()) as Item;
  };
  /** A citizen reports through the IOC's app; the item as the IOC holds it. */
  const report = async (content: string, category: string, communeCode: string) => ioc('GET', `feedback/${(await ioc('POST', 'feedback', { channel: 'app', content, category, location: { communeCode } })).id}`);
  const start = async (item: Item) => {
    const r = await p.request('POST', `/api/v1/flows/${FLOW}/runs?wait=0s`, { feedbackId: item.id, category: item.category, communeCode: item.location.communeCode, content: item.content, receivedAt: item.receivedAt });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    return r.body.runId as string;
  };
  const run = (runId: string) => p.request('GET', `/api/v1/runs/${runId}`);
  const ended = (runId: string) => waitFor('the run ends', () => run(runId), (r) => r.body?.status !== 'running', 90_000);

  it('a duplicate is rejected with its reason; the original is routed, answered through the task, surveyed and closed; the IOC saw every transition in order', async () => {
    const officer = await sessionOfNewUser(p, 'can-bo-pakn-cam-thanh', [{ role: 'officer', agency: CAM_THANH }]);
    const original = await report('Đèn đường hỏng trên đường Hùng Vương, tổ 5', 'ha_tang_do_thi', '21025');
    const again = await report('Đèn đường hỏng trên đường Hùng Vương - tổ 5!', 'ha_tang_do_thi', '21025');
    const first = await start(original);

    // The original reaches the unit's inbox: routed to Phường Cẩm Thành, due in 10 working days.
    const waiting = await waitFor('the answer task created', () => run(first), (r) => r.body?.status !== 'running' || r.body?.nodes?.tra_loi?.status === 'waiting', 60_000);
    expect(waiting.body.status, JSON.stringify(waiting.body)).toBe('running');
    const task = await waitFor('the answer task', async () => ((await p.requestAs(officer, 'GET', '/api/v1/tasks?box=agency&state=open')).body.tasks as { taskId: string; runId: string; nodeId: string; agency: string; dueAt: string; createdAt: string }[])
      .find((t) => t.runId === first && t.nodeId === 'tra_loi'), (t) => t !== undefined);
    expect(task?.agency).toBe(CAM_THANH);
    // Street lighting (ha_tang_do_thi) keeps 10 working days in the example's per-category rules (other categories: ioc-feedback-categories.test.ts).
    expect(Date.parse(task?.dueAt ?? '')).toBe(Date.parse(addWorkingDays(await p.services.catalogues.calendar(), task?.createdAt ?? '', 10)));

    // The repeat (same content written differently, same commune, minutes later) is rejected as its duplicate.
    const second = await start(again);
    const dup = await ended(second);
    expect(dup.body).toMatchObject({ status: 'completed', output: { feedbackId: again.id, status: 'rejected', duplicateOf: original.id } });
    const rejected = await ioc('GET', `feedback/${again.id}`);
    expect(rejected.history.map((h) => [h.from, h.to])).toEqual([['received', 'rejected']]);
    expect(rejected.history[0]?.note).toContain(original.id);

    // The officer answers; the answer is published, the citizen rates it, the item is closed.
    const decided = await p.requestAs(officer, 'POST', `/api/v1/tasks/${task?.taskId ?? ''}/decision`, { answer: 'Đã thay bóng đèn ngày 05/12', by: 'Trần Văn Bình' });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    await waitFor('the survey wait', () => run(first), (r) => r.body?.nodes?.khao_sat?.status === 'waiting', 60_000);
    const bad = await p.request('POST', `/api/v1/runs/${encodeURIComponent(first)}/signals/khaoSat`, { score: 9 });
    expect([bad.status, bad.body.error?.code]).toEqual([400, 'RUN_SIGNAL_PAYLOAD_INVALID']);
    expect((await p.request('POST', `/api/v1/runs/${encodeURIComponent(first)}/signals/khaoSat`, { score: 4, comment: 'Xử lý nhanh' })).status).toBeLessThan(300);
    const done = await ended(first);
    expect(done.body).toMatchObject({ status: 'completed', output: { feedbackId: original.id, status: 'closed', unit: CAM_THANH, transitions: 5, survey: 4 } });

    // Every transition reached the IOC, in order, with the published answer and the survey.
    const item = await ioc('GET', `feedback/${original.id}`);
    expect(item.history.map((h) => h.to)).toEqual(['verified', 'assigned', 'processing', 'resolved', 'closed']);
    expect(item.history.map((h) => h.from)).toEqual(['received', 'verified', 'assigned', 'processing', 'resolved']);
    expect(item.history[3]?.note).toBe('Đã thay bóng đèn ngày 05/12');
    expect(item.history[4]?.note).toBe('Mức hài lòng 4/5');

    // The register holds both, and the quarter's statistics equal what it holds.
    const rows = (await p.db.db.execute(sql`select feedback_id, status, unit_code, duplicate_of, survey_score, answered_at <= due_at as on_time from ioc_feedback order by received_at`)).rows;
    expect(rows).toEqual([
      { feedback_id: original.id, status: 'closed', unit_code: CAM_THANH, duplicate_of: null, survey_score: 4, on_time: true },
      { feedback_id: again.id, status: 'rejected', unit_code: null, duplicate_of: original.id, survey_score: null, on_time: null },
    ]);
  });

  it('the quarterly statistics (R-34) equal counts straight from the register, for the admin and, scoped, for a unit', async () => {
    const local = new Date(Date.now() + 7 * 3_600_000);
    const quarter = `${local.getUTCFullYear()}-Q${Math.floor(local.getUTCMonth() / 3) + 1}`;
    const stats = await p.request('GET', `/api/v1/ioc/stats?quarter=${quarter}`);
    expect(stats.status, JSON.stringify(stats.body)).toBe(200);
    const [db] = (await p.db.db.execute(sql`select count(*)::int as received, count(verified_at)::int as verified, count(rejected_at)::int as rejected,
      count(*) filter (where answered_at <= due_at)::int as on_time, count(*) filter (where answered_at > due_at)::int as late, count(closed_at)::int as closed,
      avg(survey_score)::float as survey from ioc_feedback`)).rows as { received: number; verified: number; rejected: number; on_time: number; late: number; closed: number; survey: number }[];
    expect(stats.body.total).toMatchObject({ received: db?.received, verified: db?.verified, rejected: db?.rejected, answeredOnTime: db?.on_time, answeredLate: db?.late, closed: db?.closed, surveyAverage: db?.survey });
    expect(stats.body.total).toMatchObject({ received: 2, verified: 1, rejected: 1, answeredOnTime: 1, answeredLate: 0, closed: 1, surveyed: 1, surveyAverage: 4 });
    expect(stats.body.rows).toEqual(expect.arrayContaining([expect.objectContaining({ unitCode: CAM_THANH, category: 'ha_tang_do_thi', received: 1, closed: 1, surveyAverage: 4 })]));

    // A unit's officer sees only the items its unit handled; another unit's sees none of them.
    const own = await sessionOfNewUser(p, 'xem-pakn-cam-thanh', [{ role: 'officer', agency: CAM_THANH }]);
    const other = await sessionOfNewUser(p, 'xem-pakn-tu-phap', [{ role: 'officer', agency: '000.00.91.H48' }]);
    expect((await p.requestAs(own, 'GET', `/api/v1/ioc/stats?quarter=${quarter}`)).body.total).toMatchObject({ received: 1, rejected: 0, closed: 1 });
    expect((await p.requestAs(other, 'GET', `/api/v1/ioc/stats?quarter=${quarter}`)).body.total).toMatchObject({ received: 0 });
    // A quarter that is not one: 400 with a stable code and where.
    const badQuarter = await p.request('GET', '/api/v1/ioc/stats?quarter=2026-Q5');
    expect(badQuarter.status).toBe(400);
    expect(badQuarter.body.error.code).toBe('REQUEST_VALIDATION_FAILED');
  });
});
