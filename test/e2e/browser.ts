import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';

/** Debian's chromium (never a downloaded browser), headless. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

/** A test platform and a headless Chromium for the tests of one describe block: started before them, stopped after. */
export function useBrowserPlatform(): { readonly p: TestPlatform; readonly browser: Browser } {
  const env = {} as { p: TestPlatform; browser: Browser };
  beforeAll(async () => {
    env.p = await startTestPlatform();
    env.browser = await launch();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.p?.stop();
  });
  return env;
}

export const screenshotsDir = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotsDir, { recursive: true });
  await page.screenshot({ path: `${screenshotsDir}${name}.png` });
}

/** Waits for an element matching `[data-testid=…]` plus extra attribute conditions, e.g. `[data-status="succeeded"]`. */
export async function waitFor(page: Page, testId: string, attrs = '', timeout = 60_000): Promise<Locator> {
  const sel = `[data-testid="${testId}"]${attrs}`;
  await page.waitForSelector(sel, { timeout });
  return page.locator(sel);
}

/** Drags a palette item onto the canvas at a point of the canvas. */
export async function dropFromPalette(page: Page, itemKey: string, at: { x: number; y: number }, search?: string): Promise<void> {
  if (search !== undefined) await page.getByTestId('palette-search').fill(search);
  await page.getByTestId(`palette-item-${itemKey}`).dragTo(page.getByTestId('canvas'), { targetPosition: at });
  if (search !== undefined) await page.getByTestId('palette-search').fill('');
}

/** Draws an edge from a node's exit to another node's entry, with the mouse, as a user does. */
export async function connect(page: Page, from: string, handle: string, to: string): Promise<void> {
  const src = page.getByTestId(`handle-${from}-${handle}`);
  const dst = page.getByTestId(`handle-${to}-in`);
  // The canvas may still be moving (focusing a node animates the viewport): drag only once both handles stand still.
  let a = await src.boundingBox();
  let b = await dst.boundingBox();
  for (let settled = 0; settled < 3;) {
    await page.waitForTimeout(100);
    const [a2, b2] = [await src.boundingBox(), await dst.boundingBox()];
    settled = JSON.stringify([a, b]) === JSON.stringify([a2, b2]) ? settled + 1 : 0;
    [a, b] = [a2, b2];
  }
  if (!a || !b) throw new Error(`handles ${from}.${handle} → ${to} not on screen`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}
