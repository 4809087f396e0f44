import { describe, expect, it } from 'vitest';
import { outboundKey } from '../../../sdk/idempotency.js';
import { exampleTests, faultTests, noSecretLeakTest, useHarness } from '../../../testing/harness.js';
import { getSubmissionStatus } from '../get-submission-status/index.js';
import { getReportTemplate } from '../get-template/index.js';
import { sampleSignature, sampleValues } from './examples.js';
import { submitAggregate } from './index.js';

const input = (periodLabel: string) => ({ regimeCode: 'BC-KTXH-THANG', periodLabel, templateVersion: 2, values: sampleValues, signature: sampleSignature });
/** One submission per period and province: every test that succeeds needs a period of its own (the examples use 2026-01). */
let month = 2; // 2026-01 and 2026-02 are taken by the examples and the exactly-once test
const nextPeriod = () => {
  const i = month++;
  return `${2026 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
};
type ReportingState = { byPeriod: Map<string, unknown> };

describe('reporting:national:submitAggregate, getSubmissionStatus, getTemplate', () => {
  const h = useHarness();
  exampleTests(h, submitAggregate);
  faultTests(h, { mod: submitAggregate, input: () => input(nextPeriod()), operation: 'reporting.submitAggregate' });

  it('a failAfterApply 503 followed by the retry submits the period exactly once; another run is refused as a duplicate', async () => {
    const sim = h().sim;
    sim.faults.set('reporting.submitAggregate', { failAfterApply: true, status: 503, count: 1 });
    expect(await h().fail(submitAggregate, input('2026-02'), { key: 'qng/2026-02/rollup' })).toMatchObject({ code: 'CONNECTOR_UNAVAILABLE', retryable: true });
    const first = await h().run(submitAggregate, input('2026-02'), { key: 'qng/2026-02/rollup' });
    const again = await h().run(submitAggregate, input('2026-02'), { key: 'qng/2026-02/rollup' });
    expect(again.receiptId).toBe(first.receiptId);
    expect(sim.counters.times('reporting.submitAggregate', outboundKey('qng/2026-02/rollup'))).toBe(3);
    expect([...sim.state<ReportingState>('reporting', () => ({ byPeriod: new Map() })).byPeriod.keys()].filter((k) => k.includes('|2026-02|'))).toHaveLength(1);
    const dup = await h().fail(submitAggregate, input('2026-02'), { key: 'other-run/rollup' });
    expect(dup).toMatchObject({ code: 'CONNECTOR_REJECTED', retryable: false, params: { remoteCode: 'DUPLICATE_SUBMISSION' } });
  });

  it('a validation failure names the indicator', async () => {
    const err = await h().fail(submitAggregate, { ...input(nextPeriod()), values: sampleValues.filter((v) => v.indicatorCode !== 'A02') });
    expect(err.params).toMatchObject({ remoteCode: 'VALIDATION_FAILED', indicatorCode: 'A02' });
  });

  it('status: received, then accepted; returned with comments when the assessment is missing', async () => {
    const ok = await h().run(submitAggregate, input(nextPeriod()));
    expect(await h().run(getSubmissionStatus, { receiptId: ok.receiptId })).toMatchObject({ status: 'received' });
    expect(await h().run(getSubmissionStatus, { receiptId: ok.receiptId })).toMatchObject({ status: 'accepted' });
    const bare = await h().run(submitAggregate, { ...input(nextPeriod()), values: sampleValues.filter((v) => v.indicatorCode !== 'A05') });
    await h().run(getSubmissionStatus, { receiptId: bare.receiptId });
    expect(await h().run(getSubmissionStatus, { receiptId: bare.receiptId })).toMatchObject({ status: 'returned', comments: [{ indicatorCode: 'A05' }] });
  });

  it('a wrong API key is an authentication failure, not retried', async () => {
    h().credentials.set('reporting-bad', { type: 'reporting-national', baseUrl: `${h().sim.url}/baocao`, apiKey: 'SIMSECRET-wrong-reporting-key', provinceCode: '51' });
    expect(await h().fail(getReportTemplate, { templateCode: 'BC-KTXH-THANG' }, { credentialId: 'reporting-bad' })).toMatchObject({ code: 'CONNECTOR_AUTH_FAILED', retryable: false });
  });

  noSecretLeakTest(h);
});
