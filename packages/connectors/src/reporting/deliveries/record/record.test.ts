import { describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../sdk/http.js';
import type { ReportDeliveryStep } from '../../../sdk/types.js';
import { examples } from './examples.js';
import { reportDeliveryRecord } from './index.js';

// The store itself (the forward-only rule over its table) is the platform's: test/system/report-fallback-time-skipping.test.ts.
// Here, what the connector adds: the input check, the step's time, and a coded retryable error on a worker without the store.
const deps = (steps: ReportDeliveryStep[]) => ({
  http: createHttpClient(), clock: () => new Date('2026-03-20T03:00:00Z'), credentials: { resolve: () => Promise.reject(new Error('unused')) },
  reportDeliveries: {
    record: (s: ReportDeliveryStep) => {
      steps.push(s);
      return Promise.resolve({ state: s.state, receiptId: s.receiptId ?? null, edocId: s.edocId ?? null, documentId: s.documentId ?? null });
    },
  },
});
const call = (input: Record<string, unknown>) => ({ input, idempotencyKey: 'run-1/ghi', nodeId: 'ghi' });

describe('reporting:deliveries:record', () => {
  it.each(examples.map((e) => [e.name, e] as const))('%s', async (_name, e) => {
    const act = reportDeliveryRecord.createActivity(deps([]));
    if (e.error) await expect(act(call(e.input))).rejects.toMatchObject({ code: e.error });
    else expect(await act(call(e.input))).toMatchObject(e.output ?? {});
  });

  it('dates the step by the run\'s clock when given, else by the worker\'s', async () => {
    const steps: ReportDeliveryStep[] = [];
    const act = reportDeliveryRecord.createActivity(deps(steps));
    const step = { regime: 'BC-KTXH-THANG', period: '2026-03', province: '51', state: 'submitted_fallback', edocId: 'd-1' };
    await act(call({ ...step, at: '2026-03-19T10:00:00.000Z' }));
    await act(call(step));
    expect(steps.map((s) => s.at.toISOString())).toEqual(['2026-03-19T10:00:00.000Z', '2026-03-20T03:00:00.000Z']);
  });

  it('a worker without the platform\'s store answers a retryable coded error', async () => {
    const act = reportDeliveryRecord.createActivity({ ...deps([]), reportDeliveries: undefined as never });
    await expect(act(call({ regime: 'BC-KTXH-THANG', period: '2026-03', province: '51', state: 'submitted', receiptId: 'BC-1' })))
      .rejects.toMatchObject({ code: 'REPORT_DELIVERIES_UNAVAILABLE', retryable: true });
  });
});
