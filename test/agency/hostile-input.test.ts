import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { count } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { runs } from '@lienthong/db';
import { isErrorCode } from '@lienthong/errors';
import { useTestPlatform } from '../helpers/suite.js';
import { rawRequest, type RawReply } from '../security/raw-http.js';

/**
 * Issue 19: hostile input classes (NUL bytes, invalid UTF-8, wrong content types, foreign page tokens, 10,000-character
 * ids, unknown and wrong methods), each sent to REST and to tRPC. Every answer is a coded 4xx from the catalogue with a
 * Vietnamese and an English message, never a 5xx; nothing is started or stored. The checks run before any lookup, so no
 * answer waits on PostgreSQL or Temporal.
 */
const run = promisify(execFile);
const FLOW = 'xac-thuc-cong-dan';
const CITIZEN = { dossierNo: '000.25.94.H48-260115-0007', procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
  applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' } };
const LONG_ID = `run-${'a'.repeat(10_000)}`;
const NUL = '\u0000';

describe('hostile input on REST and tRPC: a coded 4xx, nothing started', () => {
  const p = useTestPlatform();

  /** Sends exactly these bytes (fetch would normalise the target, re-encode the body or refuse odd methods). */
  function send(method: string, target: string, o: { body?: string | Buffer; type?: string; auth?: boolean; headers?: Record<string, string> } = {}): Promise<RawReply> {
    const body = o.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(o.body) ? o.body : Buffer.from(o.body, 'utf8');
    const headers: Record<string, string> = { host: new URL(p.apiUrl).host, connection: 'close', 'content-length': String(body.length),
      ...(o.body !== undefined ? { 'content-type': o.type ?? 'application/json' } : {}), ...(o.auth === false ? {} : { authorization: `Bearer ${p.adminToken}` }), ...o.headers };
    const head = `${method} ${target} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
    return rawRequest(p.apiUrl, Buffer.concat([Buffer.from(head, 'latin1'), body]));
  }
  const trpcInput = (input: unknown) => `input=${encodeURIComponent(JSON.stringify(input))}`;

  /** The catalogue error of an answer: REST's `error`, tRPC's `error.data.errors[0]`. */
  function errorOf(r: RawReply, via: 'rest' | 'trpc'): { code: string; message: { vi: string; en: string }; where: Record<string, string> } {
    const body = JSON.parse(r.body) as { error: { code: string; data?: { errors?: unknown[] } } };
    return (via === 'trpc' ? body.error.data?.errors?.[0] : body.error) as ReturnType<typeof errorOf>;
  }
  function expectCoded(r: RawReply, via: 'rest' | 'trpc', status: number, code: string, what: string): ReturnType<typeof errorOf> {
    expect([what, r.status], r.body.slice(0, 400)).toEqual([what, status]);
    const err = errorOf(r, via);
    expect(err?.code, `${what}: ${r.body.slice(0, 400)}`).toBe(code);
    expect(isErrorCode(err.code), what).toBe(true);
    expect(err.message.vi.length, what).toBeGreaterThan(0);
    expect(err.message.en.length, what).toBeGreaterThan(0);
    return err;
  }
  const runRows = async () => Number((await p.db.db.select({ n: count() }).from(runs))[0]?.n ?? 0);

  it('NUL bytes in path parameters, ids and JSON strings (the login username too, without a session): 400', async () => {
    const before = await runRows();
    expectCoded(await send('GET', '/api/v1/runs/run-a%00b'), 'rest', 400, 'REQUEST_URL_MALFORMED', 'REST run id');
    expectCoded(await send('POST', `/api/v1/flows/${FLOW}%00/runs?wait=0s`, { body: JSON.stringify(CITIZEN) }), 'rest', 400, 'REQUEST_URL_MALFORMED', 'REST flow key');
    expectCoded(await send('GET', `/api/v1/runs?flowKey=${FLOW}%00`), 'rest', 400, 'REQUEST_VALIDATION_FAILED', 'REST query id');
    const restBody = expectCoded(await send('POST', `/api/v1/flows/${FLOW}/runs?wait=0s`, { body: JSON.stringify({ ...CITIZEN, dossierNo: `000${NUL}1` }) }), 'rest', 400, 'REQUEST_VALIDATION_FAILED', 'REST JSON string');
    expect(restBody.where.pointer).toBe('/dossierNo');
    expectCoded(await send('POST', '/api/v1/auth/login', { auth: false, body: JSON.stringify({ username: `admin${NUL}`, password: 'x'.repeat(16) }) }), 'rest', 400, 'REQUEST_VALIDATION_FAILED', 'REST login');

    expectCoded(await send('GET', `/trpc/runs.get?${trpcInput({ runId: `run-a${NUL}b` })}`), 'trpc', 400, 'REQUEST_VALIDATION_FAILED', 'tRPC run id');
    expectCoded(await send('POST', '/trpc/runs.start', { body: JSON.stringify({ flowKey: `${FLOW}${NUL}`, input: CITIZEN, wait: '0s' }) }), 'trpc', 400, 'REQUEST_VALIDATION_FAILED', 'tRPC flow key');
    const trpcBody = expectCoded(await send('POST', '/trpc/runs.start', { body: JSON.stringify({ flowKey: FLOW, input: { ...CITIZEN, applicant: { ...CITIZEN.applicant, hoVaTen: `AN${NUL}` } }, wait: '0s' }) }),
      'trpc', 400, 'REQUEST_VALIDATION_FAILED', 'tRPC JSON string');
    expect(trpcBody.where.pointer).toBe('/input/applicant/hoVaTen');
    expectCoded(await send('POST', '/trpc/auth.login', { auth: false, body: JSON.stringify({ username: `admin${NUL}`, password: 'x'.repeat(16) }) }), 'trpc', 400, 'REQUEST_VALIDATION_FAILED', 'tRPC login');
    expect(await runRows()).toBe(before);
    // Both refused logins are in the audit log (a NUL username reaching it would make its row fail to store).
    let logins: unknown[] = [];
    for (let i = 0; i < 50 && logins.length < 2; i++) {
      logins = (await p.services.audit.search({ action: 'auth.login', limit: 50 })).filter((r) => r.code === 'REQUEST_VALIDATION_FAILED');
      if (logins.length < 2) await new Promise((r) => setTimeout(r, 100));
    }
    expect(logins).toHaveLength(2);
  });

  it('invalid UTF-8 inside JSON strings is refused (not replaced): 400 REQUEST_INVALID_UTF8', async () => {
    const before = await runRows();
    const broken = (prefix: string, suffix: string) => Buffer.concat([Buffer.from(prefix, 'utf8'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(suffix, 'utf8')]);
    const citizen = JSON.stringify(CITIZEN);
    const rest = broken(citizen.replace('"NGUYỄN VĂN AN"}}', '"'), '"}}');
    expectCoded(await send('POST', `/api/v1/flows/${FLOW}/runs?wait=0s`, { body: rest }), 'rest', 400, 'REQUEST_INVALID_UTF8', 'REST');
    const trpc = broken(`{"flowKey":"${FLOW}","wait":"0s","input":${citizen.replace('"NGUYỄN VĂN AN"}}', '"')}`, '"}}}');
    expectCoded(await send('POST', '/trpc/runs.start', { body: trpc }), 'trpc', 400, 'REQUEST_INVALID_UTF8', 'tRPC');
    expectCoded(await send('POST', '/trpc/auth.login', { auth: false, body: broken('{"username":"', '","password":"xxxxxxxxxxxxxxxx"}') }), 'trpc', 400, 'REQUEST_INVALID_UTF8', 'tRPC login');
    expect(await runRows()).toBe(before);
  });

  it('a JSON body sent as text/plain, a form or another charset: 415 UNSUPPORTED_MEDIA_TYPE, the flow does not run', async () => {
    const before = await runRows();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=iso-8859-1', 'multipart/form-data; boundary=x']) {
      expectCoded(await send('POST', `/api/v1/flows/${FLOW}/runs?wait=0s`, { body: JSON.stringify(CITIZEN), type }), 'rest', 415, 'UNSUPPORTED_MEDIA_TYPE', `REST ${type}`);
      expectCoded(await send('POST', '/trpc/runs.start', { body: JSON.stringify({ flowKey: FLOW, input: CITIZEN, wait: '0s' }), type }), 'trpc', 415, 'UNSUPPORTED_MEDIA_TYPE', `tRPC ${type}`);
    }
    expect(await runRows()).toBe(before);
  });

  it('a page token the server did not issue, or altered: 400 at /pageToken', async () => {
    for (const token of ['abcd', 'AAAA.AAAAAAAAAAAAAAAAAAAAAA', '%00', 'x'.repeat(2_000)]) {
      const rest = expectCoded(await send('GET', `/api/v1/runs?pageToken=${encodeURIComponent(token)}`), 'rest', 400, 'REQUEST_VALIDATION_FAILED', `REST ${token.slice(0, 10)}`);
      expect(rest.where.pointer).toBe('/pageToken');
      expectCoded(await send('GET', `/trpc/runs.search?${trpcInput({ pageToken: token })}`), 'trpc', 400, 'REQUEST_VALIDATION_FAILED', `tRPC ${token.slice(0, 10)}`);
    }
  });

  it('10,000-character ids are refused before any lookup: 400', async () => {
    const before = await runRows();
    for (const target of [`/api/v1/runs/${LONG_ID}`, `/api/v1/runs/${LONG_ID}/timeline`, `/api/v1/exchanges/ex-${'b'.repeat(10_000)}`, `/api/v1/systems/${'s'.repeat(10_000)}`]) {
      expectCoded(await send('GET', target), 'rest', 400, 'REQUEST_VALIDATION_FAILED', `REST ${target.slice(0, 30)}`);
    }
    expectCoded(await send('POST', `/api/v1/flows/${'f'.repeat(10_000)}/runs?wait=0s`, { body: JSON.stringify(CITIZEN) }), 'rest', 400, 'REQUEST_VALIDATION_FAILED', 'REST flow key');
    expectCoded(await send('POST', `/api/v1/runs/${LONG_ID}/cancel`), 'rest', 400, 'REQUEST_VALIDATION_FAILED', 'REST cancel');
    expectCoded(await send('GET', `/trpc/runs.get?${trpcInput({ runId: LONG_ID })}`), 'trpc', 400, 'REQUEST_VALIDATION_FAILED', 'tRPC run id');
    expectCoded(await send('POST', '/trpc/runs.cancel', { body: JSON.stringify({ runId: LONG_ID }) }), 'trpc', 400, 'REQUEST_VALIDATION_FAILED', 'tRPC cancel');
    expectCoded(await send('POST', '/trpc/runs.start', { body: JSON.stringify({ flowKey: 'f'.repeat(10_000), input: CITIZEN }) }), 'trpc', 400, 'REQUEST_VALIDATION_FAILED', 'tRPC flow key');
    expect(await runRows()).toBe(before);
  });

  it('wrong and unknown methods: 405 METHOD_NOT_ALLOWED with Allow', async () => {
    const cases: [string, string, 'rest' | 'trpc', string][] = [
      ['DELETE', '/api/v1/runs/run-x', 'rest', 'GET'],
      ['PATCH', '/api/v1/flows', 'rest', 'GET, POST'],
      ['OPTIONS', `/api/v1/flows/${FLOW}/runs`, 'rest', 'POST'],
      ['GET', '/trpc/auth.login', 'trpc', 'POST'],
      ['PUT', '/trpc/flows.validate', 'trpc', 'POST'],
      ['POST', '/trpc/flows.list', 'trpc', 'GET'],
      ['DELETE', '/trpc/runs.get', 'trpc', 'GET'],
    ];
    for (const [method, target, via, allow] of cases) {
      const r = await send(method, target, method === 'GET' || method === 'DELETE' || method === 'OPTIONS' ? {} : { body: '{}' });
      expectCoded(r, via, 405, 'METHOD_NOT_ALLOWED', `${method} ${target}`);
      expect(r.headers.allow, `${method} ${target}`).toBe(allow);
    }
    // A method Node's parser does not know: answered by the server's clientError handler, coded too.
    for (const target of ['/api/v1/runs', '/trpc/flows.list']) {
      const r = await send('FROB', target);
      expectCoded(r, 'rest', 405, 'METHOD_NOT_ALLOWED', `FROB ${target}`);
      expect(r.headers.allow).toBeTruthy();
    }
  });

  it('tRPC\'s own refusals carry catalogue codes: bad JSON, failed validation, unknown procedure, 2 MB body, 100 KB of headers', async () => {
    expectCoded(await send('POST', '/trpc/flows.validate', { body: '{"document":' }), 'trpc', 400, 'REQUEST_INVALID_JSON', 'bad JSON body');
    expectCoded(await send('GET', '/trpc/flows.get?input=%7Bbad'), 'trpc', 400, 'REQUEST_INVALID_JSON', 'bad JSON query');
    const invalid = expectCoded(await send('GET', `/trpc/runs.get?${trpcInput({ runId: 5 })}`), 'trpc', 400, 'REQUEST_VALIDATION_FAILED', 'wrong type');
    expect(invalid.where.pointer).toBe('/runId');
    expectCoded(await send('POST', '/trpc/flows.validate'), 'trpc', 415, 'UNSUPPORTED_MEDIA_TYPE', 'no input, no content type');
    expectCoded(await send('POST', '/trpc/flows.validate', { body: '{}' }), 'trpc', 400, 'REQUEST_VALIDATION_FAILED', 'missing input');
    expectCoded(await send('GET', '/trpc/nope.nothing'), 'trpc', 404, 'REQUEST_PROCEDURE_UNKNOWN', 'unknown procedure');
    const big = JSON.stringify({ document: { key: 'x', padding: 'a'.repeat(2 * 1024 * 1024) } });
    expectCoded(await send('POST', '/trpc/flows.validate', { body: big }), 'trpc', 413, 'REQUEST_TOO_LARGE', 'tRPC 2 MB');
    expectCoded(await send('POST', `/api/v1/flows/${FLOW}/runs`, { body: big }), 'rest', 413, 'REQUEST_TOO_LARGE', 'REST 2 MB');
    expectCoded(await send('GET', '/trpc/flows.list', { headers: { 'x-big': 'a'.repeat(100_000) } }), 'rest', 431, 'REQUEST_HEADERS_TOO_LARGE', 'headers');
  });

  it('curl -v: tRPC login and logout answer a normal HTTP/1.1 response with Set-Cookie', async () => {
    const login = await run('curl', ['-sv', '-X', 'POST', `${p.apiUrl}/trpc/auth.login`, '-H', 'content-type: application/json',
      '--data', JSON.stringify({ username: 'admin', password: p.adminPassword })]);
    expect(login.stderr).toMatch(/< HTTP\/1\.1 200 OK/);
    expect(login.stderr).toMatch(/< set-cookie: lt_session=lts_[^;]+; Path=\/; HttpOnly; SameSite=Strict/i);
    expect(login.stderr).not.toMatch(/HTTP\/0\.9/);
    const token = (JSON.parse(login.stdout) as { result: { data: { token: string } } }).result.data.token;
    const logout = await run('curl', ['-sv', '-X', 'POST', `${p.apiUrl}/trpc/auth.logout`, '-H', 'content-type: application/json', '-H', `authorization: Bearer ${token}`]);
    expect(logout.stderr).toMatch(/< HTTP\/1\.1 200 OK/);
    expect(logout.stderr).toMatch(/< set-cookie: lt_session=; .*Max-Age=0/i);
    expect(JSON.parse(logout.stdout)).toEqual({ result: { data: { ok: true } } });
  });

  it('the same requests done right still work: a run starts over REST and tRPC, and an issued page token pages', async () => {
    const before = await runRows();
    const rest = await send('POST', `/api/v1/flows/${FLOW}/runs?wait=0s`, { body: JSON.stringify(CITIZEN), type: 'application/json; charset=utf-8' });
    expect(rest.status, rest.body).toBeLessThan(300);
    const trpc = await send('POST', '/trpc/runs.start', { body: JSON.stringify({ flowKey: FLOW, input: CITIZEN, wait: '0s' }) });
    expect(trpc.status, trpc.body).toBe(200);
    expect(await runRows()).toBe(before + 2);
    // Visibility lists the runs once Temporal has indexed them (bounded wait, not a timing assertion).
    let first: { runs: unknown[]; nextPageToken?: string } = { runs: [] };
    for (let i = 0; i < 100 && !first.nextPageToken; i++) {
      first = (await p.request('GET', `/api/v1/runs?flowKey=${FLOW}&limit=1`)).body;
      if (!first.nextPageToken) await new Promise((r) => setTimeout(r, 200));
    }
    expect(first.nextPageToken).toBeTruthy();
    const next = await p.request('GET', `/api/v1/runs?flowKey=${FLOW}&limit=1&pageToken=${encodeURIComponent(first.nextPageToken as string)}`);
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    // The token continues that search only: with another filter it is refused.
    const other = await p.request('GET', `/api/v1/runs?flowKey=${FLOW}&limit=2&pageToken=${encodeURIComponent(first.nextPageToken as string)}`);
    expect([other.status, other.body.error.code]).toEqual([400, 'REQUEST_VALIDATION_FAILED']);
  });
});
