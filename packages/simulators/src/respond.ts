import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Fault } from './faults.js';

/** The response object as the server hands it to handlers, with the per-call fault flags. */
export type SimResponse = ServerResponse & { ltMalformed?: boolean; ltFailAfterApply?: Fault; ltDuplicate?: boolean; ltEncoding?: 'nfd' | 'bom' };

/** Applies the encoding fault: decomposed diacritics, or a BOM before the body. */
export function encodeBody(res: ServerResponse, body: string): string {
  const e = (res as SimResponse).ltEncoding;
  return e === 'nfd' ? body.normalize('NFD') : e === 'bom' ? `\uFEFF${body}` : body;
}

/** True when this call carries the duplicate-delivery fault. */
export const duplicateDelivery = (res: ServerResponse): boolean => (res as SimResponse).ltDuplicate === true;

/**
 * Answers a handler's reply, honouring the call's fault:
 * - failAfterApply: the effect was applied, but the caller sees a 503 (so it retries something done);
 * - malformed: the body is cut in half (truncated JSON / XML).
 */
export function reply(res: ServerResponse, status: number, body: string, contentType: string): void {
  const r = res as SimResponse;
  const f = r.ltFailAfterApply;
  if (f) {
    const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
    if (f.retryAfterSec !== undefined) headers['retry-after'] = String(f.retryAfterSec);
    res.writeHead(f.status ?? 503, headers);
    res.end('Simulated HTTP 503 after the effect was applied');
    return;
  }
  res.writeHead(status, { 'content-type': contentType });
  const text = encodeBody(res, body);
  res.end(r.ltMalformed ? text.slice(0, Math.max(1, Math.floor(text.length / 2))) : text);
}

export function replyJson(res: ServerResponse, status: number, body: unknown): void {
  reply(res, status, JSON.stringify(body), 'application/json; charset=utf-8');
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export function parseJsonBody(body: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(body) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export const queryOf = (req: IncomingMessage): URLSearchParams => new URL(req.url ?? '/', 'http://sim').searchParams;

/** Stored replies per idempotency key: a repeated request gets the first answer, not a second effect. */
export class Replay<T> {
  private byKey = new Map<string, T>();
  get(key: string): T | undefined {
    return this.byKey.get(key);
  }
  set(key: string, value: T): T {
    this.byKey.set(key, value);
    return value;
  }
}
