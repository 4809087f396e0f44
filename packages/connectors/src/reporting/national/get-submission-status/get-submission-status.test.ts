import { describe, expect, it } from 'vitest';
import { exampleTests, faultTests, noSecretLeakTest, useHarness } from '../../../testing/harness.js';
import { sampleSignature, sampleValues } from '../submit-aggregate/examples.js';
import { submitAggregate } from '../submit-aggregate/index.js';
import { getSubmissionStatus } from './index.js';

describe('reporting:national:getSubmissionStatus', () => {
  const h = useHarness();
  let receiptId = '';
  exampleTests(h, getSubmissionStatus);
  it('(setup: a submitted report)', async () => {
    receiptId = String((await h().run(submitAggregate, { regimeCode: 'BC-KTXH-THANG', periodLabel: '2026-01', templateVersion: 2, values: sampleValues, signature: sampleSignature })).receiptId);
    expect(receiptId).toMatch(/^BC-/);
  });
  faultTests(h, { mod: getSubmissionStatus, input: () => ({ receiptId }), operation: 'reporting.getSubmissionStatus' });
  noSecretLeakTest(h);
});
