import { describe } from 'vitest';
import { exampleTests, faultTests, noSecretLeakTest, useHarness } from '../../../testing/harness.js';
import { listReportRegimes } from './index.js';

describe('reporting:national:listRegimes', () => {
  const h = useHarness();
  exampleTests(h, listReportRegimes);
  faultTests(h, { mod: listReportRegimes, input: {}, operation: 'reporting.listRegimes' });
  noSecretLeakTest(h);
});
