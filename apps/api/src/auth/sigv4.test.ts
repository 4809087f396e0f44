import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type LtError } from '@lienthong/errors';
import { amzDateOf, parseAuthorization, payloadHash, signatureMatches, signRequest } from './sigv4.js';
import { ipAllowed } from './limits.js';

const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const codeOf = (f: () => unknown) => { try { f(); return 'ok'; } catch (e) { return (e as LtError).code; } };

describe('SigV4 verification', () => {
  const body = '{"a":1}';
  const signed = signRequest({ method: 'POST', url: '/api/v1/flows/x/runs?wait=30s&b=2', host: 'lt.example:3000', body, accessKeyId: 'LTAKTEST', secretKey: secret, headers: { 'content-type': 'application/json' } });
  const req = { method: 'POST', url: '/api/v1/flows/x/runs?b=2&wait=30s', headers: signed, body: Buffer.from(body) };

  it('accepts its own signature, with query parameters in any order', () => {
    const auth = parseAuthorization(signed.authorization as string);
    expect(auth).toMatchObject({ accessKeyId: 'LTAKTEST', service: 'lienthong', region: 'vn' });
    expect(signatureMatches(req, auth, amzDateOf(signed).text, payloadHash(signed, req.body), secret)).toBe(true);
  });

  it('refuses another secret, another method, another path', () => {
    const auth = parseAuthorization(signed.authorization as string);
    const date = amzDateOf(signed).text;
    const h = payloadHash(signed, req.body);
    expect(signatureMatches(req, auth, date, h, `${secret}x`)).toBe(false);
    expect(signatureMatches({ ...req, method: 'PUT' }, auth, date, h, secret)).toBe(false);
    expect(signatureMatches({ ...req, url: '/api/v1/flows/y/runs' }, auth, date, h, secret)).toBe(false);
  });

  it('checks the body against x-amz-content-sha256, and the header formats', () => {
    expect(codeOf(() => payloadHash(signed, Buffer.from('{"a":2}')))).toBe('AUTH_BODY_HASH_MISMATCH');
    expect(codeOf(() => payloadHash({ 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, Buffer.alloc(0)))).toBe('AUTH_MALFORMED');
    expect(payloadHash({}, Buffer.from('x'))).toBe(createHash('sha256').update('x').digest('hex'));
    expect(codeOf(() => parseAuthorization('AWS4-HMAC-SHA256 Credential=A/20260101/vn/s3/aws4_request, SignedHeaders=host, Signature=' + '0'.repeat(64)))).toBe('AUTH_MALFORMED');
    expect(codeOf(() => parseAuthorization('AWS4-HMAC-SHA256 Credential=A/20260101/vn/lienthong/aws4_request, SignedHeaders=x-amz-date, Signature=' + '0'.repeat(64)))).toBe('AUTH_MALFORMED');
    expect(codeOf(() => amzDateOf({}))).toBe('AUTH_MALFORMED');
    expect(amzDateOf({ 'x-amz-date': '20260102T030405Z, 20260102T030405Z' }).ms).toBe(Date.UTC(2026, 0, 2, 3, 4, 5));
  });
});

describe('limits', () => {
  it('IP allow-lists take addresses and CIDR blocks; empty allows all', () => {
    expect(ipAllowed('::ffff:10.1.2.3', ['10.1.0.0/16'])).toBe(true);
    expect(ipAllowed('10.2.0.1', ['10.1.0.0/16', '127.0.0.1'])).toBe(false);
    expect(ipAllowed('127.0.0.1', ['127.0.0.1'])).toBe(true);
    expect(ipAllowed('1.2.3.4', [])).toBe(true);
  });
});
