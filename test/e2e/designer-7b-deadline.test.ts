import { describe, expect, it } from 'vitest';
import { useBrowserPlatform, waitFor } from './browser.js';
import { signIn } from './sign-in.js';

// The 7.b example's handling task (examples/dieu-phoi-ho-so.json, node xu_ly) takes its working days from the procedure
// catalogue by an expression: its panel shows that expression, not a number, and an edit keeps the flow valid.
describe('a task deadline in working days from an expression, in the designer', () => {
  const e2e = useBrowserPlatform();

  it('shows the expression in the task panel; switching to a fixed number and back keeps the flow without a problem', async () => {
    const page = await signIn(e2e.browser, e2e.p, 'admin', e2e.p.adminPassword, '/flows/dieu-phoi-ho-so');
    await waitFor(page, 'validation-status', '[data-errors="0"]');
    await page.getByTestId('node-xu_ly').click();
    const unit = await waitFor(page, 'field-task-deadline-unit');
    expect(await unit.inputValue()).toBe('workingDaysExpression');
    expect(await page.getByTestId('field-task-deadline-expression').inputValue()).toContain('deadlineWorkingDays');

    await unit.selectOption('workingDays');
    expect(await (await waitFor(page, 'field-task-deadline')).inputValue()).toBe('1');
    await unit.selectOption('workingDaysExpression');
    await page.getByTestId('field-task-deadline-expression').fill('$nodes.thu_tuc.output.row.deadlineWorkingDays + 1');
    await waitFor(page, 'validation-status', '[data-errors="0"]');
    await page.getByTestId('field-task-deadline-expression').fill('$nodes.thu_tuc.output.(');
    await waitFor(page, 'validation-status', ':not([data-errors="0"])');
    await page.context().close();
  });
});
