import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '@lienthong/observability';
import { registerSystem } from '../helpers/agency.js';
import { screenshot, useBrowserPlatform, waitFor } from './browser.js';
import { newUser, signIn } from './sign-in.js';

// Issue 22 Done-when 3 in the browser: an operator opens an incident from an alert, completes the steps and
// announces the recovery time, which reaches the affected connected system's webhook, signed.

describe('the incidents screen in headless Chromium', () => {
  const e2e = useBrowserPlatform();
  let receiver: Server;
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
      req.on('end', () => { received.push({ headers: req.headers, body }); res.writeHead(204).end(); });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => { await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r())); });

  it('an operator opens an incident from the alert, completes its steps and announces the recovery', async () => {
    const { p } = e2e;
    await registerSystem(p, { code: 'mot-cua-tinh', agencyCode: '000.00.00.H48', allowedFlows: ['xac-thuc-cong-dan'] });
    expect((await p.request('PUT', '/api/v1/systems/mot-cua-tinh', { callbackUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/su-co` })).status).toBe(200);
    const secret = (await p.request('POST', '/api/v1/systems/mot-cua-tinh/callback-secret')).body.callbackSecret as string;
    const alert = await p.services.alerts.open({ key: 'system.silent:ngsp:population', rule: 'system.silent', subject: 'ngsp:population', severity: 'critical',
      message: { vi: 'CSDLQG về dân cư không trả lời', en: 'The population database does not answer' }, details: {} }, new Date());
    if (!alert) throw new Error('alert not opened');

    const page = await signIn(e2e.browser, p, 'truc-van-hanh', await newUser(p, 'truc-van-hanh', [{ role: 'operator' }]), '/alerts');
    await (await waitFor(page, `alert-incident-button-${alert.id}`)).click();
    await page.getByTestId('incident-systems').click();
    await page.keyboard.type('mot-cua-tinh');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.getByTestId('incident-open-confirm').click();

    // The new incident's page: the alert's title, every step still to do.
    await waitFor(page, 'incident-title-heading');
    expect(await page.getByTestId('incident-title-heading').textContent()).toBe('CSDLQG về dân cư không trả lời');
    const incidentId = new URL(page.url()).pathname.split('/').at(-1) as string;
    const doStep = async (step: string, fill: (() => Promise<void>) | null, note: string) => {
      await page.getByTestId(`incident-step-do-${step}`).click();
      await waitFor(page, 'incident-note');
      if (fill) await fill();
      await page.getByTestId('incident-note').fill(note);
      await page.getByTestId('incident-step-confirm').click();
      await waitFor(page, `incident-step-${step}`, '[data-state="done"]');
    };
    await doStep('isolate', null, 'Chuyển sang kiểm tra trực tiếp');
    await doStep('backup', () => page.getByTestId('incident-link').fill('backup-truoc-khac-phuc.ltbak'), 'Đã sao lưu');
    await doStep('onsite_log', null, 'Ghi nhật ký tại phòng máy');
    await doStep('escalate', null, 'Đã báo Giám đốc Sở');
    await doStep('announce_recovery', () => page.getByTestId('incident-eta').fill('2030-06-01T10:30'), 'Dự kiến khôi phục');

    await waitFor(page, 'incident-announcement-webhook-mot-cua-tinh');
    await waitFor(page, 'incident-eta-banner');
    expect(await page.getByTestId('incident-step-by-isolate').textContent()).toContain('user:truc-van-hanh');
    expect(await page.getByTestId('incident-step-by-backup').textContent()).toContain('backup-truoc-khac-phuc.ltbak');
    await screenshot(page, 'console-incidents-vi');

    // The connected system got the recovery time, signed with its callback secret.
    expect(received).toHaveLength(1);
    const [hook] = received as [(typeof received)[number]];
    expect(verifyWebhookSignature(secret, hook.body, hook.headers['x-lt-signature'] as string)).toBe(true);
    expect(JSON.parse(hook.body)).toMatchObject({ event: 'incident.recovery', incident: { id: incidentId, recoveryEta: new Date('2030-06-01T10:30').toISOString() } });

    // The list shows it in progress, with the announced time on top.
    await page.goto(`${p.apiUrl}/incidents`);
    await waitFor(page, `incident-banner-${incidentId}`);
    await waitFor(page, `incident-status-${incidentId}`);
    await page.context().close();
  });
});
