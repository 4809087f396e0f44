import type { Browser, Page } from 'playwright-core';
import type { TestPlatform } from '../helpers/platform.js';
import { waitFor } from './browser.js';

/** Creates an account with these roles (by the test platform's admin) and returns its generated password. */
export async function newUser(p: TestPlatform, username: string, roles: { role: string; agency?: string }[]): Promise<string> {
  const r = await p.request('POST', '/api/v1/users', { username, roles });
  if (r.status >= 300) throw new Error(`user ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.password as string;
}

/** What a page may do beyond the defaults: read and write the clipboard of `origin` (a copy button's text). */
export interface PageOptions { clipboardOf?: string }

/** A page in a context of its own (axe-core opens a page beside it; its own session cookie), in `lang`; close it with `page.context().close()`. */
export async function openPage(browser: Browser, lang: 'vi' | 'en' = 'vi', o: PageOptions = {}): Promise<Page> {
  // Reduced motion, as the console honours it: no menu or dialog waits on an animation's end on a busy machine.
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: lang === 'vi' ? 'vi-VN' : 'en-GB', reducedMotion: 'reduce' });
  if (o.clipboardOf) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: o.clipboardOf });
  if (lang === 'en') await context.addInitScript(() => { localStorage.setItem('lt.lang', 'en'); });
  return context.newPage();
}

/** A page of the console in `lang` (Vietnamese by default, as the app starts), signed in through the login form. */
export async function signIn(browser: Browser, p: TestPlatform, username: string, password: string, path: string, lang: 'vi' | 'en' = 'vi', o: PageOptions = {}): Promise<Page> {
  const page = await openPage(browser, lang, o);
  await page.goto(`${p.apiUrl}${path}`);
  await waitFor(page, 'login').catch(async (e: unknown) => { throw new Error(`no login form at ${page.url()}: ${(await page.content()).slice(0, 3000)}`, { cause: e }); });
  await page.getByTestId('login-user').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await waitFor(page, 'current-user');
  return page;
}
