import { LtError } from '@lienthong/errors';
import { objectAt, parseReply } from '../../sdk/json.js';
import { field } from '../../sdk/operation.js';
import type { ConnectorDeps, Credential } from '../../sdk/types.js';

/**
 * Client of an LGSP document API in the Lạng Sơn style (DOMAIN §6.5). Credential type `lgsp-edoc`:
 * {baseUrl, systemId (our agency code at the LGSP), secretKey}. Every reply carries ErrorCode:
 * 0 success; 10 authentication; 24 signature refused; 23 internal (the only retryable one); 15/18–22 business rejections.
 */
export const SYSTEM = 'LGSP';

export function lgspHeaders(cred: Credential): Record<string, string> {
  return { 'X-SystemId': field(cred, 'systemId'), 'X-SecretKey': field(cred, 'secretKey') };
}

export async function lgspCall(deps: ConnectorDeps, cred: Credential, r: { method: 'GET' | 'POST'; path: string; query?: Record<string, string>; body?: string; contentType?: string; idempotencyKey?: string; timeoutMs?: number }): Promise<Record<string, unknown>> {
  const qs = r.query ? `?${new URLSearchParams(r.query).toString()}` : '';
  const headers: Record<string, string> = { ...lgspHeaders(cred), accept: 'application/json' };
  if (r.contentType) headers['content-type'] = r.contentType;
  if (r.idempotencyKey) headers['idempotency-key'] = r.idempotencyKey;
  const res = await deps.http.request({ method: r.method, url: `${field(cred, 'baseUrl')}/v1/${r.path}${qs}`, headers, timeoutMs: r.timeoutMs ?? 20_000, ...(r.body !== undefined ? { body: r.body } : {}) });
  // The shared classification first (timeouts, 5xx, 429, maintenance page, not JSON), then ErrorCode.
  const body = objectAt(SYSTEM, parseReply(deps, SYSTEM, res).body, 'reply');
  const code = body.ErrorCode;
  if (code === 0 || code === '0') return body;
  const desc = typeof body.ErrorDesc === 'string' ? body.ErrorDesc : '';
  if (code === 10 || code === '10') throw new LtError('CONNECTOR_AUTH_FAILED', { system: SYSTEM, remoteCode: '10' });
  // 24: the LGSP refused the package's XML-DSig signature (tampered, wrong key, or unsigned where it requires one).
  if (code === 24 || code === '24') throw new LtError('CONNECTOR_SIGNATURE_REFUSED', { system: SYSTEM, remoteCode: '24' });
  if (code === 23 || code === '23') throw new LtError('CONNECTOR_UNAVAILABLE', { system: SYSTEM, httpStatus: res.status, detail: desc });
  if (typeof code === 'number' || (typeof code === 'string' && /^\d+$/.test(code))) {
    throw new LtError('CONNECTOR_REJECTED', { system: SYSTEM, remoteCode: String(code), detail: desc });
  }
  throw new LtError('CONNECTOR_BAD_REPLY', { system: SYSTEM, detail: 'ErrorCode is missing' });
}

