import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { rawGet, rawRequest } from './raw-http.js';

/** Issue 14: security headers on every answer, Secure cookies and HSTS over TLS, body limits, timeouts, a connection cap. */

function expectSecurityHeaders(h: Headers | Record<string, string | string[] | undefined>, what: string): void {
  const get = (k: string) => (h instanceof Headers ? h.get(k) : (h[k] as string | undefined)) ?? '';
  expect(get('content-security-policy'), what).toContain("frame-ancestors 'none'");
  expect(get('x-content-type-options'), what).toBe('nosniff');
  expect(get('referrer-policy'), what).toBe('no-referrer');
  expect(get('x-frame-options'), what).toBe('DENY');
}

/** Closes (resolves) when the server ends the connection; `send` writes the partial request. */
function heldConnection(url: string, send: string): Promise<{ answered: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const s = connect({ host: hostname, port: Number(port) });
    let answered = '';
    // Bounded so a regression fails instead of hanging; not a timing assertion.
    const guard = setTimeout(() => { s.destroy(); reject(new Error('the server kept a slow connection open')); }, 60_000);
    s.on('data', (d) => { answered += d.toString(); });
    s.on('error', () => undefined);
    s.on('close', () => { clearTimeout(guard); resolve({ answered }); });
    s.write(send);
  });
}

describe('HTTP hardening of the API listener', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await startTestPlatform(); });
  afterAll(async () => { await p?.stop(); });

  it('every answer carries the security headers: API, errors, tRPC, health, the designer and the API docs page', async () => {
    for (const path of ['/healthz', '/api/v1/flows', '/api/v1/openapi.json', '/trpc/flows.list', '/api/v1/nope', '/metrics', '/']) {
      const r = await fetch(`${p.apiUrl}${path}`);
      expectSecurityHeaders(r.headers, path);
      expect(r.headers.get('strict-transport-security'), path).toBeNull(); // plain HTTP, no trusted proxy
    }
    const bad = await rawGet(p.apiUrl, '/api/v1/runs/%');
    expect(bad.status).toBe(400);
    expectSecurityHeaders(bad.headers, 'malformed target');
    // The designer's page: its own scripts, React Flow's inline styles; nothing inline runs, nobody frames it.
    const page = await fetch(`${p.apiUrl}/`);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(page.headers.get('content-security-policy')).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    // The docs page's one inline script is allowed by its hash only.
    const docs = await fetch(`${p.apiUrl}/api/docs`);
    expectSecurityHeaders(docs.headers, '/api/docs');
    expect(docs.headers.get('content-security-policy')).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
  });

  it('X-Forwarded-Proto is ignored unless LT_TRUST_PROXY: no HSTS, no Secure cookie', async () => {
    const r = await fetch(`${p.apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ username: 'admin', password: p.adminPassword }) });
    expect(r.status).toBe(200);
    expect(r.headers.get('strict-transport-security')).toBeNull();
    expect(r.headers.get('set-cookie')).not.toMatch(/Secure/);
  });

  it('tRPC has REST\'s body limit: an anonymous 5 MB flows.validate gets a coded 413, declared or chunked', async () => {
    const big = JSON.stringify({ document: { key: 'x', padding: 'a'.repeat(5 * 1024 * 1024) } });
    const r = await fetch(`${p.apiUrl}/trpc/flows.validate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(r.status).toBe(413);
    expect((await r.json()).error.data.errors[0]).toMatchObject({ code: 'REQUEST_TOO_LARGE', message: { vi: expect.any(String), en: expect.any(String) } });
    // Without a Content-Length (a streamed body) the adapter's limit answers.
    const chunks = new ReadableStream({ start(c) { for (let i = 0; i < 5; i++) c.enqueue(new TextEncoder().encode('a'.repeat(1024 * 1024))); c.close(); } });
    const streamed = await fetch(`${p.apiUrl}/trpc/flows.validate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: chunks, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await streamed.json()).error.data.errors[0]).toMatchObject({ code: 'REQUEST_TOO_LARGE', message: { vi: expect.any(String), en: expect.any(String) } });
    expect((await fetch(`${p.apiUrl}/healthz`)).status).toBe(200);
  });
});

describe('behind a trusted load balancer (LT_TRUST_PROXY)', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await startTestPlatform({ http: { trustProxy: true } }); });
  afterAll(async () => { await p?.stop(); });

  it('X-Forwarded-Proto=https: HSTS and a Secure session cookie; X-Forwarded-For is the client in the audit log', async () => {
    const r = await fetch(`${p.apiUrl}/api/v1/auth/login`, { method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7, 10.0.0.2' },
      body: JSON.stringify({ username: 'admin', password: 'not-the-password-1' }) });
    expect(r.status).toBe(401);
    expect(r.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    const ok = await fetch(`${p.apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ username: 'admin', password: p.adminPassword }) });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('set-cookie')).toMatch(/lt_session=.+; .*Secure/);
    await p.services.audit.flush();
    const rows = await p.services.audit.search({ limit: 50 });
    expect(rows.some((row) => row.ip === '203.0.113.7')).toBe(true);
    // Plain HTTP through the same balancer: neither.
    const plain = await fetch(`${p.apiUrl}/healthz`, { headers: { 'x-forwarded-proto': 'http' } });
    expect(plain.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('served over TLS by the API itself (LT_TLS_CERT, LT_TLS_KEY)', () => {
  let p: TestPlatform;
  let dir: string;
  let cert: Buffer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lt-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    cert = readFileSync(join(dir, 'cert.pem'));
    // The helper logs in with fetch, which cannot be given our CA: trust the self-signed certificate for that login only.
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    try {
      p = await startTestPlatform({ http: { tls: { cert, key: readFileSync(join(dir, 'key.pem')) } } });
    } finally {
      delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    }
  });
  afterAll(async () => { await p?.stop(); rmSync(dir, { recursive: true, force: true }); });

  const post = (path: string, body: unknown) => new Promise<{ status: number; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
    const req = httpsRequest(`${p.apiUrl}${path}`, { method: 'POST', ca: cert, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });

  it('answers over HTTPS with HSTS and a Secure session cookie', async () => {
    expect(p.apiUrl).toMatch(/^https:\/\//);
    const r = await post('/api/v1/auth/login', { username: 'admin', password: p.adminPassword });
    expect(r.status).toBe(200);
    expectSecurityHeaders(r.headers, 'tls login');
    expect(r.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(String(r.headers['set-cookie'])).toMatch(/Secure/);
  });
});

describe('timeouts and a connection cap', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await startTestPlatform({ http: { limits: { headersTimeoutMs: 1_000, requestTimeoutMs: 3_000, maxConnections: 5 } } }); });
  afterAll(async () => { await p?.stop(); });

  it('closes a connection that sends its headers slowly, and one that never finishes its body', async () => {
    const host = new URL(p.apiUrl).host;
    const slowHeaders = await heldConnection(p.apiUrl, `GET /healthz HTTP/1.1\r\nhost: ${host}\r\nx-slow: `);
    expect(slowHeaders.answered).not.toMatch(/^HTTP\/1\.1 200/);
    const slowBody = await heldConnection(p.apiUrl, `POST /api/v1/flows/validate HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"a":`);
    expect(slowBody.answered).not.toMatch(/^HTTP\/1\.1 200/);
  });

  it('refuses connections beyond the cap, and serves again once they close', async () => {
    const { hostname, port } = new URL(p.apiUrl);
    const sockets = Array.from({ length: 8 }, () => connect({ host: hostname, port: Number(port) }));
    const outcomes = await Promise.all(sockets.map((s) => new Promise<'answered' | 'refused'>((resolve) => {
      s.on('error', () => resolve('refused'));
      s.on('close', () => resolve('refused'));
      s.on('data', () => resolve('answered'));
      s.on('connect', () => s.write(`GET /healthz HTTP/1.1\r\nhost: ${hostname}\r\n\r\n`));
    })));
    expect(outcomes.filter((o) => o === 'answered').length).toBeLessThanOrEqual(5);
    expect(outcomes.filter((o) => o === 'refused').length).toBeGreaterThanOrEqual(3);
    for (const s of sockets) s.destroy();
    // The server counts the closed connections down as it sees them go: ask until it answers (bounded).
    let again = 0;
    for (let i = 0; i < 50 && again !== 200; i++) {
      again = (await rawRequest(p.apiUrl, `GET /healthz HTTP/1.1\r\nhost: ${hostname}\r\nconnection: close\r\n\r\n`)).status;
      if (again !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(again).toBe(200);
  });
});
