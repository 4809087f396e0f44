import { LtError } from '@lienthong/errors';
import { operation } from '../../../sdk/operation.js';
import type { ReportDeliveryStep } from '../../../sdk/types.js';
import { manifest } from './manifest.js';

export const createActivity = operation<Omit<ReportDeliveryStep, 'at'> & { at?: string }>(manifest, 'report-deliveries', async ({ input, deps }) => {
  // A worker started without the platform's deliveries store (a bare test worker): retryable, a worker that has it takes the step.
  if (!deps.reportDeliveries) throw new LtError('REPORT_DELIVERIES_UNAVAILABLE');
  const d = await deps.reportDeliveries.record({ ...input, at: input.at ? new Date(input.at) : deps.clock() });
  return { state: d.state, receiptId: d.receiptId, edocId: d.edocId, documentId: d.documentId };
});
