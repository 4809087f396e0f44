/**
 * Issue 17, Done-when 2: "Test connection" in the console (headless Chromium) says the connection works for a good one
 * and gives a coded vi/en reason for each kind of bad one: unreachable, TLS (the server requires a client certificate
 * the connection does not have), refused credentials. The secrets typed in the form are never shown back.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createTestPki, startPopulationMtls, type RunningSimulators } from '@lienthong/simulators';
import type { TestPlatform } from '../helpers/platform.js';
import { screenshot, useBrowserPlatform, waitFor } from './browser.js';

/** A port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function signIn(browser: Browser, p: TestPlatform, locale: 'vi-VN' | 'en-GB'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, locale, reducedMotion: 'reduce' });
  await page.goto(`${p.apiUrl}/connections`);
  await waitFor(page, 'login');
  await page.getByTestId('login-user').fill('admin');
  await page.getByTestId('login-password').fill(p.adminPassword);
  await page.getByTestId('login-submit').click();
  await waitFor(page, 'connections-page');
  return page;
}

async function pressTest(page: Page, id: string): Promise<{ kind: string | null; code: string | null; text: string }> {
  await page.getByTestId(`connection-test-${id}`).click();
  const result = page.getByTestId(`connection-row-${id}`).locator('xpath=following-sibling::tr[1]').getByTestId('connection-test-result');
  await result.waitFor({ timeout: 60_000 });
  return { kind: await result.getAttribute('data-kind'), code: await result.getAttribute('data-code'), text: await result.innerText() };
}

describe('the console\'s connections screen in headless Chromium', () => {
  const e2e = useBrowserPlatform();

  it('an admin creates a connection in the form and tests it; each bad kind gets its coded reason in Vietnamese and English', async () => {
    const { p, browser } = e2e;
    const sim = p.simulators as RunningSimulators;
    const pki = await createTestPki();
    const mtls = await startPopulationMtls(pki);
    try {
      // The bad ones through the API: unreachable, TLS (no client certificate for a server that requires one), refused key.
      const bad = [
        { id: 'dancu-khong-toi-duoc', family: 'ngsp-population', endpoint: `http://127.0.0.1:${await closedPort()}`, secrets: { credential: { integrationCode: '003' } } },
        { id: 'dancu-thieu-chung-thu', family: 'ngsp-population', endpoint: mtls.url, secrets: { credential: { integrationCode: '003' }, caCert: pki.ca.cert } },
        { id: 'bao-cao-sai-khoa', family: 'reporting-national', endpoint: `${sim.url}/baocao`, secrets: { credential: { apiKey: 'SIMSECRET-khoa-sai-9d01', provinceCode: '51' } } },
      ];
      for (const c of bad) {
        const r = await p.request('POST', '/api/v1/connections', { ...c, name: c.id, environment: 'test' });
        expect(r.status, r.text).toBe(200);
      }

      const page = await signIn(browser, p, 'vi-VN');
      await page.getByTestId('connection-new').click();
      await page.getByTestId('connection-id').fill('dancu-tinh');
      await page.getByTestId('connection-name').fill('CSDLQG về dân cư');
      await page.getByTestId('connection-family').click();
      await page.locator('.ant-select-item-option[title="ngsp-population"]').click();
      await page.getByTestId('connection-endpoint').fill(sim.url);
      await page.getByTestId('connection-credential-integrationCode').fill('003');
      await page.getByTestId('connection-save').click();
      await waitFor(page, 'connection-row-dancu-tinh');

      const good = await pressTest(page, 'dancu-tinh');
      expect(good.kind).toBe('ok');
      expect(good.text).toContain('Kết nối tốt');

      const unreachable = await pressTest(page, 'dancu-khong-toi-duoc');
      expect([unreachable.kind, unreachable.code]).toEqual(['unreachable', 'CONNECTOR_NETWORK']);
      expect(unreachable.text).toContain('Không tới được hệ thống');
      const tls = await pressTest(page, 'dancu-thieu-chung-thu');
      expect([tls.kind, tls.code]).toEqual(['tls', 'CONNECTOR_TLS_FAILED']);
      expect(tls.text).toContain('Kết nối TLS tới');
      const refused = await pressTest(page, 'bao-cao-sai-khoa');
      expect([refused.kind, refused.code]).toEqual(['credentials', 'CONNECTOR_AUTH_FAILED']);
      expect(refused.text).toContain('từ chối thông tin xác thực');
      await screenshot(page, 'console-connections-vi');
      const html = await page.content();
      for (const secret of ['SIMSECRET-khoa-sai-9d01', 'BEGIN CERTIFICATE']) expect(html).not.toContain(secret);

      // The same reasons in English.
      const en = await signIn(browser, p, 'en-GB');
      await en.getByTestId('lang-toggle').click();
      await en.getByText('Connections to target systems').waitFor();
      const tlsEn = await pressTest(en, 'dancu-thieu-chung-thu');
      expect(tlsEn.text).toContain('TLS to');
      const refusedEn = await pressTest(en, 'bao-cao-sai-khoa');
      expect(refusedEn.text).toContain('refused the credentials');
      await en.close();

      // The designer's node panel offers the connections and credentials of the node's family, not the others.
      await page.goto(`${p.apiUrl}/flows/xac-thuc-cong-dan`);
      await waitFor(page, 'node-verify');
      await page.getByTestId('node-verify').click();
      await waitFor(page, 'panel-connector');
      const options = page.locator('[data-testid="credential-choices"] option');
      await options.first().waitFor({ state: 'attached' });
      const offered = await options.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      expect(offered).toEqual(expect.arrayContaining(['dancu-tinh', 'dancu-thieu-chung-thu', 'ngsp-dancu']));
      expect(offered).not.toContain('bao-cao-sai-khoa');
      await page.close();
    } finally {
      await mtls.close();
    }
  });
});
