import { describe, expect, it } from 'vitest';
import { useBrowserPlatform, waitFor } from './browser.js';
import { newUser, signIn } from './sign-in.js';

// Issue 18, Done-when 1 on the example flow itself (examples/dieu-phoi-ho-so.json, DOMAIN §7.b): a dossier the routing
// table cannot place is a classification task in the dispatcher's inbox; the dispatcher decides in the form; the dossier
// is routed and exchanged, the portal hears every transition; the flow opens in the designer without a problem.

const VP = '000.00.92.H48';
const CAM_THANH = '000.25.94.H48';

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, tries = 240): Promise<T> {
  for (let i = 0; ; i++) {
    const v = await read();
    if (done(v) || i >= tries) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('7.b dossier routing in headless Chromium', () => {
  const e2e = useBrowserPlatform();

  it('the dispatcher finds the classification task in the inbox, decides in the form, and the run completes with the dossier routed', async () => {
    const { p } = e2e;
    const dossierNo = '000.25.94.H48-261206-0073';
    const started = await p.request('POST', '/api/v1/flows/dieu-phoi-ho-so/runs?wait=0s', {
      dossierNo, procedureCode: '1.001193.000.00.00.H48', procedureName: 'Đăng ký khai sinh', applicantName: 'Lê Thị Hoa',
      communeCode: '21028', receivedAt: '20261204083000',
    });
    expect(started.status).toBe(202);
    const runId = started.body.runId as string;
    const listed = await until(() => p.request('GET', '/api/v1/tasks?box=agency&state=open'),
      (r) => (r.body?.tasks ?? []).some((x: { runId: string; nodeId: string }) => x.runId === runId && x.nodeId === 'phan_loai'));
    const taskId = (listed.body.tasks as { runId: string; taskId: string }[]).find((x) => x.runId === runId)?.taskId as string;
    expect(taskId).toBeTruthy();

    // The provincial office's dispatcher: the task is in the agency's inbox, with the dossier it is about.
    const page = await signIn(e2e.browser, p, 'dieu-phoi-vp', await newUser(p, 'dieu-phoi-vp', [{ role: 'officer', agency: VP }]), '/tasks');
    await waitFor(page, 'tasks-page');
    await page.getByTestId('tasks-box-agency').click();
    await waitFor(page, `task-row-${taskId}`, '[data-state="open"]');
    await page.getByTestId(`task-link-${taskId}`).click();
    await waitFor(page, 'task-detail', '[data-state="open"]');
    expect(await page.getByTestId('task-context-dossierNo').innerText()).toBe(dossierNo);
    expect(await page.getByTestId('task-context-communeCode').innerText()).toBe('21028');

    // The decision, in the form generated from the task's schema: the commune's People's Committee handles it.
    await page.getByTestId('task-field-agencyCode').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: CAM_THANH }).click();
    await page.getByTestId('task-field-note').fill('Nơi sinh thuộc phường Cẩm Thành');
    await page.getByTestId('task-decide').click();
    await waitFor(page, 'task-detail', '[data-state="decided"]');

    // Routed and exchanged: the run waits for the commune's edXML status; the commune takes it (03) and its officer approves.
    const sent = await until(() => p.request('GET', `/api/v1/runs/${runId}`), (r) => r.body?.nodes?.cho_tiep_nhan?.status === 'waiting');
    expect(sent.body.nodes.lien_thong.status).toBe('succeeded');
    expect((await p.request('POST', `/api/v1/runs/${encodeURIComponent(runId)}/signals/edxml`, { statusCode: '03' })).status).toBeLessThan(300);
    const officer = await p.login('can-bo-ct', await newUser(p, 'can-bo-ct', [{ role: 'officer', agency: CAM_THANH }]));
    const mine = await until(() => p.requestAs(officer, 'GET', '/api/v1/tasks?box=agency&state=open'),
      (r) => (r.body?.tasks ?? []).some((x: { runId: string; nodeId: string }) => x.runId === runId && x.nodeId === 'xu_ly'));
    const handle = (mine.body.tasks as { runId: string; nodeId: string; taskId: string }[]).find((x) => x.runId === runId && x.nodeId === 'xu_ly');
    expect((await p.requestAs(officer, 'POST', `/api/v1/tasks/${handle?.taskId ?? ''}/decision`, { outcome: 'approved' })).status).toBe(200);

    // Closed: the example keeps 0 days, so the dossier's data is destroyed at once; the audit log's close summary stays,
    // and the dispatcher's task keeps who decided and when but says its dossier data is gone.
    await until(() => p.request('GET', `/api/v1/run-records/${runId}`), (r) => r.body?.destroyed?.code === 'RUN_DATA_DESTROYED');
    await p.services.audit.flush();
    const log = await p.request('GET', `/api/v1/audit?runId=${encodeURIComponent(runId)}&action=flow.dossier.close`);
    expect(log.body[0]?.detail.summary).toMatchObject({ dossierNo, outcome: 'approved', agencyCode: CAM_THANH, classified: true });
    await page.reload();
    await waitFor(page, 'task-data-destroyed');
    const portal = p.simulators?.state<{ dossiers: Map<string, { progress: { TrangThai: string }[] }> }>('dvcqg', () => ({ dossiers: new Map() }));
    expect(portal?.dossiers.get(dossierNo)?.progress.map((x) => x.TrangThai)).toEqual(['4', '9']);

    await page.context().close();

    // The run's detail (as the admin: the dispatcher reads tasks, not runs): completed, its data destroyed at close.
    const admin = await signIn(e2e.browser, p, 'admin', p.adminPassword, `/runs/${encodeURIComponent(runId)}`);
    await waitFor(admin, 'run-status', '[data-status="completed"]');
    await waitFor(admin, 'run-destroyed');
    // The flow opens in the designer with no problem.
    await admin.goto(`${p.apiUrl}/flows/dieu-phoi-ho-so`);
    await waitFor(admin, 'validation-status', '[data-errors="0"]');
    await waitFor(admin, 'node-start');
    await admin.context().close();
  });
});
