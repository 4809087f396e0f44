import { describe, expect, it } from 'vitest';
import { useBrowserPlatform, waitFor } from './browser.js';
import { signIn } from './sign-in.js';

// The full-depth 7.a example (examples/xac-thuc-cong-dan-day-du.json) opens in the designer as `npm start` published it:
// no problem, every node on the canvas, the PENDING answer's "accepted, still running" box ticked in its panel.
describe('the full-depth 7.a example in the designer', () => {
  const e2e = useBrowserPlatform();

  it('opens with no problem, its in-person task and pending answer on the canvas', async () => {
    const page = await signIn(e2e.browser, e2e.p, 'admin', e2e.p.adminPassword, '/flows/xac-thuc-cong-dan-day-du');
    await waitFor(page, 'validation-status', '[data-errors="0"]');
    for (const id of ['start', 'cache_lookup', 'verify', 'answer_pending', 'verify_later', 'wait_hours', 'in_person', 'settled', 'result']) await waitFor(page, `node-${id}`);
    await page.getByTestId('node-answer_pending').click();
    const pending = await waitFor(page, 'field-respond-pending');
    expect(await pending.isChecked()).toBe(true);
    await page.context().close();
  });
});
