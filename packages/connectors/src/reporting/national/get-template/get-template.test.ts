import { describe, expect, it } from 'vitest';
import { exampleTests, faultTests, noSecretLeakTest, useHarness } from '../../../testing/harness.js';
import { getReportTemplate } from './index.js';

describe('reporting:national:getTemplate', () => {
  const h = useHarness();
  exampleTests(h, getReportTemplate);
  faultTests(h, { mod: getReportTemplate, input: { templateCode: 'BC-KTXH-THANG' }, operation: 'reporting.getTemplate' });
  it('A03 carries its rule and weighting in the template', async () => {
    const t = await h().run(getReportTemplate, { templateCode: 'BC-KTXH-THANG' });
    expect(t.indicators).toContainEqual(expect.objectContaining({ code: 'A03', unit: '%', aggregation: 'weighted_avg' }));
  });
  noSecretLeakTest(h);
});
