import { XMLParser } from 'fast-xml-parser';
import { LtError } from '@lienthong/errors';
import { classifyStatus, shapeExcerpt } from '../../../sdk/http.js';
import { tryParseJson } from '../../../sdk/json.js';
import { field, operation } from '../../../sdk/operation.js';
import type { HttpRequest } from '../../../sdk/types.js';
import { authenticate } from '../../http/auth.js';
import { manifest } from './manifest.js';

interface Input { method?: HttpRequest['method']; path: string; query?: Record<string, string>; headers?: Record<string, string>; bodyType?: 'none' | 'json' | 'form' | 'xml'; body?: unknown; responseType?: 'auto' | 'json' | 'xml' | 'text'; timeoutMs?: number }

const SYSTEM = 'HTTP';
const xml = new XMLParser({ ignoreDeclaration: true, ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: true, removeNSPrefix: true });
const CONTENT_TYPES = { json: 'application/json; charset=utf-8', form: 'application/x-www-form-urlencoded', xml: 'application/xml; charset=utf-8' } as const;

function encode(i: Input): string {
  switch (i.bodyType ?? 'none') {
    case 'json': return JSON.stringify(i.body ?? null);
    case 'form': {
      if (!i.body || typeof i.body !== 'object' || Array.isArray(i.body)) throw new LtError('CONNECTOR_INPUT_INVALID', { connector: manifest.id, pointer: '/body', detail: 'a form body must be a flat object' });
      return new URLSearchParams(Object.entries(i.body).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString();
    }
    case 'xml':
      if (typeof i.body !== 'string') throw new LtError('CONNECTOR_INPUT_INVALID', { connector: manifest.id, pointer: '/body', detail: 'an XML body must be a string' });
      return i.body;
    default: return '';
  }
}

/** The remote's own error code in a 4xx body, whatever it calls it. */
const remoteCode = (text: string): string | undefined => {
  const p = tryParseJson(text);
  if (!p.ok || !p.value || typeof p.value !== 'object') return undefined;
  const b = p.value as Record<string, unknown>;
  const c = b.code ?? b.error_code ?? b.errorCode ?? b.error;
  return typeof c === 'string' ? c : undefined;
};

export const createActivity = operation<Input>(manifest, SYSTEM, async ({ input, credential, key, deps }) => {
  const method = input.method ?? 'GET';
  const base = field(credential, 'baseUrl').replace(/\/+$/, '');
  const url = new URL(`${base}${input.path}`);
  for (const [k, v] of Object.entries(input.query ?? {})) url.searchParams.set(k, v);
  const body = encode(input);
  const accept = input.responseType === 'xml' ? 'application/xml' : input.responseType === 'json' ? 'application/json' : 'application/json, application/xml;q=0.9, */*;q=0.5';
  const send = async (fresh: boolean) => {
    const signed = await authenticate(deps, credential, SYSTEM, { method, url: url.toString(), body }, fresh);
    const bt = input.bodyType ?? 'none';
    return deps.http.request({ method, url: signed.url, timeoutMs: input.timeoutMs ?? 20_000, ...(bt === 'none' ? {} : { body }),
      // The flow's headers first; ours (content type, key, authentication) cannot be overridden by them.
      headers: { accept, ...input.headers, ...(bt === 'none' ? {} : { 'content-type': CONTENT_TYPES[bt] }), 'idempotency-key': key, ...signed.headers } });
  };
  let res = await send(false);
  if (res.status === 401 && credential.auth === 'oauth2') res = await send(true); // an expired token: one fresh token, one retry
  const err = classifyStatus(SYSTEM, res, deps.clock(), remoteCode(res.body));
  if (err) throw err;
  const contentType = (res.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
  const want = input.responseType ?? 'auto';
  const asJson = want === 'json' || (want === 'auto' && contentType.includes('json'));
  const asXml = want === 'xml' || (want === 'auto' && contentType.includes('xml'));
  if (asJson) {
    const p = tryParseJson(res.body);
    if (!p.ok) throw new LtError('CONNECTOR_BAD_REPLY', { system: SYSTEM, detail: `not JSON: ${shapeExcerpt(res.body)}` });
    return { status: res.status, contentType, body: p.value };
  }
  if (asXml) {
    try {
      return { status: res.status, contentType, body: xml.parse(res.body.replace(/^\uFEFF/, ''), true) as unknown };
    } catch {
      throw new LtError('CONNECTOR_BAD_REPLY', { system: SYSTEM, detail: `not XML: ${shapeExcerpt(res.body)}` });
    }
  }
  return { status: res.status, contentType, body: res.body };
});
