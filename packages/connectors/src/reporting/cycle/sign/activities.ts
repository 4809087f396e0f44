import { operation } from '../../../sdk/operation.js';
import { cycleOf } from '../port.js';
import { softwareKeySigner } from '../signing.js';
import { manifest } from './manifest.js';

export const createActivity = operation<{ aggregateId: string; approvedBy: string }>(manifest, 'reporting', async ({ input, deps, call, credential }) => {
  const cycle = cycleOf(deps);
  const keyId = call.credentialId ?? 'signing-key';
  const doc = await cycle.approveAggregate(input);
  const signed = await softwareKeySigner(() => Promise.resolve(credential)).sign(keyId, Buffer.from(doc.document, 'utf8'));
  const signature = { keyId, algorithm: signed.algorithm, digest: doc.digest, value: signed.value, signedAt: deps.clock().toISOString() };
  await cycle.recordSignature({ aggregateId: input.aggregateId, signature });
  return { aggregateId: input.aggregateId, regimeCode: doc.regimeCode, periodLabel: doc.periodLabel, signature };
});
