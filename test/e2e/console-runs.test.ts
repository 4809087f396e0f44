import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { curl, registerSystem } from '../helpers/agency.js';
import { recordOnChangedInterpreter } from '../helpers/changed-interpreter.js';
import { connect, screenshot, useBrowserPlatform, waitFor } from './browser.js';
import { newUser, signIn } from './sign-in.js';

const dossier = (n: number) => ({
  dossierNo: `000.25.94.H48-261206-${String(n).padStart(4, '0')}`, procedureCode: '1.001193.000.00.00.H48', procedureName: 'Đăng ký khai sinh',
  applicantName: 'Nguyễn Văn An', receivedAt: '20261206083000', dueAt: '20261220170000', handlingAgencyCode: '000.25.94.H48',
});
const citizen = (n: number) => ({
  dossierNo: `000.25.94.H48-261206-${String(n).padStart(4, '0')}`, procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
  applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' },
});

const DAY_MS = 86_400_000;
const cli = fileURLToPath(new URL('../../apps/cli/dist/main.js', import.meta.url));

/** The CLI as an auditor runs it, asynchronously (the platform answering it runs in this test's process). */
const lienthong = (args: string[], env: Record<string, string>) => new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
  execFile(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 }, (err, stdout, stderr) => {
    resolve({ status: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
  });
});

/** Asks the API until `done` holds (the run moves on in the background); gives up after `tries`. */
async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, tries = 200): Promise<T> {
  for (let i = 0; ; i++) {
    const v = await read();
    if (done(v) || i >= tries) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Searches until the run shows (the visibility index takes a moment to list a new run). */
async function findRun(page: Page, runId: string): Promise<void> {
  const row = page.getByTestId(`run-row-${runId}`);
  for (let i = 0; i < 30; i++) {
    await page.getByTestId('runs-search').click();
    if (await row.waitFor({ timeout: 2000 }).then(() => true, () => false)) return;
  }
  await row.waitFor({ timeout: 2000 });
}

describe('the console\'s run screens in headless Chromium', () => {
  const e2e = useBrowserPlatform();

  it('an operator finds a dossier\'s run, reads the retried step and its error, sends the decision, and the run completes', async () => {
    // The portal refuses the dossier sync once: the step is retried and its first attempt's error recorded.
    e2e.p.simulators?.faults.set('dvcqg.DongBoHoSoMC', { status: 503, count: 1 });
    const input = dossier(1);
    // The short routing flow whose officer decides through its wait node (examples/dieu-phoi-ho-so.json has tasks now).
    const routing = JSON.parse(readFileSync(new URL('../fixtures/flows/dieu-phoi-cho-quyet-dinh.json', import.meta.url), 'utf8')) as unknown;
    expect((await e2e.p.request('POST', '/api/v1/flows', routing)).status).toBe(201);
    const started = await e2e.p.request('POST', '/api/v1/flows/dieu-phoi-cho-quyet-dinh/runs?wait=0s', input);
    expect(started.status).toBe(202);
    const runId = started.body.runId as string;
    const waiting = await until(() => e2e.p.request('GET', `/api/v1/runs/${runId}`), (r) => r.body?.nodes?.cho_xu_ly?.status === 'waiting');
    expect(waiting.body.nodes.tiep_nhan.status).toBe('succeeded');

    const page = await signIn(e2e.browser, e2e.p, 'van-hanh', await newUser(e2e.p, 'van-hanh', [{ role: 'operator' }]), '/runs');
    await waitFor(page, 'runs-page');
    await page.getByTestId('runs-dossier').fill(input.dossierNo);
    await findRun(page, runId);
    expect(await page.getByTestId(`run-row-${runId}`).getAttribute('data-status')).toBe('running');
    await screenshot(page, 'console-runs-vi');

    await page.getByTestId(`run-link-${runId}`).click();
    await waitFor(page, 'run-status', '[data-status="running"]');
    // The graph of the pinned version, each node with its status.
    await waitFor(page, 'node-tiep_nhan', '[data-status="succeeded"]');
    await waitFor(page, 'node-cho_xu_ly', '[data-status="waiting"]');
    // The sync step started on its second attempt, carrying the first attempt's error.
    const retried = page.locator('[data-testid="timeline-row"][data-type="ACTIVITY_TASK_STARTED"][data-attempt="2"]');
    await retried.waitFor();
    expect((await retried.getByTestId('timeline-error').innerText()).length).toBeGreaterThan(0);
    // The page scrolls inside its frame: a taller window shows the whole of it in one picture.
    await page.setViewportSize({ width: 1440, height: 2000 });
    await screenshot(page, 'console-run-detail-vi');
    await page.setViewportSize({ width: 1440, height: 1000 });

    // The officer's decision, through the form of the waiting node.
    await page.getByTestId('signal-payload-cho_xu_ly').fill(JSON.stringify({ decision: 'approved', officerId: 'cb-01' }));
    await page.getByTestId('signal-send-cho_xu_ly').click();
    await waitFor(page, 'run-status', '[data-status="completed"]');
    await waitFor(page, 'node-tra_ket_qua', '[data-status="succeeded"]');
    expect(JSON.parse(await page.getByTestId('run-output').innerText())).toMatchObject({ dossierNo: input.dossierNo });
    const done = await e2e.p.request('GET', `/api/v1/runs/${runId}`);
    expect(done.body.status).toBe('completed');

    // An operator may not publish: the designer opens read-only, straight from its URL.
    await page.goto(`${e2e.p.apiUrl}/flows/dieu-phoi-cho-quyet-dinh`);
    await waitFor(page, 'read-only');
    expect(await page.getByTestId('publish').count()).toBe(0);
    await page.close();
  });

  it('an agency viewer sees only its agency\'s runs, without their data; another agency\'s run is "not found"', async () => {
    const mine = await registerSystem(e2e.p, { code: 'motcua-h48', agencyCode: '000.00.00.H48', allowedFlows: ['xac-thuc-cong-dan'] });
    const theirs = await registerSystem(e2e.p, { code: 'motcua-h57', agencyCode: '000.00.00.H57', allowedFlows: ['xac-thuc-cong-dan'] });
    const run = async (k: typeof mine, n: number) => {
      const r = await curl(`${e2e.p.apiUrl}/api/v1/flows/xac-thuc-cong-dan/runs`, { user: `${k.accessKeyId}:${k.secretKey}`, body: JSON.stringify(citizen(n)) });
      expect(r.status).toBe(200);
      return r.body.runId as string;
    };
    const ours = await run(mine, 11);
    const other = await run(theirs, 12);

    // Signed in at the root, a viewer lands on the runs (people who design flows land on the flows).
    const page = await signIn(e2e.browser, e2e.p, 'xem-h48', await newUser(e2e.p, 'xem-h48', [{ role: 'agency-viewer', agency: '000.00.00.H48' }]), '/');
    await waitFor(page, 'runs-agency-note');
    expect(new URL(page.url()).pathname).toBe('/runs');
    await findRun(page, ours);
    expect(await page.getByTestId(`run-row-${other}`).count()).toBe(0);
    await page.getByTestId(`run-link-${ours}`).click();
    await waitFor(page, 'run-status', '[data-status="completed"]');
    await waitFor(page, 'run-data-hidden');
    expect(await page.getByTestId('run-output').count()).toBe(0);
    expect(await page.getByTestId('run-bundle').count()).toBe(1); // agency viewers hold audit.read for their agency
    await screenshot(page, 'console-run-agency-viewer-vi');

    await page.goto(`${e2e.p.apiUrl}/runs/${other}`);
    await waitFor(page, 'run-not-found');
    await page.close();
  });

  it('an auditor presses "verify replay" on a finished run and reads "deterministic"', async () => {
    const run = await e2e.p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs', citizen(31));
    expect(run.body.status).toBe('completed');
    const page = await signIn(e2e.browser, e2e.p, 'kiem-toan-2', await newUser(e2e.p, 'kiem-toan-2', [{ role: 'auditor' }]), `/runs/${run.body.runId}`);
    await waitFor(page, 'run-status', '[data-status="completed"]');
    await page.getByTestId('run-verify-replay').click();
    const result = await waitFor(page, 'replay-result', '[data-deterministic="true"]');
    expect(await result.innerText()).toContain('Tất định');
    await screenshot(page, 'console-run-verify-replay-vi');
    await page.close();
  });

  it('an auditor reads the event where a run recorded by a changed interpreter diverges; a bundle downloaded on the screen passes `lienthong replay` against the platform\'s key', async () => {
    const recorded = await recordOnChangedInterpreter(e2e.p, 'xac-thuc-cong-dan', citizen(33));
    await recorded.close(); // terminated: a finished history, which the screen offers to verify
    const password = await newUser(e2e.p, 'kiem-toan-3', [{ role: 'auditor' }]);
    const page = await signIn(e2e.browser, e2e.p, 'kiem-toan-3', password, `/runs/${recorded.runId}`);
    await waitFor(page, 'run-status', '[data-status="terminated"]');
    await page.getByTestId('run-verify-replay').click();
    const result = await waitFor(page, 'replay-result', '[data-deterministic="false"]');
    expect(await result.innerText()).toContain(`Không tất định: phát lại lệch tại sự kiện ${recorded.timerEventId} TIMER_STARTED`);
    await screenshot(page, 'console-run-replay-diverged-vi');

    // The bundle of a completed run, downloaded as the auditor does, checked by the CLI against the published key.
    const run = await e2e.p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs', citizen(34));
    expect(run.body.status).toBe('completed');
    await page.goto(`${e2e.p.apiUrl}/runs/${run.body.runId}`);
    await waitFor(page, 'run-status', '[data-status="completed"]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('run-bundle').click()]);
    const file = join(mkdtempSync(join(tmpdir(), 'lt-e2e-bundle-')), 'bundle.json');
    await download.saveAs(file);
    const replayed = await lienthong(['replay', file, '--platform', e2e.p.apiUrl],
      { LT_API_URL: e2e.p.apiUrl, LT_API_USER: 'kiem-toan-3', LT_API_PASSWORD: password, LT_MASTER_KEY: e2e.p.masterKey });
    expect(replayed.stdout + replayed.stderr).toContain('"deterministic": true');
    expect(replayed.status).toBe(0);
    await page.close();
  });

  it('a run past retention shows its archived metadata and says its data was destroyed', async () => {
    const example = await e2e.p.request('GET', '/api/v1/flows/xac-thuc-cong-dan');
    const document = { ...example.body.document, key: 'xac-thuc-30-ngay', settings: { ...example.body.document.settings, retentionDays: 30 } };
    expect((await e2e.p.request('POST', '/api/v1/flows', document)).status).toBe(201);
    const run = await e2e.p.request('POST', '/api/v1/flows/xac-thuc-30-ngay/runs', citizen(21));
    expect(run.body.status).toBe('completed');
    await e2e.p.services.retention.tick();
    const swept = await e2e.p.services.retention.tick(new Date(Date.now() + 31 * DAY_MS));
    expect(swept.destroyed).toContain(run.body.runId);

    const page = await signIn(e2e.browser, e2e.p, 'kiem-toan', await newUser(e2e.p, 'kiem-toan', [{ role: 'auditor' }]), `/runs/${run.body.runId}`);
    await waitFor(page, 'run-destroyed');
    await waitFor(page, 'run-status', '[data-status="completed"]');
    await screenshot(page, 'console-run-destroyed-vi');
    await page.close();
  });

  it('an admin\'s version diff names the draft as such, an unpublished change survives leaving the flow, a refused connection says why, and the screens switch to English', async () => {
    const page = await signIn(e2e.browser, e2e.p, 'admin', e2e.p.adminPassword, '/flows/tong-hop-bao-cao');
    await waitFor(page, 'editor');
    await page.getByTestId('tab-versions').click();
    await waitFor(page, 'version-1');
    await page.getByTestId('diff-from').selectOption('1');
    await page.getByTestId('diff-to').selectOption('draft');
    await page.getByTestId('show-diff').click();
    expect(await (await waitFor(page, 'diff-view')).getAttribute('aria-label')).toBe('Khác biệt v1 → Bản nháp');
    await page.getByTestId('diff-view-close').click();

    // An unpublished change survives leaving the flow for the list and opening it again.
    await page.getByTestId('node-chua_duyet').click();
    await page.getByTestId('delete').click();
    await page.getByTestId('nav-flows').click();
    await page.getByTestId('flow-tong-hop-bao-cao').click();
    await waitFor(page, 'node-tong_hop');
    expect(await page.getByTestId('node-chua_duyet').count()).toBe(0);
    // A refused connection says why: the roll-up back into the collection would be a loop.
    await connect(page, 'tong_hop', 'ok', 'thu_thap');
    expect(await (await waitFor(page, 'connect-refused')).innerText()).toContain('vòng lặp');

    await page.getByTestId('lang-toggle').click();
    await waitFor(page, 'nav-runs', ':has-text("Runs")');
    await page.getByTestId('nav-runs').click();
    await waitFor(page, 'runs-search', ':has-text("Search")');
    await page.close();
  });
});
