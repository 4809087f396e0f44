import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { rawGet, rawRequest, type RawReply } from './raw-http.js';

/**
 * Issue 14, critical finding: `curl http://127.0.0.1:3000/%` took the whole platform down. Every route family gets
 * malformed targets and bodies; each must answer 4xx (coded where it is ours), never 5xx, never a stack trace, and the
 * process must still answer afterwards.
 */
const stackTrace = /\n\s+at .+:\d+:\d+/;

interface Probe { family: string; target: string; method?: string; body?: string; headers?: Record<string, string> }

const probes: Probe[] = [
  // the designer's files
  ...['/%', '/%zz', '/%E0%A4%A', '/..%2f..%2f..%2fpackage.json', '/assets/..%2f..%2f..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json',
    '/index.html%00.js', '/%00', '//%', '//[', '/%C0%AE%C0%AE/'].map((target) => ({ family: 'designer', target })),
  // REST
  ...['/api/v1/runs/%', '/api/v1/runs/%zz', '/api/v1/runs/%E0%A4%A', '/api/v1/flows/%00', '/api/v1/flows/%E0%A4%A/versions', '/api/v1/%'].map((target) => ({ family: 'rest', target })),
  { family: 'rest', target: '/api/v1/flows/%E0%A4%A/runs', method: 'POST', body: '{}' },
  { family: 'rest', target: '/api/v1/flows/xac-thuc-cong-dan/runs', method: 'POST', body: '{"dossierNo": ' },
  { family: 'rest', target: '/api/v1/flows/validate', method: 'POST', body: '[[[[' },
  { family: 'rest', target: '/api/v1/auth/login', method: 'POST', body: '{"username":' },
  { family: 'rest', target: '/api/v1/auth/login', method: 'POST', body: '{"username":"admin","password":"x"}', headers: { cookie: 'lt_session=%' } },
  { family: 'rest', target: '/api/v1/runs/r%', headers: { authorization: 'Bearer %zz' } },
  { family: 'rest', target: '/api/v1/runs/x', headers: { authorization: 'AWS4-HMAC-SHA256 Credential=%/%/%' } },
  // tRPC
  ...['/trpc/%', '/trpc/flows%2', '/trpc/flows.list?input=%', '/trpc/flows.get?input={bad', '/trpc/%E0%A4%A', '/trpc/flows.list,%'].map((target) => ({ family: 'trpc', target })),
  { family: 'trpc', target: '/trpc/flows.validate', method: 'POST', body: '{"document":' },
  { family: 'trpc', target: '/trpc/flows.validate?batch=1', method: 'POST', body: '{"0":' },
  // the codec endpoint
  { family: 'codec', target: '/api/v1/codec/%', method: 'POST', body: '{}' },
  { family: 'codec', target: '/api/v1/codec/decode', method: 'POST', body: '{"payloads":' },
  { family: 'codec', target: '/api/v1/codec/%zz', method: 'OPTIONS' },
  // health, metrics, the OpenAPI document and its page
  ...['/healthz%', '/healthz/%zz', '/readyz%', '/metrics%', '/metrics%zz', '/api/v1/openapi.json%', '/api/docs%', '/api/v1/health%E0%A4%A'].map((target) => ({ family: 'plain', target })),
  { family: 'plain', target: '/metrics', headers: { authorization: 'Bearer %' } },
];

describe('malformed requests never crash or 500 a process', () => {
  let p: TestPlatform;
  beforeAll(async () => { p = await startTestPlatform(); });
  afterAll(async () => { await p?.stop(); });

  function expectRefused(r: RawReply, what: string): void {
    expect(r.status, `${what} → ${r.status} ${r.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
    expect(r.status, `${what} → ${r.status} ${r.body.slice(0, 200)}`).toBeLessThan(500);
    expect(r.body, what).not.toMatch(stackTrace);
  }

  it('answers each malformed target and body of every route family with a 4xx, coded where it is ours, and stays up', async () => {
    for (const probe of probes) {
      const r = await rawGet(p.apiUrl, probe.target, probe);
      const what = `${probe.family} ${probe.method ?? 'GET'} ${probe.target}`;
      expectRefused(r, what);
      // Our own answers carry a stable code and a message in both languages.
      if (r.headers['content-type']?.startsWith('application/json') && probe.family !== 'trpc') {
        const body = JSON.parse(r.body) as { error?: { code?: string; message?: { vi?: string; en?: string } } };
        expect(body.error?.code, what).toMatch(/^[A-Z_]+$/);
        expect(body.error?.message?.vi, what).toBeTruthy();
      }
      // Nothing outside the designer's directory is ever served.
      expect(r.body, what).not.toContain('"workspaces"');
    }
    const bad = await rawGet(p.apiUrl, '/api/v1/runs/%');
    expect(JSON.parse(bad.body).error).toMatchObject({ code: 'REQUEST_URL_MALFORMED', message: { vi: expect.stringContaining('%'), en: expect.stringContaining('%') } });
    expect((await fetch(`${p.apiUrl}/healthz`)).status).toBe(200);
  });

  it('refuses broken HTTP itself (a NUL in the request line, 100 KB of headers, garbage) and stays up', async () => {
    const { host } = new URL(p.apiUrl);
    const cases: [string, string | Buffer][] = [
      ['NUL in the target', Buffer.from(`GET /a\0b HTTP/1.1\r\nhost: ${host}\r\nconnection: close\r\n\r\n`, 'latin1')],
      ['huge header', `GET /healthz HTTP/1.1\r\nhost: ${host}\r\nx-big: ${'a'.repeat(100_000)}\r\nconnection: close\r\n\r\n`],
      ['many headers', `GET /api/v1/flows HTTP/1.1\r\nhost: ${host}\r\n${Array.from({ length: 3000 }, (_, i) => `x-h${i}: v`).join('\r\n')}\r\nconnection: close\r\n\r\n`],
      ['garbage', 'HELLO\r\n\r\n'],
      ['bad content-length', `POST /trpc/flows.validate HTTP/1.1\r\nhost: ${host}\r\ncontent-length: -1\r\nconnection: close\r\n\r\n`],
    ];
    for (const [what, bytes] of cases) {
      const r = await rawRequest(p.apiUrl, bytes);
      // Node's parser answers 400/431 and closes; closing without an answer is acceptable for garbage.
      if (r.status !== 0) expectRefused(r, what);
    }
    expect((await fetch(`${p.apiUrl}/healthz`)).status).toBe(200);
  });

  it('the simulators in the same process refuse malformed targets and bodies with 4xx too', async () => {
    const sims = p.simulators?.url as string;
    for (const probe of [{ target: '/%' }, { target: '//%' }, { target: '/_control/faults/%', method: 'PUT', body: '{}' },
      { target: '/_control/faults/x', method: 'PUT', body: '{"status":' }, { target: '/baocao/api/v1/templates/%E0%A4%A' }, { target: '/ioc/api/v1/feedback/%zz' }]) {
      expectRefused(await rawGet(sims, probe.target, probe), `simulators ${probe.target}`);
    }
    expect((await fetch(`${sims}/_control/counters`)).status).toBe(200);
    expect((await fetch(`${p.apiUrl}/healthz`)).status).toBe(200);
  });
});
