import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { LtError } from '@lienthong/errors';

/**
 * AWS Signature Version 4, as our request signing (DOMAIN §4.2): `curl --aws-sigv4 "aws:amz:<region>:lienthong"`
 * and the AWS SDKs' signers produce requests this accepts. Service name `lienthong`; any region.
 */
export const SIGV4_SERVICE = 'lienthong';
export const MAX_SKEW_MS = 5 * 60_000;

export interface SignedRequestParts {
  method: string;
  /** Path and query exactly as received (req.url). */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

export const isSigV4 = (authorization: string | undefined): boolean => !!authorization && /^AWS4-HMAC-SHA256\s/.test(authorization);

export function parseAuthorization(h: string): ParsedAuthorization {
  const m = /^AWS4-HMAC-SHA256\s+(.+)$/s.exec(h.trim());
  if (!m) throw new LtError('AUTH_MALFORMED', { detail: 'expected AWS4-HMAC-SHA256' });
  const parts = Object.fromEntries((m[1] as string).split(',').map((p) => {
    const i = p.indexOf('=');
    return [p.slice(0, i).trim(), p.slice(i + 1).trim()];
  }));
  const cred = (parts.Credential ?? '').split('/');
  if (cred.length !== 5 || cred[4] !== 'aws4_request' || !cred[0]) throw new LtError('AUTH_MALFORMED', { detail: 'Credential=<access key>/<yyyymmdd>/<region>/lienthong/aws4_request' });
  if (cred[3] !== SIGV4_SERVICE) throw new LtError('AUTH_MALFORMED', { detail: `service must be ${SIGV4_SERVICE}` });
  const signedHeaders = (parts.SignedHeaders ?? '').split(';').filter(Boolean);
  if (!signedHeaders.includes('host')) throw new LtError('AUTH_MALFORMED', { detail: 'SignedHeaders must include host' });
  if (!/^[0-9a-f]{64}$/.test(parts.Signature ?? '')) throw new LtError('AUTH_MALFORMED', { detail: 'Signature must be 64 hex digits' });
  return { accessKeyId: cred[0], date: cred[1] as string, region: cred[2] as string, service: cred[3], signedHeaders, signature: parts.Signature as string };
}

const sha256hex = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 encoding as SigV4 wants it: unreserved characters stay, everything else %XX (upper case). */
export const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const safeDecode = (s: string) => { try { return decodeURIComponent(s); } catch { return s; } };

/** The first value of a header (curl 7.88 repeats a user-given X-Amz-Date; both copies are equal). */
function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  if (v === undefined) return undefined;
  const s = Array.isArray(v) ? v.join(',') : v;
  if (name === 'x-amz-date') return s.split(',')[0]?.trim();
  return s;
}

export function amzDateOf(headers: IncomingHttpHeaders): { text: string; ms: number } {
  const text = headerValue(headers, 'x-amz-date');
  const m = text ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text) : null;
  if (!text || !m) throw new LtError('AUTH_MALFORMED', { detail: 'X-Amz-Date (yyyymmddThhmmssZ) is required' });
  return { text, ms: Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) };
}

function canonicalQueries(query: string): string[] {
  if (!query) return [''];
  const pairs = query.split('&').filter(Boolean).map((kv) => {
    const i = kv.indexOf('=');
    const [k, v] = i < 0 ? [kv, ''] : [kv.slice(0, i), kv.slice(i + 1)];
    return [rfc3986(safeDecode(k)), rfc3986(safeDecode(v))] as const;
  }).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return [...new Set([pairs.map(([k, v]) => `${k}=${v}`).join('&'), query])];
}

function canonicalPaths(path: string): string[] {
  const once = path.split('/').map((s) => rfc3986(safeDecode(s))).join('/') || '/';
  const twice = once.split('/').map((s) => rfc3986(s)).join('/') || '/';
  return [...new Set([once, path || '/', twice])];
}

/** The payload hash the signer used: x-amz-content-sha256 when sent (it must match the body), else computed. */
export function payloadHash(headers: IncomingHttpHeaders, body: Buffer): string {
  const actual = sha256hex(body);
  const claimed = headerValue(headers, 'x-amz-content-sha256');
  if (claimed === undefined) return actual;
  if (!/^[0-9a-f]{64}$/i.test(claimed)) throw new LtError('AUTH_MALFORMED', { detail: 'x-amz-content-sha256 must be the hex SHA-256 of the body (unsigned or streaming payloads are not accepted)' });
  if (claimed.toLowerCase() !== actual) throw new LtError('AUTH_BODY_HASH_MISMATCH');
  return actual;
}

/**
 * The payload hash of a streamed body, which is not here yet: the signed x-amz-content-sha256 stands for it, so it is
 * required and must be a hex SHA-256 (never UNSIGNED-PAYLOAD); whoever reads the body must check it matches.
 */
export function claimedPayloadHash(headers: IncomingHttpHeaders): string {
  const claimed = headerValue(headers, 'x-amz-content-sha256');
  if (claimed === undefined || !/^[0-9a-f]{64}$/i.test(claimed)) {
    throw new LtError('AUTH_MALFORMED', { detail: 'a streamed body needs x-amz-content-sha256: the hex SHA-256 of the body (unsigned or streaming payloads are not accepted)' });
  }
  return claimed.toLowerCase();
}

export function signingKey(secret: string, date: string, region: string, service = SIGV4_SERVICE): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

/** Every canonical form we accept for this request (path and query encodings differ between signers). */
export function stringsToSign(req: SignedRequestParts, auth: ParsedAuthorization, amzDate: string, bodyHash: string): string[] {
  const q = req.url.indexOf('?');
  const path = q < 0 ? req.url : req.url.slice(0, q);
  const query = q < 0 ? '' : req.url.slice(q + 1);
  const headerLines = auth.signedHeaders.map((h) => `${h}:${(headerValue(req.headers, h) ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const out: string[] = [];
  for (const p of canonicalPaths(path)) {
    for (const cq of canonicalQueries(query)) {
      const canonical = [req.method.toUpperCase(), p, cq, headerLines, auth.signedHeaders.join(';'), bodyHash].join('\n');
      out.push(['AWS4-HMAC-SHA256', amzDate, scope, sha256hex(canonical)].join('\n'));
    }
  }
  return out;
}

export function signatureMatches(req: SignedRequestParts, auth: ParsedAuthorization, amzDate: string, bodyHash: string, secret: string): boolean {
  const key = signingKey(secret, auth.date, auth.region, auth.service);
  const given = Buffer.from(auth.signature, 'hex');
  let ok = false;
  for (const sts of stringsToSign(req, auth, amzDate, bodyHash)) {
    if (timingSafeEqual(hmac(key, sts), given)) ok = true;
  }
  return ok;
}

/** Signs a request (tests, CLI, and agencies' Node clients); the result carries the headers to send. */
export function signRequest(o: { method: string; url: string; host: string; body?: string | Buffer; accessKeyId: string; secretKey: string; region?: string; date?: Date; headers?: Record<string, string> }): Record<string, string> {
  const region = o.region ?? 'vn';
  const d = (o.date ?? new Date()).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const body = Buffer.isBuffer(o.body) ? o.body : Buffer.from(o.body ?? '', 'utf8');
  const headers: Record<string, string> = { ...Object.fromEntries(Object.entries(o.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])), host: o.host, 'x-amz-date': d, 'x-amz-content-sha256': sha256hex(body) };
  const signedHeaders = Object.keys(headers).sort();
  const auth: ParsedAuthorization = { accessKeyId: o.accessKeyId, date: d.slice(0, 8), region, service: SIGV4_SERVICE, signedHeaders, signature: '' };
  const [sts] = stringsToSign({ method: o.method, url: o.url, headers, body }, auth, d, sha256hex(body));
  const signature = hmac(signingKey(o.secretKey, auth.date, region), sts as string).toString('hex');
  return { ...headers, authorization: `AWS4-HMAC-SHA256 Credential=${o.accessKeyId}/${auth.date}/${region}/${SIGV4_SERVICE}/aws4_request, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}` };
}
