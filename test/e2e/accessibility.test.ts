import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { registerSystem } from '../helpers/agency.js';
import { useBrowserPlatform } from './browser.js';
import { newUser, openPage, signIn } from './sign-in.js';

/**
 * axe-core on every console screen, as the role that works there, in Vietnamese and in English: no serious or critical
 * violation (issue 16, Done-when 4). The screens are the routes apps/designer/src/app.tsx registers, read from the file,
 * so a screen added later is checked too: as an admin unless SCREENS names its role and URL (a route with a parameter
 * must be listed, the test fails otherwise).
 */
const appRoutes = [...readFileSync(new URL('../../apps/designer/src/app.tsx', import.meta.url), 'utf8').matchAll(/\{ path: '([^'*]+)'/g)]
  .map((m) => `/${m[1] as string}`).filter((p) => p !== '//');

type Role = 'admin' | 'designer' | 'operator' | 'auditor' | 'agency-viewer';
interface Seeded { runId: string }
const SCREENS: Record<string, { role: Role; url?: (s: Seeded) => string }> = {
  '/flows': { role: 'designer' },
  '/flows/:flowKey': { role: 'designer', url: () => '/flows/xac-thuc-cong-dan' },
  '/runs': { role: 'operator' },
  '/runs/:runId': { role: 'auditor', url: (s) => `/runs/${s.runId}` },
  '/exchanges': { role: 'operator' },
  '/catalogue': { role: 'agency-viewer' },
  '/stats': { role: 'operator' },
  '/alerts': { role: 'operator' },
  '/audit': { role: 'auditor' },
  '/account': { role: 'operator' },
  '/tasks/:taskId': { role: 'admin', url: () => '/tasks/task-khong-co' }, // no task is seeded here: the screen's "not found" state
  '/incidents/:incidentId': { role: 'operator', url: () => '/incidents/inc-00000000-0000-0000-0000-000000000000' }, // none seeded: the "not found" state
};
const AGENCY = '000.00.00.H48';

/** Waits until the screen has drawn its data: the network is quiet and no spinner turns. */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => document.querySelectorAll('.ant-spin-spinning, .ant-skeleton-active').length === 0, undefined, { timeout: 30_000 });
  await page.waitForTimeout(300); // entry animations (Ant Design's motion) end
}

/** Waits for the app to show the screen in `lang`; a page that is not the app (the bundle being rebuilt) is loaded again. */
async function inLanguage(page: Page, lang: 'vi' | 'en', url: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const ok = await page.waitForFunction((l) => document.documentElement.lang === l, lang, { timeout: 15_000 }).then(() => true, () => false);
    if (ok) return;
    if (attempt === 3) throw new Error(`${url} never showed in ${lang}: ${(await page.content()).slice(0, 500)}`);
    await page.reload();
  }
}

/** Serious and critical violations, one line each: rule, what it means, where. */
async function violations(page: Page, where: string): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.slice(0, 3).map((n) => `${where} ${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}`));
}

describe('accessibility: axe-core on every console screen in Vietnamese and English', () => {
  const e2e = useBrowserPlatform();

  it('reads every route of app.tsx, and each one with a parameter is listed with its URL', () => {
    expect(appRoutes).toEqual(expect.arrayContaining(['/flows', '/flows/:flowKey', '/runs', '/runs/:runId', '/exchanges', '/catalogue']));
    expect(appRoutes.filter((r) => r.includes(':') && !SCREENS[r]?.url)).toEqual([]);
  });

  it('no screen has a serious or critical violation, as its role, in vi and en', async () => {
    const p = e2e.p;
    await registerSystem(p, { code: 'motcua-a11y', agencyCode: AGENCY, allowedFlows: ['xac-thuc-cong-dan'] });
    const run = await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs', {
      dossierNo: '000.25.94.H48-261206-0901', procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
      applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' } });
    expect(run.status).toBeLessThan(300);
    const seeded: Seeded = { runId: run.body.runId as string };

    const passwords = new Map<Role, string>();
    const roleOf = (route: string): Role => SCREENS[route]?.role ?? 'admin';
    for (const role of new Set(appRoutes.map(roleOf))) {
      passwords.set(role, await newUser(p, `a11y-${role}`, [role === 'agency-viewer' ? { role, agency: AGENCY } : { role }]));
    }

    const found: string[] = [];
    for (const lang of ['vi', 'en'] as const) { // the sign-in screen, as everyone first sees it
      const anonymous = await openPage(e2e.browser, lang);
      await anonymous.goto(`${p.apiUrl}/runs`);
      await anonymous.getByTestId('login').waitFor();
      found.push(...await violations(anonymous, `[${lang}] login:`));
      await anonymous.context().close();
    }
    for (const [role, password] of passwords) {
      const page = await signIn(e2e.browser, p, `a11y-${role}`, password, '/');
      for (const route of appRoutes.filter((r) => roleOf(r) === role)) {
        const url = SCREENS[route]?.url?.(seeded) ?? route;
        await page.goto(`${p.apiUrl}${url}`);
        // The same screen in Vietnamese, then switched to English with the header's button (as a user does).
        for (const lang of ['vi', 'en'] as const) {
          if (lang === 'en') await page.getByTestId('lang-toggle').click();
          await inLanguage(page, lang, url);
          await settled(page);
          found.push(...await violations(page, `[${lang}] ${url} as ${role}:`));
        }
        await page.getByTestId('lang-toggle').click(); // back to Vietnamese for the next screen
      }
      await page.context().close();
    }
    expect(found).toEqual([]);
  }, 600_000);
});
