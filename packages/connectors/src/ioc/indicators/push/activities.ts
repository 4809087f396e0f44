import { LtError } from '@lienthong/errors';
import { outboundKey } from '../../../sdk/idempotency.js';
import { operation } from '../../../sdk/operation.js';
import { iocCall, SYSTEM } from '../../client.js';
import { manifest } from './manifest.js';

interface Observation { indicatorCode: string; idempotencyKey?: string; [k: string]: unknown }

export const createActivity = operation<{ observations: Observation[] }>(manifest, SYSTEM, async ({ input, credential, call, key, deps }) => {
  // Each observation carries its own key, so a retried batch is applied once per item.
  const observations = input.observations.map((o, i) => ({ revision: 1, ...o, idempotencyKey: o.idempotencyKey ?? outboundKey(`${call.idempotencyKey}#${i}`) }));
  const body = await iocCall(deps, credential, { method: 'POST', path: 'observations:batch', idempotencyKey: key, json: { observations }, timeoutMs: 30_000 });
  if (!Array.isArray(body.accepted) || !Array.isArray(body.rejected)) throw new LtError('CONNECTOR_BAD_REPLY', { system: SYSTEM, detail: 'accepted / rejected lists are missing' });
  const rejected = (body.rejected as { index: number; code: string; message?: string }[]).map((r) => ({
    index: r.index, code: r.code, message: r.message ?? '', indicatorCode: input.observations[r.index]?.indicatorCode ?? '',
  }));
  if (body.accepted.length + rejected.length !== observations.length) throw new LtError('CONNECTOR_BAD_REPLY', { system: SYSTEM, detail: 'the reply does not account for every observation' });
  return { accepted: body.accepted, rejected, acceptedCount: body.accepted.length, rejectedCount: rejected.length };
});
