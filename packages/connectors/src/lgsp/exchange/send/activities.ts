import { createHash, randomUUID } from 'node:crypto';
import { LtError } from '@lienthong/errors';
import { classifyStatus, excerpt } from '../../../sdk/http.js';
import { field, operation } from '../../../sdk/operation.js';
import { sigv4Headers } from '../../../sdk/sigv4.js';
import type { ConnectorDeps, Credential } from '../../../sdk/types.js';
import { manifest } from './manifest.js';

export const SYSTEM = 'LGSP-EXCHANGE';

interface Input { recipient: string; subject: string; dataType: string; protocol?: 'json' | 'edxml'; priority?: 'urgent' | 'normal'; content: unknown;
  allowedRecipients: string[]; transformAllowed?: boolean; deadline?: string }

async function signedJson(deps: ConnectorDeps, cred: Credential, method: 'POST' | 'PUT', path: string, body: unknown, extra: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const url = new URL(path, field(cred, 'baseUrl'));
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  const headers = sigv4Headers({ method, url, body: bytes, accessKeyId: field(cred, 'accessKeyId'), secretKey: field(cred, 'secretKey'), date: deps.clock(),
    // A nonce keeps a deliberate retry (same body, same second) from being refused as a replay.
    headers: { 'content-type': 'application/json', 'x-lt-nonce': randomUUID(), ...extra } });
  delete headers.host; // fetch sets it
  const res = await deps.http.request({ method, url: url.toString(), headers, body: bytes.toString('utf8'), timeoutMs: 30_000 });
  let parsed: Record<string, unknown> = {};
  try { parsed = JSON.parse(res.body) as Record<string, unknown>; } catch { /* classified below */ }
  const remote = (parsed.error as { code?: string } | undefined)?.code;
  const failure = classifyStatus(SYSTEM, res, deps.clock(), remote);
  if (failure) throw failure;
  if (!parsed || typeof parsed !== 'object') throw new LtError('CONNECTOR_BAD_REPLY', { system: SYSTEM, detail: excerpt(res.body) });
  return parsed;
}

export const createActivity = operation<Input>(manifest, SYSTEM, async ({ input, credential, key, deps }) => {
  const bytes = Buffer.from(typeof input.content === 'string' ? input.content : JSON.stringify(input.content), 'utf8');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const created = await signedJson(deps, credential, 'POST', '/api/v1/exchanges', {
    recipient: input.recipient, subject: input.subject, dataType: input.dataType, protocol: input.protocol ?? 'json', priority: input.priority ?? 'normal',
    size: bytes.length, ...(input.deadline ? { deadline: input.deadline } : {}),
  }, { 'idempotency-key': key });
  const exchangeId = String(created.exchangeId ?? '');
  if (!exchangeId) throw new LtError('CONNECTOR_BAD_REPLY', { system: SYSTEM, detail: 'no exchangeId' });
  // A retry after the upload went through finds the exchange past `space_allocated`: nothing to upload again.
  if (created.status === 'space_allocated') {
    const up = await signedJson(deps, credential, 'PUT', `/api/v1/exchanges/${exchangeId}/content`, {
      content: bytes.toString('base64'), sha256, policy: { allowedRecipients: input.allowedRecipients, ...(input.transformAllowed !== undefined ? { transformAllowed: input.transformAllowed } : {}) },
    });
    return { exchangeId, status: String(up.status ?? 'uploaded'), sha256, size: bytes.length };
  }
  return { exchangeId, status: String(created.status ?? ''), sha256, size: bytes.length };
});
