import { describe, expect, it } from 'vitest';
import type { TestPlatform } from '../helpers/platform.js';
import { useBrowserPlatform, waitFor } from './browser.js';
import { newUser, signIn } from './sign-in.js';

// DOMAIN §7.b (examples/dieu-phoi-ho-so.json): a supplement request pauses the handling task's SLA clock until the
// citizen resubmits. The officer's task screen and the run's detail show when the clock stopped and started again and
// how far the deadline moved.

const CAM_THANH = '000.25.94.H48';
interface Task { taskId: string; runId: string; nodeId: string }

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, tries = 240): Promise<T> {
  for (let i = 0; ; i++) {
    const v = await read();
    if (done(v) || i >= tries) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function openTask(p: TestPlatform, token: string, runId: string, nodeId: string): Promise<Task> {
  const r = await until(() => p.requestAs(token, 'GET', '/api/v1/tasks?box=agency&state=open'),
    (x) => (x.body?.tasks ?? []).some((t: Task) => t.runId === runId && t.nodeId === nodeId));
  const t = (r.body.tasks as Task[]).find((x) => x.runId === runId && x.nodeId === nodeId);
  expect(t, `task ${nodeId}`).toBeTruthy();
  return t as Task;
}

describe('the SLA clock paused, in the console', () => {
  const e2e = useBrowserPlatform();

  it('the continuing task and the run detail show the pause (from, to) and the moved deadline', async () => {
    const { p } = e2e;
    const started = await p.request('POST', '/api/v1/flows/dieu-phoi-ho-so/runs?wait=0s', {
      dossierNo: '000.25.94.H48-261206-0075', procedureCode: '1.001193.000.00.00.H48', procedureName: 'Đăng ký khai sinh', applicantName: 'Lê Thị Hoa',
      communeCode: '21025', receivedAt: '20261204083000',
    });
    expect(started.status).toBe(202);
    const runId = started.body.runId as string;
    await until(() => p.request('GET', `/api/v1/runs/${runId}`), (r) => r.body?.nodes?.cho_tiep_nhan?.status === 'waiting');
    expect((await p.request('POST', `/api/v1/runs/${encodeURIComponent(runId)}/signals/edxml`, { statusCode: '03' })).status).toBeLessThan(300);
    const password = await newUser(p, 'can-bo-ct-sla', [{ role: 'officer', agency: CAM_THANH }]);
    const officer = await p.login('can-bo-ct-sla', password);
    const handle = await openTask(p, officer, runId, 'xu_ly');
    expect((await p.requestAs(officer, 'POST', `/api/v1/tasks/${handle.taskId}/decision`, { outcome: 'supplement', missing: 'Giấy chứng sinh' })).status).toBe(200);
    await until(() => p.request('GET', `/api/v1/runs/${runId}`), (r) => r.body?.nodes?.cho_bo_sung?.status === 'waiting');
    expect((await p.request('POST', `/api/v1/runs/${encodeURIComponent(runId)}/signals/boSung`, { components: ['giay-chung-sinh.pdf'] })).status).toBeLessThan(300);
    const resumed = await openTask(p, officer, runId, 'xu_ly_tiep');
    const created = ((await p.requestAs(officer, 'GET', `/api/v1/tasks/${resumed.taskId}/events`)).body as { action: string; detail: { pause?: { from: string; to: string } } }[])
      .find((e) => e.action === 'created');
    expect(created?.detail.pause).toBeTruthy();

    // The officer's task screen: the history says when the clock was paused.
    const page = await signIn(e2e.browser, p, 'can-bo-ct-sla', password, `/tasks/${resumed.taskId}`);
    await waitFor(page, 'task-detail', '[data-state="open"]');
    const shown = await waitFor(page, 'task-sla-pause', `[data-from="${created?.detail.pause?.from ?? ''}"][data-to="${created?.detail.pause?.to ?? ''}"]`);
    expect(await shown.innerText()).toMatch(/Đồng hồ hạn xử lý dừng từ .+ đến .+; hạn lùi từ .+ sang .+/);
    await page.context().close();

    // The run's detail (the admin's view of its task actions) shows the same pause.
    const admin = await signIn(e2e.browser, p, 'admin', p.adminPassword, `/runs/${encodeURIComponent(runId)}`, 'en');
    const onRun = await waitFor(admin, 'task-sla-pause');
    expect(await onRun.innerText()).toMatch(/SLA clock paused from .+ to .+ \(waiting on the citizen\); deadline moved from .+ to .+/);
    await admin.context().close();
  });
});
