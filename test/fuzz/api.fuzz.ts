import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fuzzOptions } from './seed.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';

// Bad input against the REST API: every answer is a 4xx with an error code, never a 5xx, a hang or a
// crash, and the server stays healthy. The seed is the repository's (seed.ts) unless LT_FUZZ_SEED says otherwise; runs are bounded.
const opts = fuzzOptions();
const { seed, numRuns } = opts;
const RUNS_PATH = '/api/v1/flows/xac-thuc-cong-dan/runs';

interface RawReply { status: number; body: string }

/** Sends exact bytes on a fresh connection; resolves with the status line's code and the body (bounded in time). */
function raw(url: string, bytes: Buffer | string, timeoutMs = 20_000): Promise<RawReply> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const s = connect({ host: u.hostname, port: Number(u.port) });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => { s.destroy(); reject(new Error(`no answer within ${timeoutMs} ms`)); }, timeoutMs);
    s.on('data', (c) => chunks.push(c));
    // The server may answer (413) and close before it read everything we send: keep what it said.
    s.on('error', (e: NodeJS.ErrnoException) => { if (e.code !== 'EPIPE' && e.code !== 'ECONNRESET') { clearTimeout(timer); reject(e); } });
    s.on('close', () => {
      clearTimeout(timer);
      const all = Buffer.concat(chunks);
      const text = all.toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      if (!m) return reject(new Error(`no HTTP answer: ${JSON.stringify(text.slice(0, 200))}`));
      const split = text.indexOf('\r\n\r\n');
      const head = text.slice(0, split);
      let body = all.subarray(split + 4);
      if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
        const parts: Buffer[] = [];
        let at = 0;
        for (;;) {
          const eol = body.indexOf('\r\n', at);
          if (eol < 0) break;
          const size = parseInt(body.subarray(at, eol).toString('latin1'), 16);
          if (!size) break;
          parts.push(body.subarray(eol + 2, eol + 2 + size));
          at = eol + 2 + size + 2;
        }
        body = Buffer.concat(parts);
      }
      resolve({ status: Number(m[1]), body: body.toString('utf8') });
    });
    s.end(bytes);
  });
}

function request(method: string, path: string, headers: Record<string, string>, body?: Buffer | string): string | Buffer {
  const b = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const head = `${method} ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\ncontent-length: ${b.length}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), b]);
}

/** A 4xx whose JSON body names an error code (the server's own answers; protocol errors are checked apart). */
function expectCoded4xx(r: RawReply): void {
  expect(r.status, r.body.slice(0, 300)).toBeGreaterThanOrEqual(400);
  expect(r.status, r.body.slice(0, 300)).toBeLessThan(500);
  const parsed = JSON.parse(r.body) as { error?: { code?: unknown } };
  expect(typeof parsed.error?.code).toBe('string');
}

describe(`fuzzing the REST API (seed ${seed})`, () => {
  let p: TestPlatform;
  let auth: Record<string, string>;
  beforeAll(async () => {
    p = await startTestPlatform();
    const token = (p as { adminToken?: string }).adminToken;
    auth = token ? { authorization: `Bearer ${token}` } : {};
  });
  afterAll(async () => {
    await p?.stop();
  });
  async function healthy(): Promise<void> {
    const r = await fetch(`${p.apiUrl}/healthz`);
    expect(r.status).toBe(200);
  }

  it('any JSON value as a run input: a coded 4xx (never a 5xx), nothing starts', async () => {
    await fc.assert(fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), async (v) => {
      const r = await raw(p.apiUrl, request('POST', `${RUNS_PATH}?wait=0s`, { ...auth, 'content-type': 'application/json' }, JSON.stringify(v) ?? 'null'));
      expectCoded4xx(r);
    }), opts);
    await healthy();
  });

  it('the right fields with the wrong types or shapes: a coded 4xx', async () => {
    const anyv = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }));
    const input = fc.record({ dossierNo: anyv, procedureCode: anyv, officerId: anyv, applicant: fc.oneof(anyv, fc.record({ soDinhDanh: anyv, hoVaTen: anyv, ngaySinh: anyv })) }, { requiredKeys: [] });
    await fc.assert(fc.asyncProperty(input, async (v) => {
      const r = await raw(p.apiUrl, request('POST', `${RUNS_PATH}?wait=0s`, { ...auth, 'content-type': 'application/json' }, JSON.stringify(v)));
      expectCoded4xx(r);
    }), opts);
    await healthy();
  });

  it('malformed JSON and invalid UTF-8: 400 REQUEST_INVALID_JSON (or a coded 4xx)', async () => {
    const broken = fc.oneof(
      fc.string().map((s) => Buffer.from(`{${s}`, 'utf8')),
      fc.jsonValue().map((v) => { const s = JSON.stringify(v) ?? 'null'; return Buffer.from(s.slice(0, Math.max(1, s.length - 1)) + (s.length > 1 ? '' : '{'), 'utf8'); }),
      fc.uint8Array({ minLength: 1, maxLength: 200 }).map((a) => Buffer.from(a)),
      fc.constantFrom(Buffer.from([0xff, 0xfe, 0x7b, 0x7d]), Buffer.from('{"a":"\xc3\x28"}', 'latin1'), Buffer.from([0xc0, 0xaf]), Buffer.from('{"a":"\\ud800"}')),
    );
    await fc.assert(fc.asyncProperty(broken, async (b) => {
      const r = await raw(p.apiUrl, request('POST', `${RUNS_PATH}?wait=0s`, { ...auth, 'content-type': 'application/json' }, b));
      expectCoded4xx(r);
    }), opts);
    await healthy();
  });

  it('deep nesting and huge bodies: a coded 4xx, and the server still answers', async () => {
    for (const depth of [1_000, 10_000, 100_000, 400_000]) {
      expectCoded4xx(await raw(p.apiUrl, request('POST', `${RUNS_PATH}?wait=0s`, { ...auth, 'content-type': 'application/json' }, '['.repeat(depth) + ']'.repeat(depth))));
      expectCoded4xx(await raw(p.apiUrl, request('POST', `${RUNS_PATH}?wait=0s`, { ...auth, 'content-type': 'application/json' }, '{"a":'.repeat(depth) + '1' + '}'.repeat(depth))));
      // Validation answers 200 {valid:false, errors} for a well-formed JSON document that is not a flow.
      const v = await raw(p.apiUrl, request('POST', '/api/v1/flows/validate', { ...auth, 'content-type': 'application/json' }, '{"nodes":'.repeat(depth) + '{}' + '}'.repeat(depth)));
      if (v.status === 200) expect(JSON.parse(v.body)).toMatchObject({ valid: false });
      else expectCoded4xx(v);
    }
    const huge = `{"dossierNo":"${'9'.repeat(3 * 1024 * 1024)}"}`;
    const big = await raw(p.apiUrl, request('POST', `${RUNS_PATH}?wait=0s`, { ...auth, 'content-type': 'application/json' }, huge));
    expectCoded4xx(big);
    expect(big.status).toBe(413);
    await healthy();
  });

  it('bad waits, unknown flows, odd paths and methods: a coded 4xx', async () => {
    const segment = fc.string({ minLength: 1, maxLength: 40 }).map((s) => encodeURIComponent(s));
    const reqs = fc.oneof(
      fc.string({ maxLength: 20 }).map((w) => ['POST', `${RUNS_PATH}?wait=${encodeURIComponent(w)}x`] as const),
      segment.map((k) => ['POST', `/api/v1/flows/${k}/runs?wait=0s`] as const),
      segment.map((k) => ['GET', `/api/v1/runs/${k}`] as const),
      fc.tuple(fc.constantFrom('PUT', 'DELETE', 'PATCH', 'GET', 'POST'), segment).map(([m, s]) => [m, `/api/v1/${s}/${s}`] as const),
    );
    await fc.assert(fc.asyncProperty(reqs, async ([method, path]) => {
      const r = await raw(p.apiUrl, request(method, path, { ...auth, 'content-type': 'application/json' }, method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify({ dossierNo: 'x' })));
      expectCoded4xx(r);
    }), opts);
    await healthy();
  });

  it('forged, malformed or stale signatures: 401 with a code', async () => {
    const hex = fc.stringMatching(/^[0-9a-f]{0,70}$/);
    const authz = fc.oneof(
      fc.tuple(fc.string({ maxLength: 30 }), fc.string({ maxLength: 12 }), hex).map(([key, day, sig]) => `AWS4-HMAC-SHA256 Credential=${key}/${day}/vn-hcm/lienthong/aws4_request, SignedHeaders=host;x-amz-date, Signature=${sig}`),
      fc.string({ maxLength: 200 }).filter((s) => !/[\r\n\0]/.test(s)).map((s) => `AWS4-HMAC-SHA256 ${s}`),
      fc.string({ maxLength: 100 }).filter((s) => !/[\r\n\0]/.test(s)).map((s) => `Bearer ${s}`),
      fc.string({ maxLength: 100 }).filter((s) => !/[\r\n\0]/.test(s) && s.trim() !== ''),
    );
    await fc.assert(fc.asyncProperty(authz, fc.string({ maxLength: 20 }).filter((s) => !/[\r\n\0]/.test(s)), async (a, date) => {
      const r = await raw(p.apiUrl, request('POST', `${RUNS_PATH}?wait=0s`, { authorization: a.replace(/[^\x20-\x7e]/g, '?'), 'x-amz-date': date.replace(/[^\x20-\x7e]/g, '?'), 'content-type': 'application/json' }, '{}'));
      expectCoded4xx(r);
      expect([400, 401, 403]).toContain(r.status);
    }), opts);
    await healthy();
  });

  /** Any answer below 500; an error answer carries a catalogue code (REST's `error.code`, tRPC's `error.data.errors[0].code`). */
  function expectNo5xx(r: RawReply, what: string): void {
    expect(r.status, `${what} → ${r.body.slice(0, 300)}`).toBeGreaterThanOrEqual(200);
    expect(r.status, `${what} → ${r.body.slice(0, 300)}`).toBeLessThan(500);
    if (r.status < 400 || r.body === '') return; // a HEAD answer has no body
    const parsed = JSON.parse(r.body) as { error?: { code?: unknown; data?: { errors?: { code?: unknown }[] } } };
    const code = typeof parsed.error?.code === 'string' ? parsed.error.code : parsed.error?.data?.errors?.[0]?.code;
    expect(code, `${what} → ${r.body.slice(0, 300)}`).toMatch(/^[A-Z][A-Z0-9_]+$/);
  }
  const CITIZEN = { dossierNo: '000.25.94.H48-260115-0007', procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
    applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' } };
  /** A path segment of any string (lone surrogates, which encodeURIComponent refuses, sent as their replacement). */
  const segmentOf = (id: string) => encodeURIComponent(id.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
  /** Ids as an attacker sends them: with NUL bytes, very long, or any characters at all. */
  const hostileId = fc.oneof(
    fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 })).map(([a, b]) => `${a}\u0000${b}`),
    fc.integer({ min: 200, max: 12_000 }).map((n) => `run-${'a'.repeat(n)}`),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }),
  );

  it('hostile ids (NUL, 10,000 characters, any character) in REST paths and tRPC inputs: never a 5xx', async () => {
    const reqs = fc.oneof(
      hostileId.map((id) => ['GET', `/api/v1/runs/${segmentOf(id)}`, undefined] as const),
      hostileId.map((id) => ['POST', `/api/v1/flows/${segmentOf(id)}/runs?wait=0s`, JSON.stringify(CITIZEN)] as const),
      hostileId.map((id) => ['GET', `/api/v1/exchanges/${segmentOf(id)}`, undefined] as const),
      hostileId.map((id) => ['GET', `/trpc/runs.get?input=${segmentOf(JSON.stringify({ runId: id }))}`, undefined] as const),
      hostileId.map((id) => ['POST', '/trpc/runs.cancel', JSON.stringify({ runId: id })] as const),
      hostileId.map((id) => ['POST', '/trpc/auth.login', JSON.stringify({ username: id, password: 'x'.repeat(16) })] as const),
      hostileId.map((id) => ['GET', `/api/v1/runs?pageToken=${segmentOf(id)}`, undefined] as const),
    );
    await fc.assert(fc.asyncProperty(reqs, async ([method, path, body]) => {
      const r = await raw(p.apiUrl, request(method, path, { ...auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, body));
      expectNo5xx(r, `${method} ${path.slice(0, 80)}`);
    }), { ...opts, numRuns: Math.min(numRuns, 100) });
    await healthy();
  });

  it('invalid UTF-8 inside JSON strings, on REST and tRPC: a coded 400, never replaced', async () => {
    const bad = fc.uint8Array({ minLength: 1, maxLength: 8 }).map((a) => Buffer.from([0xc3, 0x28, ...a, 0xff]));
    await fc.assert(fc.asyncProperty(bad, fc.boolean(), async (bytes, viaTrpc) => {
      const [head, tail] = viaTrpc ? ['{"flowKey":"xac-thuc-cong-dan","input":{"dossierNo":"', '"}}'] : ['{"dossierNo":"', '"}'];
      const body = Buffer.concat([Buffer.from(head), bytes, Buffer.from(tail)]);
      const r = await raw(p.apiUrl, request('POST', viaTrpc ? '/trpc/runs.start' : `${RUNS_PATH}?wait=0s`, { ...auth, 'content-type': 'application/json' }, body));
      expectNo5xx(r, viaTrpc ? 'tRPC' : 'REST');
      expect(r.status).toBe(400);
    }), { ...opts, numRuns: Math.min(numRuns, 60) });
    await healthy();
  });

  it('any content type and any method, on REST and tRPC: never a 5xx', async () => {
    const contentType = fc.oneof(
      fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/octet-stream',
        'application/json; charset=latin1', 'application/json; charset=utf-16', 'APPLICATION/JSON', 'application/json;;', ';', ''),
      fc.string({ maxLength: 60 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
    );
    const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND', 'PURGE', 'FROB', 'BREW');
    const target = fc.constantFrom(`${RUNS_PATH}?wait=0s`, '/api/v1/runs/run-x', '/api/v1/flows', '/trpc/runs.start', '/trpc/flows.list', '/trpc/auth.login', '/trpc/nope.nothing');
    await fc.assert(fc.asyncProperty(method, target, contentType, async (m, t, type) => {
      const body = t.startsWith('/trpc/') ? JSON.stringify({ flowKey: 'khong-co', input: CITIZEN }) : JSON.stringify({ dossierNo: 'x' });
      const r = await raw(p.apiUrl, request(m, t, { ...auth, ...(type ? { 'content-type': type } : {}) }, body));
      expectNo5xx(r, `${m} ${t} (${type})`);
    }), { ...opts, numRuns: Math.min(numRuns, 100) });
    await healthy();
  });

  it('header injection and broken requests are refused at the protocol level (400) and never reach a handler', async () => {
    const bad = fc.oneof(
      fc.string({ maxLength: 40 }).map((s) => `POST ${RUNS_PATH} HTTP/1.1\r\nhost: x\r\nx-a: ${s}\r\n injected: yes\r\ncontent-length: 2\r\n\r\n{}`),
      fc.string({ maxLength: 40 }).map((s) => `POST ${RUNS_PATH} HTTP/1.1\r\nhost: x\r\nx-a: a\rb${s}\r\ncontent-length: 2\r\n\r\n{}`),
      fc.string({ maxLength: 40 }).map((s) => `POST ${RUNS_PATH} HTTP/1.1\r\nhost: x\r\nbad header${s}: 1\r\ncontent-length: 2\r\n\r\n{}`),
      fc.nat(50).map((n) => `POST ${RUNS_PATH} HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\ncontent-length: ${n + 3}\r\n\r\n{}`),
      fc.nat(50).map((n) => `POST ${RUNS_PATH} HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\ncontent-length: ${n}\r\n\r\nzz\r\n`),
    );
    await fc.assert(fc.asyncProperty(bad, async (text) => {
      const r = await raw(p.apiUrl, Buffer.from(text, 'latin1'));
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
    }), { ...opts, numRuns: Math.min(numRuns, 60) });
    await healthy();
  });
});
