// Benchmark 9's measurements: the dossier-number search through the routes the console and agencies use, and the
// console's runs screen in Debian Chromium (playwright-core), from navigation to the first row on screen.
import { summarize } from './stats.js';
import { dossierNo } from './runlist-stack.js';

/** Deterministic pseudo-random k < n (the same searches on every run of the benchmark for the same seed size). */
function picker(n, seed = 20_261_206) {
  let x = seed;
  return () => { x = (x * 1_103_515_245 + 12_345) % 2_147_483_648; return x % n; };
}

async function timed(url, headers) {
  const t0 = performance.now();
  const r = await fetch(url, { headers });
  const body = await r.json();
  return { ms: performance.now() - t0, status: r.status, body };
}

/**
 * `count` searches of random seeded dossier numbers, signed in as an operator, through tRPC `runs.search` (what the
 * console calls) and REST `GET /api/v1/runs` (the same procedure for agencies' tools); each must find exactly its run.
 */
export async function measureSearch(apiUrl, token, seeded, { count, log }) {
  const headers = { authorization: `Bearer ${token}` };
  const pick = picker(seeded);
  const routes = {
    trpc: (dn) => `${apiUrl}/trpc/runs.search?input=${encodeURIComponent(JSON.stringify({ businessKey: `dossierNo=${dn}`, limit: 20 }))}`,
    rest: (dn) => `${apiUrl}/api/v1/runs?businessKey=${encodeURIComponent(`dossierNo=${dn}`)}&limit=20`,
  };
  const runsOf = (route, body) => (route === 'trpc' ? body.result?.data?.runs : body.runs);
  const out = {};
  for (const route of Object.keys(routes)) {
    for (let i = 0; i < 3; i++) await timed(routes[route](dossierNo(pick())), headers); // warm-up: connections, JIT
    const ms = [];
    let wrong = 0;
    for (let i = 0; i < count; i++) {
      const dn = dossierNo(pick());
      const r = await timed(routes[route](dn), headers);
      const runs = runsOf(route, r.body) ?? [];
      if (r.status !== 200 || runs.length !== 1 || runs[0].businessKeys[0] !== `dossierNo=${dn}`) wrong++;
      ms.push(r.ms);
    }
    out[route] = { latencyMs: summarize(ms), searches: count, wrongAnswers: wrong };
    log(`runlist search (${route}): p50 ${out[route].latencyMs.p50} ms, p99 ${out[route].latencyMs.p99} ms, ${wrong} wrong answers`);
  }
  // The unfiltered first page (what the screen asks for) through the API alone, for the profile.
  const page = [];
  for (let i = 0; i < count; i++) page.push((await timed(`${apiUrl}/trpc/runs.search?input=${encodeURIComponent(JSON.stringify({ limit: 20 }))}`, headers)).ms);
  out.firstPageApi = { latencyMs: summarize(page), requests: count };
  return out;
}

/**
 * While runs are being started: one dossier-number search every 2 s (tRPC, as the console), until `done` resolves.
 * Temporal's dev server answers visibility reads and writes on one SQLite connection, so reads wait behind the writes.
 */
export async function sampleSearchDuring(done, apiUrl, token, seededBefore) {
  if (seededBefore === 0) return null;
  const pick = picker(seededBefore, 7);
  const ms = [];
  let finished = false;
  void done.then(() => { finished = true; }, () => { finished = true; });
  while (!finished) {
    const dn = dossierNo(pick());
    ms.push((await timed(`${apiUrl}/trpc/runs.search?input=${encodeURIComponent(JSON.stringify({ businessKey: `dossierNo=${dn}`, limit: 20 }))}`, { authorization: `Bearer ${token}` })).ms);
    await Promise.race([done.catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
  }
  return ms.length ? { latencyMs: summarize(ms), searches: ms.length } : null;
}

const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'];

/**
 * The runs screen's first page, `loads` times in each of two ways: cold (a new browser context: empty cache, the
 * session cookie only) and warm (a new tab in the signed-in context). Time from navigation start to the first run
 * row visible, read in the page (performance.now() counts from navigation start).
 */
export async function measureBrowser(apiUrl, operator, { loads, log }) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: LAUNCH_ARGS });
  try {
    const signedIn = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'vi-VN' });
    const page = await signedIn.newPage();
    await page.goto(`${apiUrl}/runs`);
    await page.getByTestId('login-user').fill(operator.username);
    await page.getByTestId('login-password').fill(operator.password);
    await page.getByTestId('login-submit').click();
    await page.waitForSelector('[data-testid^="run-row-"]', { timeout: 60_000 });
    await page.close();
    const cookies = await signedIn.cookies();
    const once = async (context) => {
      const p = await context.newPage();
      // The first row's time is stamped inside the page, at the first animation frame after the row entered the DOM
      // (when it is painted), not when the driver's later round trip notices it.
      await p.addInitScript(() => {
        const stamp = () => {
          if (window.__ltFirstRow === undefined && document.querySelector('[data-testid^="run-row-"]')) {
            window.__ltFirstRow = null;
            requestAnimationFrame(() => { window.__ltFirstRow = performance.now(); });
          }
        };
        new MutationObserver(stamp).observe(document, { childList: true, subtree: true });
      });
      await p.goto(`${apiUrl}/runs`, { waitUntil: 'commit' });
      const shown = await p.waitForSelector('[data-testid^="run-row-"]', { state: 'visible', timeout: 30_000 }).then(() => true, () => false);
      if (shown) await p.waitForFunction(() => typeof window.__ltFirstRow === 'number', undefined, { timeout: 5_000 }).catch(() => undefined);
      if (!shown) {
        // A load that shows no row in 30 s is counted and described (the screen's error, or the login form), not timed.
        const why = await p.evaluate(() => document.querySelector('[data-testid="runs-error"]')?.textContent ?? (document.querySelector('[data-testid="login"]') ? 'login form shown' : 'no row, no error'));
        await p.close();
        return { failed: why };
      }
      // Where the time went: the HTML and scripts (DOMContentLoaded), the run search's answer, the first row.
      const t = await p.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const search = performance.getEntriesByType('resource').filter((e) => e.name.includes('/trpc/runs.search'))[0];
        return { ms: window.__ltFirstRow ?? performance.now(), dcl: nav?.domContentLoadedEventEnd ?? null, searchStart: search?.startTime ?? null, searchEnd: search?.responseEnd ?? null,
          scripts: performance.getEntriesByType('resource').filter((e) => e.initiatorType === 'script' || e.name.endsWith('.js')).reduce((n, e) => n + (e.encodedBodySize || 0), 0) };
      });
      const rows = await p.locator('[data-testid^="run-row-"]').count();
      await p.close();
      return { ...t, rows };
    };
    const cold = []; const warm = []; let rows = 0; let scriptBytes = 0; const failed = [];
    for (let i = 0; i < loads; i++) {
      const fresh = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'vi-VN' });
      await fresh.addCookies(cookies);
      const c = await once(fresh);
      await fresh.close();
      if (c.failed) { failed.push(`cold: ${c.failed}`); log(`runlist browser: a cold load failed: ${c.failed}`); } else { cold.push(c); scriptBytes = c.scripts; }
      const w = await once(signedIn);
      if (w.failed) { failed.push(`warm: ${w.failed}`); log(`runlist browser: a warm load failed: ${w.failed}`); } else { warm.push(w); rows = w.rows; }
    }
    await signedIn.close();
    const phases = (xs) => ({ firstRow: summarize(xs.map((x) => x.ms)), domContentLoaded: summarize(xs.map((x) => x.dcl ?? 0)),
      searchSent: summarize(xs.map((x) => x.searchStart ?? 0)), searchAnswered: summarize(xs.map((x) => x.searchEnd ?? 0)), searchRoundTrip: summarize(xs.map((x) => (x.searchEnd ?? 0) - (x.searchStart ?? 0))) });
    const result = { cold: phases(cold).firstRow, warm: phases(warm).firstRow, phases: { cold: phases(cold), warm: phases(warm) }, scriptBytesCold: scriptBytes, loads, failedLoads: failed, rowsOnFirstPage: rows, chromium: browser.version() };
    log(`runlist browser: first row visible p50 ${result.cold.p50} ms cold, ${result.warm.p50} ms warm (${rows} rows)`);
    return result;
  } finally {
    await browser.close();
  }
}
