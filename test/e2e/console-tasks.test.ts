import { describe, expect, it } from 'vitest';
import { screenshot, useBrowserPlatform, waitFor } from './browser.js';
import { newUser, signIn } from './sign-in.js';

// Issue 18, the core of Done-when 1: a dossier the routing table cannot place becomes a classification task in the
// dispatcher's inbox; the dispatcher decides in the task's form; the run continues with that decision.

const H48 = '000.25.94.H48';
const H56 = '000.25.94.H56';

const routingFlow = {
  key: 'dinh-tuyen-ho-so', title: { vi: 'Định tuyến hồ sơ', en: 'Route a dossier' },
  inputSchema: { type: 'object', required: ['dossierNo', 'procedureCode'], properties: { dossierNo: { type: 'string' }, procedureCode: { type: 'string' } } },
  settings: { businessKeys: { dossierNo: '$input.dossierNo' } },
  nodes: {
    start: { kind: 'trigger', trigger: { type: 'api' } },
    // The routing table: a known procedure goes to its agency; anything else needs a person.
    route: { kind: 'switch', cases: [{ handle: 'ho_tich', when: "$input.procedureCode = '1.001193.000.00.00.H48'" }] },
    known: { kind: 'end', output: `{ 'routedTo': '${H48}', 'by': 'routing-table' }` },
    classify: {
      kind: 'task', title: { vi: 'Phân loại hồ sơ chưa có tuyến', en: 'Classify an unrouted dossier' },
      assignee: { role: 'officer', agency: H48 }, deadline: { workingDays: 2 }, reminders: [0.5],
      context: "{ 'dossierNo': $input.dossierNo, 'procedureCode': $input.procedureCode }",
      form: { type: 'object', required: ['agencyCode'], additionalProperties: false, properties: {
        agencyCode: { type: 'string', title: 'Cơ quan xử lý', enum: [H48, H56] }, note: { type: 'string', title: 'Ghi chú', maxLength: 200 } } },
    },
    routed: { kind: 'end', output: "{ 'routedTo': $nodes.classify.output.agencyCode, 'note': $nodes.classify.output.note, 'by': 'dispatcher' }" },
  },
  edges: [
    { id: 'e1', source: 'start', target: 'route' }, { id: 'e2', source: 'route', sourceHandle: 'ho_tich', target: 'known' },
    { id: 'e3', source: 'route', sourceHandle: 'default', target: 'classify' }, { id: 'e4', source: 'classify', target: 'routed' },
  ],
};

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, tries = 200): Promise<T> {
  for (let i = 0; ; i++) {
    const v = await read();
    if (done(v) || i >= tries) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('the officers\' task inbox in headless Chromium', () => {
  const e2e = useBrowserPlatform();

  it('an unrouted dossier is a task in the dispatcher\'s inbox; the dispatcher decides in the form and the run continues with it', async () => {
    const { p } = e2e;
    expect((await p.request('POST', '/api/v1/flows', routingFlow)).status).toBe(201);
    const dossierNo = '000.25.94.H48-261206-0042';
    const started = await p.request('POST', '/api/v1/flows/dinh-tuyen-ho-so/runs?wait=0s', { dossierNo, procedureCode: '2.000001.000.00.00.H48' });
    expect(started.status).toBe(202);
    const runId = started.body.runId as string;
    const listed = await until(() => p.request('GET', '/api/v1/tasks?box=agency'), (r) => (r.body?.tasks ?? []).some((x: { runId: string }) => x.runId === runId));
    const taskId = (listed.body.tasks as { runId: string; taskId: string }[]).find((x) => x.runId === runId)?.taskId as string;

    // The province's dispatcher (an officer of no one agency) signs in at the root and lands on the tasks; the task is
    // the agency's, not yet anybody's.
    const page = await signIn(e2e.browser, p, 'dieu-phoi', await newUser(p, 'dieu-phoi', [{ role: 'officer' }]), '/');
    await waitFor(page, 'tasks-page');
    expect(new URL(page.url()).pathname).toBe('/tasks');
    await page.getByTestId('tasks-box-agency').click();
    await waitFor(page, `task-row-${taskId}`, '[data-state="open"]');
    await screenshot(page, 'console-tasks-vi');

    await page.getByTestId(`task-link-${taskId}`).click();
    await waitFor(page, 'task-detail', '[data-state="open"]');
    expect(await page.getByTestId('task-context-dossierNo').innerText()).toBe(dossierNo);
    await page.getByTestId('task-claim').click();
    await waitFor(page, 'task-unclaim');
    expect(await page.getByTestId('task-claimed-by').innerText()).toBe('dieu-phoi');

    // The decision, in the form generated from the task's schema.
    await page.getByTestId('task-field-agencyCode').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: H56 }).click();
    await page.getByTestId('task-field-note').fill('Thuộc thẩm quyền cấp huyện');
    await screenshot(page, 'console-task-decide-vi');
    await page.getByTestId('task-decide').click();
    await waitFor(page, 'task-detail', '[data-state="decided"]');
    await waitFor(page, 'task-decided');

    const done = await until(() => p.request('GET', `/api/v1/runs/${runId}`), (r) => r.body?.status === 'completed');
    expect(done.body.output).toEqual({ routedTo: H56, note: 'Thuộc thẩm quyền cấp huyện', by: 'dispatcher' });

    // The run's detail shows who did what on its task.
    await page.getByTestId('task-run-link').click();
    await waitFor(page, 'run-status', '[data-status="completed"]');
    await waitFor(page, 'run-task-events');
    const actions = await page.locator('[data-testid="run-task-events-table"] [data-testid="task-event"]').evaluateAll(
      (rows) => rows.map((r) => [r.getAttribute('data-action'), r.getAttribute('data-actor')]));
    expect(actions).toEqual([['created', 'platform:tasks'], ['claimed', 'user:dieu-phoi'], ['decided', 'user:dieu-phoi']]);
    await page.close();
  });
});
