// The catalogues screen as an administrator uses it: the seeded working calendar, an edit saved as a new version, an older
// version read-only, and a CSV import whose bad rows are listed by row and column with nothing written.
import { describe, expect, it } from 'vitest';
import { screenshot, useBrowserPlatform, waitFor } from './browser.js';
import { newUser, signIn } from './sign-in.js';

describe('console: catalogues', () => {
  const env = useBrowserPlatform();

  it('an admin adds a holiday to the working calendar (a new version), reads the old version, and sees a bad import located', async () => {
    const { p, browser } = env;
    const password = await newUser(p, 'quan-tri-danh-muc', [{ role: 'admin' }]);
    const page = await signIn(browser, p, 'quan-tri-danh-muc', password, '/catalogues?kind=calendar');
    await waitFor(page, 'catalogue-calendar');
    await waitFor(page, 'cell-0-date');
    expect(await page.getByTestId('cell-0-date').textContent()).toBe('2026-01-01');
    const seeded = (await p.request('GET', '/api/v1/catalogues/calendar')).body as { version: number; rows: unknown[] };

    await page.getByTestId('catalogue-edit').click();
    await page.getByTestId('catalogue-add-row').click();
    const last = seeded.rows.length;
    await page.getByTestId(`cell-${last}-date`).fill('2027-02-11');
    await page.getByTestId(`cell-${last}-type`).fill('nghỉ');
    await page.getByTestId(`cell-${last}-name`).fill('Nghỉ thêm sau Tết (tỉnh quyết định)');
    await page.getByTestId('catalogue-note').fill('Quyết định nghỉ thêm 11/02/2027');
    await page.getByTestId('catalogue-save').click();
    await waitFor(page, 'catalogue-current');
    await expect.poll(async () => (await p.request('GET', '/api/v1/catalogues/calendar')).body.version).toBe(seeded.version + 1);
    const saved = (await p.request('GET', '/api/v1/catalogues/calendar')).body as { note: string; rows: Record<string, unknown>[] };
    expect(saved.note).toBe('Quyết định nghỉ thêm 11/02/2027');
    expect(saved.rows).toContainEqual({ date: '2027-02-11', type: 'holiday', name: 'Nghỉ thêm sau Tết (tỉnh quyết định)' });

    // A file with a make-up "working day" on a Monday: refused at its row, nothing written.
    await page.locator('input[type=file]').setInputFiles({ name: 'lich-2028.csv', mimeType: 'text/csv',
      buffer: Buffer.from('date,type,name\n2028-01-01,holiday,Tết Dương lịch\n2028-01-31,working,Làm bù nhầm thứ Hai\n') });
    const problems = await waitFor(page, 'catalogue-problems');
    expect(await problems.textContent()).toContain('Dòng 3, cột date: ngày làm bù phải là thứ Bảy hoặc Chủ nhật');
    expect((await p.request('GET', '/api/v1/catalogues/calendar')).body.version).toBe(seeded.version + 1);
    await page.getByTestId('catalogues-page').evaluate((main) => { main.scrollTo(0, 0); });
    await screenshot(page, 'console-catalogues-vi');

    // The seeded version is still there, read-only.
    await page.getByTestId('catalogue-version').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: `calendar@${seeded.version} ` }).click();
    await waitFor(page, 'catalogue-old');
    expect(await page.getByTestId('catalogue-edit').count()).toBe(0);
    expect(await page.getByText('Nghỉ thêm sau Tết (tỉnh quyết định)').count()).toBe(0);
  });
});
