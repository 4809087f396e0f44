import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { registerSystem, sdkSigned, send, type SystemKeys } from '../helpers/agency.js';
import type { TestPlatform } from '../helpers/platform.js';
import { screenshot, useBrowserPlatform, waitFor } from './browser.js';
import { newUser, signIn } from './sign-in.js';

const run = promisify(execFile);
const SECRET_CONTENT = 'NỘI-DUNG-MẬT-HỒ-SƠ-9C1E';
const signed = async (p: TestPlatform, k: SystemKeys, method: string, path: string, body?: unknown) =>
  send(await sdkSigned(p.apiUrl, k, method, path, body === undefined ? undefined : JSON.stringify(body)));

describe('the exchanges screen and the flow catalogue in headless Chromium', () => {
  const e2e = useBrowserPlatform();
  let src: SystemKeys, dst: SystemKeys, other: SystemKeys;
  const ids: string[] = [];
  let seeded: Promise<void> | undefined;
  const seed = () => (seeded ??= seedExchanges());
  const content = Buffer.from(JSON.stringify({ maHoSo: '000.00.53.H48-260115-0099', ghiChu: SECRET_CONTENT }));

  /** Three systems of three agencies; 23 exchanges from src to dst (the last with its content uploaded) and one the other way. */
  async function seedExchanges(): Promise<void> {
    const p = e2e.p;
    src = await registerSystem(p, { code: 'motcua-h48', agencyCode: '000.00.00.H48', allowedDestinations: ['*'], allowedFlows: ['xac-thuc-cong-dan'] });
    dst = await registerSystem(p, { code: 'qlvb-so-tp', agencyCode: '000.00.53.H48', allowedDestinations: ['*'] });
    other = await registerSystem(p, { code: 'qlvb-so-yt', agencyCode: '000.00.54.H48', allowedFlows: [] });
    const create = async (from: SystemKeys, to: string, n: number) => {
      const r = await signed(p, from, 'POST', '/api/v1/exchanges', { recipient: to, subject: `Chuyển hồ sơ TTHC số ${n}`, priority: n % 5 === 0 ? 'urgent' : 'normal', dataType: 'ho-so-tthc', protocol: 'json', size: content.length });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      ids.push(r.body.exchangeId as string);
      return r.body.exchangeId as string;
    };
    for (let n = 1; n <= 23; n++) await create(src, 'qlvb-so-tp', n);
    const up = await signed(p, src, 'PUT', `/api/v1/exchanges/${ids[22] as string}/content`, { content: content.toString('base64'), sha256: createHash('sha256').update(content).digest('hex'),
      policy: { allowedRecipients: ['000.00.53.H48'] } });
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    await create(dst, 'motcua-h48', 24);
  }

  it('an operator pages through the exchanges, filters by sender, recipient and status, and reads one\'s steps without its content', async () => {
    await seed();
    const page = await signIn(e2e.browser, e2e.p, 'van-hanh-trao-doi', await newUser(e2e.p, 'van-hanh-trao-doi', [{ role: 'operator' }]), '/runs');
    await page.getByTestId('nav-exchanges').click();
    await waitFor(page, 'exchanges-page');
    await waitFor(page, `exchange-row-${ids[23] as string}`);
    // Newest first, 20 to a page, 24 in all: the second page holds the four oldest.
    expect(await page.locator('[data-testid^="exchange-row-"]').count()).toBe(20);
    expect(await page.locator('.ant-pagination-total-text').textContent()).toBe('Tổng 24 gói tin');
    await screenshot(page, 'console-exchanges-vi');
    await page.locator('.ant-pagination-item-2').click();
    await waitFor(page, `exchange-row-${ids[0] as string}`);
    expect(await page.locator('[data-testid^="exchange-row-"]').count()).toBe(4);
    expect(page.url()).toContain('page=2');

    // Sent by the other agency's system to motcua-h48: one.
    await page.getByTestId('exchanges-sender').fill('qlvb-so-tp');
    await page.getByTestId('exchanges-search').click();
    await waitFor(page, `exchange-row-${ids[23] as string}`);
    expect(await page.locator('[data-testid^="exchange-row-"]').count()).toBe(1);
    // By agency code as recipient, and by status: the one with uploaded content has moved past space_allocated.
    await page.getByTestId('exchanges-sender').fill('');
    await page.getByTestId('exchanges-recipient').fill('000.00.53.H48');
    await page.getByTestId('exchanges-search').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="exchange-row-"]').length === 20);
    expect(await page.locator('.ant-pagination-total-text').textContent()).toBe('Tổng 23 gói tin');
    await page.goto(`${e2e.p.apiUrl}/exchanges?status=space_allocated&recipient=000.00.53.H48`);
    await waitFor(page, `exchange-row-${ids[21] as string}`);
    expect(await page.getByTestId(`exchange-row-${ids[22] as string}`).count()).toBe(0);

    // The exchange's steps, timestamps and hashes; never its content.
    await page.goto(`${e2e.p.apiUrl}/exchanges?open=${ids[22] as string}`);
    await waitFor(page, 'exchange-detail');
    await waitFor(page, 'exchange-event', '[data-status="uploaded"]');
    const statuses = await page.getByTestId('exchange-event').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    expect(statuses.slice(0, 3)).toEqual(['connected', 'space_allocated', 'uploaded']);
    expect(await page.getByTestId('exchange-detail').textContent()).toContain('sha256');
    expect(await page.content()).not.toContain(SECRET_CONTENT);
    await screenshot(page, 'console-exchange-detail-vi');
    await page.context().close();
  });

  it('an agency developer reads the flows its system may call and the shown curl call works once the keys are filled in', async () => {
    await seed();
    const page = await signIn(e2e.browser, e2e.p, 'lap-trinh-h48', await newUser(e2e.p, 'lap-trinh-h48', [{ role: 'agency-viewer', agency: '000.00.00.H48' }]), '/runs');
    // An agency's person sees the catalogue, not the platform's exchanges (operators' screen).
    expect(await page.getByTestId('nav-exchanges').count()).toBe(0);
    await page.getByTestId('nav-catalogue').click();
    await waitFor(page, 'catalogue-page');
    await waitFor(page, 'catalogue-flow-xac-thuc-cong-dan');
    expect(await page.getByTestId('catalogue-system').textContent()).toContain('motcua-h48');
    expect(await page.locator('[data-testid^="catalogue-flow-"]').count()).toBe(1); // granted one flow, not every published one
    const schema = await waitFor(page, 'catalogue-schema-xac-thuc-cong-dan');
    expect(await schema.textContent()).toContain('applicant.soDinhDanh');
    const curlText = (await (await waitFor(page, 'catalogue-curl-xac-thuc-cong-dan')).textContent()) ?? '';
    expect(curlText).toContain('--aws-sigv4');
    expect(curlText).not.toContain(src.secretKey);
    expect(await page.getByTestId('catalogue-client-xac-thuc-cong-dan').textContent()).toContain('@lienthong/client');
    await screenshot(page, 'console-catalogue-vi');

    // The developer fills in the system's keys (the export lines) and runs the example as shown.
    const script = curlText.split('\n').filter((l) => !l.startsWith('export ')).join('\n');
    const { stdout } = await run('bash', ['-c', script], { env: { ...process.env, LT_ACCESS_KEY_ID: src.accessKeyId, LT_SECRET_KEY: src.secretKey } });
    const answer = JSON.parse(stdout) as { runId?: string; status?: string; error?: unknown };
    expect(answer.error).toBeUndefined();
    expect(answer.runId).toMatch(/^run-/);
    await page.context().close();

    // Another agency's developer sees only its own system, which is granted nothing.
    const theirs = await signIn(e2e.browser, e2e.p, 'lap-trinh-h54', await newUser(e2e.p, 'lap-trinh-h54', [{ role: 'agency-viewer', agency: '000.00.54.H48' }]), '/catalogue');
    await waitFor(theirs, 'catalogue-no-flows');
    expect(await theirs.getByTestId('catalogue-system').textContent()).toContain(other.systemCode);
    expect(await theirs.content()).not.toContain('motcua-h48');
    await theirs.context().close();
  });
});
