import { LtError } from '@lienthong/errors';
import { classifyStatus, shapeExcerpt } from './http.js';
import type { ConnectorDeps, HttpRequest, HttpResponse } from './types.js';

export interface JsonRequest {
  system: string;
  method: HttpRequest['method'];
  url: string;
  headers?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  timeoutMs: number;
  /** Sent as the `Idempotency-Key` header. */
  idempotencyKey?: string;
  /** Reads the remote's own error code from a 4xx body (kept in CONNECTOR_REJECTED.remoteCode). */
  remoteCode?: (body: unknown) => string | undefined;
}

export interface JsonReply {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    // A byte-order mark (some Windows exports) is not part of the JSON.
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * One JSON exchange with the shared classification: transport and status errors first
 * (timeout, 5xx, 429, maintenance page → retryable; 4xx → rejected with the remote code),
 * then a body that is not JSON → non-retryable CONNECTOR_BAD_REPLY.
 */
export async function requestJson(deps: ConnectorDeps, r: JsonRequest): Promise<JsonReply> {
  const headers: Record<string, string> = { accept: 'application/json', ...r.headers };
  if (r.json !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
  if (r.idempotencyKey) headers['idempotency-key'] = r.idempotencyKey;
  const res = await deps.http.request({ method: r.method, url: r.url, headers, timeoutMs: r.timeoutMs, ...(r.json !== undefined ? { body: JSON.stringify(r.json) } : {}) });
  return parseReply(deps, r.system, res, r.remoteCode);
}

export function parseReply(deps: ConnectorDeps, system: string, res: HttpResponse, remoteCode?: (body: unknown) => string | undefined): JsonReply {
  const parsed = tryParseJson(res.body);
  const code = parsed.ok && remoteCode ? remoteCode(parsed.value) : undefined;
  const statusError = classifyStatus(system, res, deps.clock(), code);
  if (statusError) throw statusError;
  if (!parsed.ok) throw new LtError('CONNECTOR_BAD_REPLY', { system, detail: `not JSON: ${shapeExcerpt(res.body)}` });
  return { status: res.status, headers: res.headers, body: parsed.value };
}

/** A field of a parsed reply as an object, or a CONNECTOR_BAD_REPLY naming what is missing. */
export function objectAt(system: string, value: unknown, what: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new LtError('CONNECTOR_BAD_REPLY', { system, detail: `${what} is missing or not an object` });
  return value as Record<string, unknown>;
}
