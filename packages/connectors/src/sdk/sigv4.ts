import { createHash, createHmac } from 'node:crypto';

const sha256hex = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const hmac = (key: Buffer | string, s: string) => createHmac('sha256', key).update(s).digest();

/**
 * Signs a request the way Liên Thông's API verifies it (AWS Signature Version 4, service
 * "lienthong"), so flows can call another province system's API, or our own, as a registered system.
 */
export function sigv4Headers(o: { method: string; url: URL; body: Buffer; accessKeyId: string; secretKey: string; region?: string; date: Date; headers?: Record<string, string> }): Record<string, string> {
  const region = o.region ?? 'vn';
  const amzDate = o.date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    ...Object.fromEntries(Object.entries(o.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v.trim()])),
    host: o.url.host, 'x-amz-date': amzDate, 'x-amz-content-sha256': sha256hex(o.body),
  };
  const signed = Object.keys(headers).sort();
  const query = [...o.url.searchParams.entries()].map(([k, v]) => [encodeURIComponent(k), encodeURIComponent(v)] as const)
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join('&');
  const canonical = [o.method.toUpperCase(), o.url.pathname, query, signed.map((h) => `${h}:${headers[h]}\n`).join(''), signed.join(';'), headers['x-amz-content-sha256']].join('\n');
  const scope = `${day}/${region}/lienthong/aws4_request`;
  const key = hmac(hmac(hmac(hmac(`AWS4${o.secretKey}`, day), region), 'lienthong'), 'aws4_request');
  const signature = hmac(key, ['AWS4-HMAC-SHA256', amzDate, scope, sha256hex(canonical)].join('\n')).toString('hex');
  return { ...headers, authorization: `AWS4-HMAC-SHA256 Credential=${o.accessKeyId}/${scope}, SignedHeaders=${signed.join(';')}, Signature=${signature}` };
}
