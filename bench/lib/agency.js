// Registers a connected system through the REST API (as an operator, approved by the admin) and signs
// its requests with AWS Signature Version 4 (DOMAIN §4.2), as an agency's system would.
import { createHash, createHmac } from 'node:crypto';

const sha256hex = (b) => createHash('sha256').update(b).digest('hex');
const hmac = (k, d) => createHmac('sha256', k).update(d, 'utf8').digest();
const rfc3986 = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** SigV4 headers for one request (service "lienthong", region "vn-hcm"); `extra` headers (Idempotency-Key) are signed too. */
export function sigv4Headers({ accessKeyId, secretKey }, method, url, body = '', region = 'vn-hcm', date = new Date(), extra = {}) {
  const u = new URL(url);
  const amzDate = date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const own = Object.fromEntries(Object.entries(extra).map(([k, v]) => [k.toLowerCase(), String(v).trim()]));
  const headers = { ...own, host: u.host, 'x-amz-content-sha256': sha256hex(body), 'x-amz-date': amzDate };
  const signed = Object.keys(headers).sort();
  const query = [...u.searchParams].map(([k, v]) => [rfc3986(k), rfc3986(v)]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join('&');
  const path = u.pathname.split('/').map((s) => rfc3986(decodeURIComponent(s))).join('/');
  const canonical = [method, path, query, signed.map((h) => `${h}:${headers[h]}\n`).join(''), signed.join(';'), headers['x-amz-content-sha256']].join('\n');
  const scope = `${day}/${region}/lienthong/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256hex(canonical)].join('\n');
  const kSigning = hmac(hmac(hmac(hmac(`AWS4${secretKey}`, day), region), 'lienthong'), 'aws4_request');
  const signature = createHmac('sha256', kSigning).update(toSign, 'utf8').digest('hex');
  const { host: _h, ...rest } = headers;
  return { ...rest, authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, SignedHeaders=${signed.join(';')}, Signature=${signature}` };
}

/** A JSON call to the platform's REST API (optionally as a signed-in person); the body parsed when it is JSON. */
export async function call(base, method, path, body, token) {
  const r = await fetch(`${base}${path}`, { method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await r.text();
  let parsed = text;
  try { parsed = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, body: parsed };
}

/**
 * When the API refuses anonymous runs, registers system `code` of agency `agencyCode` allowed to run every
 * flow with a rate limit high enough for a benchmark, and returns a signer; otherwise returns null.
 */
export async function agencySigner(apiUrl, { adminPassword, code = 'bench-motcua', agencyCode = '000.00.00.H48', flowKey = 'xac-thuc-cong-dan', body = '{}', rateLimitPerMinute = 1_000_000 } = {}) {
  const probe = await fetch(`${apiUrl}/api/v1/flows/${flowKey}/runs?wait=0s`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await probe.text();
  if (probe.status !== 401 && probe.status !== 403) return null;
  const login = async (u, p) => { const r = await call(apiUrl, 'POST', '/api/v1/auth/login', { username: u, password: p }); if (r.status !== 200) throw new Error(`login ${u}: ${r.status} ${JSON.stringify(r.body)}`); return r.body.token; };
  const admin = await login('admin', adminPassword);
  const opPass = `operator-${sha256hex(adminPassword).slice(0, 16)}`;
  const u = await call(apiUrl, 'POST', '/api/v1/users', { username: 'bench-operator', password: opPass, roles: [{ role: 'operator' }] }, admin);
  if (u.status !== 200 && u.status !== 409) throw new Error(`user: ${u.status} ${JSON.stringify(u.body)}`);
  const op = await login('bench-operator', opPass);
  const a = await call(apiUrl, 'POST', '/api/v1/agencies', { code: agencyCode, name: { vi: `Cơ quan ${agencyCode}`, en: `Agency ${agencyCode}` } }, admin);
  if (a.status !== 200 && a.status !== 409) throw new Error(`agency: ${a.status} ${JSON.stringify(a.body)}`);
  const s = await call(apiUrl, 'POST', '/api/v1/systems', { code, agencyCode, name: { vi: `Hệ thống ${code}`, en: `System ${code}` }, reason: 'benchmark', allowedFlows: ['*'], rateLimitPerMinute }, op);
  if (s.status !== 200) throw new Error(`system: ${s.status} ${JSON.stringify(s.body)}`);
  const ap = await call(apiUrl, 'POST', `/api/v1/system-requests/${s.body.request.id}/approve`, { note: 'benchmark' }, admin);
  if (ap.status !== 200) throw new Error(`approve: ${ap.status} ${JSON.stringify(ap.body)}`);
  const k = await call(apiUrl, 'POST', `/api/v1/systems/${code}/keys`, undefined, op);
  if (k.status !== 200) throw new Error(`key: ${k.status} ${JSON.stringify(k.body)}`);
  const keys = { accessKeyId: k.body.accessKeyId, secretKey: k.body.secretKey };
  return { keys, sign: (method, url, b, extra = {}) => sigv4Headers(keys, method, url, b ?? '', undefined, undefined, extra) };
}
