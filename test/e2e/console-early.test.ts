import { describe, expect, it } from 'vitest';
import { useBrowserPlatform, waitFor } from './browser.js';
import { newUser, signIn } from './sign-in.js';

// Issue 16 (Done-when 5): the run list's first requests leave while the page is still being read (public/early.js),
// and the console takes their answers instead of asking again, under the console's content security policy (no inline
// script).

describe('the run list asks for its first page before its scripts load (headless Chromium)', () => {
  const e2e = useBrowserPlatform();

  it('a fresh load of /runs sends the session check and the search first, from the head of the page, and the app shows their answer', async () => {
    const { p } = e2e;
    const run = await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs', {
      dossierNo: '000.25.94.H48-261206-0901', procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
      applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' },
    });
    expect(run.status).toBe(200);
    const signedIn = await signIn(e2e.browser, p, 'admin', p.adminPassword, '/runs');
    await waitFor(signedIn, `run-row-${run.body.runId as string}`);

    const page = await signedIn.context().newPage();
    const asked: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => { const path = new URL(r.url()).pathname; if (path.startsWith('/trpc/')) asked.push(path); });
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${p.apiUrl}/runs`);
    await waitFor(page, `run-row-${run.body.runId as string}`);
    expect(asked.filter((a) => a === '/trpc/auth.me')).toHaveLength(1);
    expect(asked[0]).toBe('/trpc/auth.me');
    expect(asked[1]).toBe('/trpc/runs.search'); // (the screen reads the page again once it is drawn: the list is live)
    // early.js sent both while the page was being read, and the app took both answers (none is left to take).
    expect(await page.evaluate(() => (window as unknown as { __ltEarly?: Record<string, unknown> }).__ltEarly && Object.keys((window as unknown as { __ltEarly: Record<string, unknown> }).__ltEarly))).toEqual([]);
    expect(problems).toEqual([]);
    await signedIn.context().close();
  });

  it('a page whose session has ended shows the login on every load, whichever refusal arrives first', async () => {
    const { p } = e2e;
    const page = await signIn(e2e.browser, p, 'het-phien', await newUser(p, 'het-phien', [{ role: 'operator' }]), '/runs');
    // The session ends elsewhere (an admin resets the password); this browser still sends the ended session's cookie.
    expect((await p.request('POST', '/api/v1/users/het-phien/password', {})).status).toBe(200);
    for (let i = 0; i < 8; i++) {
      await page.reload();
      await waitFor(page, 'login', '', 20_000);
    }
    await page.context().close();
  });
});
