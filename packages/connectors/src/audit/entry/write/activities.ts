import { createHmac } from 'node:crypto';
import { LtError } from '@lienthong/errors';
import { field, operation } from '../../../sdk/operation.js';
import type { ConnectorCall, ConnectorDeps, Credential } from '../../../sdk/types.js';
import { manifest } from './manifest.js';

interface Input {
  action: string; actor: string; outcome: 'ok' | 'refused' | 'failed';
  procedureCode?: string; purpose?: string; result?: string; subjectId?: string; summary?: Record<string, string | number | boolean | null>;
}

/** The platform's HMAC key, a verification-hmac credential granted to the flow (checked by the credential store). */
async function hmacKey(deps: ConnectorDeps, call: ConnectorCall): Promise<Credential> {
  if (!call.credentialId) throw new LtError('CONNECTOR_CREDENTIAL_NOT_FOUND', { credentialId: '(none)' });
  const cred = await deps.credentials.resolve(call.credentialId, { flowKey: call.flowKey });
  if (cred.type !== 'verification-hmac') throw new LtError('CONNECTOR_CREDENTIAL_WRONG_TYPE', { credentialId: call.credentialId, expected: 'verification-hmac', actual: cred.type });
  return cred;
}

// The ID is hashed here, under the platform's key (a credential, never flow data): the log can link entries about one
// person for an auditor who holds the key, and names nobody to anyone else.
export const createActivity = operation<Input>(manifest, 'audit', async ({ input, call, deps }) => {
  // A worker started without the platform's audit log (a bare test worker): retryable, a worker that has it takes the step.
  if (!deps.audit) throw new LtError('AUDIT_STEP_UNAVAILABLE');
  const subjectHash = input.subjectId ? createHmac('sha256', field(await hmacKey(deps, call), 'key')).update(`audit\u0000${input.subjectId}`).digest('hex') : null;
  const runId = call.idempotencyKey.includes('/') ? call.idempotencyKey.slice(0, call.idempotencyKey.lastIndexOf('/')) : null;
  // A retried step (its earlier attempt wrote, then timed out or its worker stopped) writes no second entry.
  const earlier = runId ? await deps.audit.search({ runId, action: `flow.${input.action}`, limit: 1000 }) : [];
  if (earlier.some((r) => (r.detail as { step?: unknown } | null)?.step === call.idempotencyKey)) return { written: true, subjectHash };
  await deps.audit.record({
    actorType: input.actor.startsWith('system:') || input.actor.startsWith('platform') ? 'system' : 'user', actorId: input.actor,
    action: `flow.${input.action}`, outcome: input.outcome, flowKey: call.flowKey ?? null, runId,
    detail: { step: call.idempotencyKey, ...(input.procedureCode ? { procedureCode: input.procedureCode } : {}), ...(input.purpose ? { purpose: input.purpose } : {}),
      ...(input.result ? { result: input.result } : {}), ...(subjectHash ? { subjectHash } : {}), ...(input.summary ? { summary: input.summary } : {}),
      at: deps.clock().toISOString() },
  });
  return { written: true, subjectHash };
});
