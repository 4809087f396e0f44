import { describe, expect, it } from 'vitest';
import { LtError } from '@lienthong/errors';
import { classifyStatus, excerpt, retryAfterMs, shapeExcerpt } from './http.js';
import { outboundKey } from './idempotency.js';
import { scrub, scrubError, secretPairs, secretValues } from './redact.js';

const now = new Date('2026-01-15T01:00:00Z');
const res = (status: number, body = '', headers: Record<string, string> = {}) => ({ status, body, headers });

describe('sdk: shared classification', () => {
  it.each([
    [429, { 'retry-after': '12' }, 'CONNECTOR_RATE_LIMITED', true],
    [503, {}, 'CONNECTOR_UNAVAILABLE', true],
    [502, {}, 'CONNECTOR_UNAVAILABLE', true],
    [401, {}, 'CONNECTOR_AUTH_FAILED', false],
    [404, {}, 'CONNECTOR_REJECTED', false],
    [422, {}, 'CONNECTOR_REJECTED', false],
  ])('HTTP %i → %s', (status, headers, code, retryable) => {
    const err = classifyStatus('X', res(status, '', headers), now);
    expect(err).toMatchObject({ code, retryable });
  });
  it('a 200 maintenance page is unavailable, any other 200 is fine', () => {
    expect(classifyStatus('X', res(200, '<html><body>Hệ thống đang bảo trì</body></html>'), now)?.code).toBe('CONNECTOR_UNAVAILABLE');
    expect(classifyStatus('X', res(200, '{"ok":true}'), now)).toBeNull();
  });
  it('Retry-After in seconds or as an HTTP date', () => {
    expect(retryAfterMs({ 'retry-after': '30' }, now)).toBe(30_000);
    expect(retryAfterMs({ 'retry-after': 'Thu, 15 Jan 2026 01:02:00 GMT' }, now)).toBe(120_000);
  });
});

describe('sdk: excerpts keep no personal data', () => {
  it('masks ID-like digit runs', () => {
    expect(excerpt('id 051090123456 x')).toBe('id 051******456 x');
  });
  it('a garbled record keeps its shape, not its values', () => {
    const json = '{"requestId":"LT-1","status":"OK","data":{"treEm":{"hoVaTen":"NGUYỄN BẢO CHÂU","soDinhDanh":"051326000123"';
    const x = shapeExcerpt(json);
    expect(x).toContain('"status":"OK"');
    expect(x).not.toContain('NGUYỄN');
    expect(x).not.toContain('051326000123');
    expect(shapeExcerpt('<a><Ho>NGUYỄN</Ho><Code>OK</Code>')).toBe('<a><Ho>…(6)</Ho><Code>OK</Code>');
  });
});

describe('sdk: idempotency and redaction', () => {
  it('the outbound key depends on the step key only', () => {
    expect(outboundKey('wf-1/n1')).toBe(outboundKey('wf-1/n1'));
    expect(outboundKey('wf-1/n1')).not.toBe(outboundKey('wf-1/n2'));
    expect(outboundKey('wf-1/n1')).not.toContain('wf-1');
  });
  it('secrets are masked in outputs and in error params; addresses and labels are not secrets', () => {
    const cred = { type: 'http', baseUrl: 'http://x', username: 'echo-user', password: 'p4ssw0rd-long' };
    expect(secretValues(cred)).toEqual(['p4ssw0rd-long']);
    expect(scrub({ a: ['Basic p4ssw0rd-long'] }, secretValues(cred))).toEqual({ a: ['Basic ***'] });
    const err = scrubError(new LtError('CONNECTOR_REJECTED', { system: 'X', remoteCode: '400', detail: 'bad p4ssw0rd-long' }), secretValues(cred)) as LtError;
    expect(err.params.detail).toBe('bad ***');
  });
  it('derived forms are masked too: Basic, base64 and base64url at any offset, URL-encoded, JSON-escaped, hex', () => {
    const password = 'mật "khẩu"/p4ss+w0rd?&=';
    const cred = { type: 'http', baseUrl: 'http://x', auth: 'basic', username: 'echo-user', password };
    const secrets = [...secretValues(cred), ...secretPairs(cred, secretValues(cred))];
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const leaks = [`Basic ${b64(`echo-user:${password}`)}`, b64(`{"pw":"${password}"}`), b64(`ab${password}`), Buffer.from(`x${password}`).toString('base64url'),
      encodeURIComponent(password), new URLSearchParams({ p: password }).toString(), JSON.stringify({ p: password }), JSON.stringify(JSON.stringify({ p: password })),
      Buffer.from(password).toString('hex')];
    const out = JSON.stringify(scrub({ leaks }, secrets));
    for (const leak of leaks) expect(out).not.toContain(leak);
    // What is left is never enough to rebuild the password: decode every base64 run and look.
    for (const run of out.match(/[A-Za-z0-9+/_-]{8,}/g) ?? []) expect(Buffer.from(run, 'base64').toString('utf8')).not.toContain('p4ss+w0rd');
    expect(scrub({ note: 'an ordinary sentence stays as it was' }, secrets)).toEqual({ note: 'an ordinary sentence stays as it was' });
  });
  it('a password inside a URL field (a connection string) is a secret of its own', () => {
    const cred = { type: 'postgres', connectionString: 'postgres://lienthong:mat%40khau-kho-sql@10.0.0.5:5432/kho' };
    const secrets = [...secretValues(cred), ...secretPairs(cred, secretValues(cred))];
    expect(scrub({ detail: 'password authentication failed: mat@khau-kho-sql', b: Buffer.from('lienthong:mat@khau-kho-sql').toString('base64') }, secrets))
      .toEqual({ detail: 'password authentication failed: ***', b: '***' });
  });
});
