import { LtError } from '@lienthong/errors';
import { field, operation } from '../../../sdk/operation.js';
import { reportingCall, SYSTEM } from '../client.js';
import { manifest } from './manifest.js';

interface Input { regimeCode: string; periodLabel: string; templateVersion: number; values: { indicatorCode: string; value: unknown }[]; signature: string }

export const createActivity = operation<Input>(manifest, SYSTEM, async ({ input, credential, key, deps }) => {
  const body = await reportingCall(deps, credential, { method: 'POST', path: 'submissions', idempotencyKey: key, timeoutMs: 30_000,
    json: { ...input, provinceCode: field(credential, 'provinceCode'), idempotencyKey: key } });
  if (typeof body.receiptId !== 'string') throw new LtError('CONNECTOR_BAD_REPLY', { system: SYSTEM, detail: 'receiptId is missing' });
  return { receiptId: body.receiptId, receivedAt: String(body.receivedAt ?? '') };
});
