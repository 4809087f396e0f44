import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { checkAgainst } from '@lienthong/schemas';
import { examplesDir } from '@lienthong/cli';
import { operatorToken, registerSystem, sdkSigned, type SystemKeys } from '../helpers/agency.js';
import { startTestPlatform, type Reply, type TestPlatform } from '../helpers/platform.js';

type Schema = Record<string, unknown>;
interface Operation {
  operationId: string;
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
  security?: Schema[];
}
/** How a request identifies itself: nobody, a person's session (bearer token or cookie), a connected system's signature. */
type Scheme = 'anonymous' | 'bearer' | 'cookie' | 'sigv4';
const SCHEMES: Scheme[] = ['anonymous', 'bearer', 'cookie', 'sigv4'];

/** Replaces `#/components/schemas/X` references by the schema itself, so the ajv of @lienthong/schemas can check a response. */
function inline(schema: unknown, components: Record<string, Schema>): unknown {
  if (Array.isArray(schema)) return schema.map((s) => inline(s, components));
  if (!schema || typeof schema !== 'object') return schema;
  const ref = (schema as { $ref?: string }).$ref;
  if (ref?.startsWith('#/components/schemas/')) return inline(components[ref.slice('#/components/schemas/'.length)], components);
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, inline(v, components)]));
}

/** The schemes an operation declares: `{}` is anyone. */
const declared = (o: Operation): Set<Scheme> => new Set((o.security ?? []).map((s) => (Object.keys(s)[0] ?? 'anonymous') as Scheme));
/** Does any error of a coded 400 name this parameter (its field, or its JSON pointer)? */
const names = (r: Reply, name: string): boolean => r.status === 400
  && ((r.body?.errors ?? []) as { code?: string; where?: { field?: string; pointer?: string } }[]).some((e) => !!e.code && (e.where?.field === name || e.where?.pointer === `/${name}`));

const citizen = { dossierNo: '000.25.94.H48-260115-0101', procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
  applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' } };

describe('contract: the OpenAPI document is valid and every REST route enforces what it declares', () => {
  let p: TestPlatform;
  let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
  /** Values per operation: path parameters, query and body that should reach the procedure and succeed. */
  let samples: Record<string, { params?: Record<string, string>; query?: Record<string, string>; body?: unknown }>;
  const defaults: Record<string, string> = {};
  let signer: SystemKeys;

  beforeAll(async () => {
    p = await startTestPlatform();
    doc = (await p.request('GET', '/api/v1/openapi.json')).body;
    const flowDoc = JSON.parse(readFileSync(`${examplesDir}/xac-thuc-cong-dan.json`, 'utf8')) as unknown;
    await p.request('POST', '/api/v1/agencies', { code: '000.00.00.H48', name: { vi: 'UBND tỉnh Quảng Ngãi', en: 'Quang Ngai PC' } });
    const op = await operatorToken(p);
    // The signed caller of every sigv4 check: granted everything (allowedOperations empty), limit out of the way.
    signer = await registerSystem(p, { code: 'contract-signer', agencyCode: '000.00.00.H48', allowedFlows: ['*'], allowedDestinations: ['*'], rateLimitPerMinute: 100_000 });
    const sys = await p.requestAs(op, 'POST', '/api/v1/systems', { code: 'contract-sys', agencyCode: '000.00.00.H48', name: { vi: 'Hệ thống', en: 'System' }, reason: 'contract' });
    await p.request('POST', `/api/v1/system-requests/${sys.body.request.id}/approve`, {});
    const toApprove = await p.requestAs(op, 'POST', '/api/v1/systems/contract-sys/requests', { kind: 'suspend', reason: 'contract' });
    const other = await p.requestAs(op, 'POST', '/api/v1/systems', { code: 'contract-sys-b', agencyCode: '000.00.00.H48', name: { vi: 'Hệ thống B', en: 'System B' }, reason: 'contract' });
    const k1 = await p.request('POST', '/api/v1/systems/contract-sys/keys');
    const k2 = await p.request('POST', '/api/v1/systems/contract-sys/keys');
    const run = await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs', citizen);
    await p.request('POST', '/api/v1/users', { username: 'contract-user', roles: [{ role: 'auditor' }] });
    Object.assign(defaults, { flowKey: 'xac-thuc-cong-dan', runId: run.body.runId, code: '000.00.00.H48', systemCode: 'contract-sys', username: 'contract-user',
      accessKeyId: k1.body.accessKeyId, requestId: 'req-none', name: 'none', exchangeId: 'ex-00000000-0000-0000-0000-000000000000', id: '1', credentialId: 'none' });
    const period = { from: '2026-01-01T00:00:00Z', to: '2026-12-31T00:00:00Z' };
    samples = {
      flows_validate: { body: flowDoc }, flows_publish: { body: flowDoc }, runs_start: { body: { ...citizen, dossierNo: '000.25.94.H48-260115-0102' } },
      auth_login: { body: { username: 'admin', password: p.adminPassword } },
      auth_session: { body: { destination: 'contract-sys' } }, auth_verify: { body: { sessionKey: 'ltk_none' } }, auth_revokeSession: { body: { sessionKey: 'ltk_none' } },
      agencies_create: { body: { code: 'H48.10', name: { vi: 'Sở', en: 'Department' } } }, agencies_update: { body: { name: { vi: 'UBND tỉnh', en: 'PC' } } },
      systems_create: { body: { code: 'contract-sys-c', agencyCode: '000.00.00.H48', name: { vi: 'C', en: 'C' }, reason: 'contract' } },
      systems_update: { body: { rateLimitPerMinute: 1200 } }, systems_requestChange: { params: { systemCode: 'contract-sys-b' }, body: { kind: 'cancel', reason: 'contract' } },
      systems_approve: { params: { requestId: toApprove.body.id }, body: { note: 'ok' } }, systems_reject: { params: { requestId: other.body.request.id }, body: { note: 'no' } },
      keys_rotate: { params: { accessKeyId: k1.body.accessKeyId }, body: { graceSeconds: 60 } }, keys_revoke: { params: { accessKeyId: k2.body.accessKeyId } },
      users_create: { body: { username: 'contract-new', roles: [{ role: 'designer' }] } }, users_update: { body: { displayName: 'Kiểm toán' } }, users_setPassword: { body: {} },
      audit_search: { query: { limit: '5' } }, audit_export: { query: { format: 'json', limit: '5' } },
      stats_runs: { query: period }, stats_runsCsv: { query: period }, stats_runsXlsx: { query: period },
      stats_monthlyReport: { query: { agency: '000.00.00.H48', month: '2026-01' } }, stats_monthlyReportXlsx: { query: { agency: '000.00.00.H48', month: '2026-01' } },
      exchanges_create: { body: { recipient: 'contract-sys', subject: 'Hợp đồng', dataType: 'contract', protocol: 'json', size: 2 } },
      catalogues_workingDays: { query: { from: '2027-02-05', days: '10' } }, catalogues_get: { params: { kind: 'calendar' } },
      incidents_stats: { query: period }, reports_operations: { query: { kind: 'annual', year: '2025' } },
    };
  });
  afterAll(async () => { await p?.stop(); });

  it('validates as OpenAPI 3.1', async () => {
    const res = await new Validator().validate(doc as never);
    expect(res.errors ?? []).toEqual([]);
    expect(res.valid).toBe(true);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/flows/{flowKey}/runs', '/api/v1/runs/{runId}', '/api/v1/runs/{runId}/cancel', '/api/v1/auth/session',
      '/api/v1/auth/verify', '/api/v1/systems', '/api/v1/systems/{systemCode}/keys', '/api/v1/audit', '/api/v1/audit/export', '/api/v1/system-operations', '/api/v1/trpc.json']));
  });

  /** A fresh session for each call that ends its own session (logging out), else the admin's. */
  const sessionFor = async (o: Operation) => (o.operationId === 'auth_logout' ? p.login('admin', p.adminPassword) : p.adminToken);

  /** Calls an operation as one scheme only, with its sample, the query as given (default: the sample's). A stream is answered by its status. */
  async function call(path: string, method: string, o: Operation, scheme: Scheme, query?: Record<string, string>, body?: unknown): Promise<Reply & { contentType: string }> {
    const s = samples[o.operationId] ?? {};
    const params = { ...defaults, ...s.params };
    const qs = new URLSearchParams(query ?? s.query ?? {}).toString();
    const url = path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(params[n] ?? 'x')) + (qs ? `?${qs}` : '');
    const sent = method === 'get' ? undefined : body ?? s.body ?? (o.requestBody ? {} : undefined);
    const text = sent === undefined ? undefined : JSON.stringify(sent);
    let req: { url: string; init: RequestInit };
    if (scheme === 'sigv4') {
      // Each changing request is signed once (a replay is refused): a nonce makes every signature new.
      req = await sdkSigned(p.apiUrl, signer, method.toUpperCase(), url, text, { headers: { 'x-lt-nonce': randomUUID() } });
    } else {
      const token = scheme === 'anonymous' ? null : await sessionFor(o);
      const headers: Record<string, string> = { ...(text !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(scheme === 'bearer' ? { authorization: `Bearer ${token}` } : scheme === 'cookie' ? { cookie: `lt_session=${token}` } : {}) };
      req = { url: `${p.apiUrl}${url}`, init: { method: method.toUpperCase(), headers, ...(text !== undefined ? { body: text } : {}) } };
    }
    const res = await fetch(req.url, req.init);
    const contentType = res.headers.get('content-type') ?? '';
    if (contentType.startsWith('text/event-stream')) { await res.body?.cancel(); return { status: res.status, body: '', headers: res.headers, text: '', contentType }; }
    const raw = await res.text();
    let parsed: unknown = raw;
    try { parsed = JSON.parse(raw); } catch { /* not JSON */ }
    return { status: res.status, body: parsed, headers: res.headers, text: raw, contentType };
  }

  function checkDocumented(label: string, o: Operation, r: Reply & { contentType: string }): string[] {
    const documented = o.responses[String(r.status)];
    if (!documented) return [`${label}: status ${r.status} not documented (${JSON.stringify(r.body).slice(0, 200)})`];
    if (!documented.content) return [];
    const type = Object.keys(documented.content).find((t) => r.contentType.startsWith(t));
    if (!type) return [`${label}: content-type ${r.contentType} not documented for ${r.status}`];
    if (type !== 'application/json') return [];
    const schema = inline((documented.content[type] as { schema: Schema }).schema, doc.components.schemas) as Schema;
    const checked = checkAgainst(schema, r.body);
    return checked.ok ? [] : [`${label}: ${r.status} body does not match: ${checked.issues.map((i) => `${i.pointer} ${i.message}`).join('; ')}`];
  }

  const operations = () => Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, o]) => ({ path, method, o, label: `${method.toUpperCase()} ${path} (${o.operationId})` })));
  /** A scheme the operation declares that gets past authentication: a person's session if people may call it, else a signature. */
  const allowedScheme = (o: Operation): Scheme => (declared(o).has('bearer') ? 'bearer' : declared(o).has('sigv4') ? 'sigv4' : 'anonymous');

  it('parameters: each documented required one left out is a coded 400 naming it; the documented optional ones may all be left out', async () => {
    const problems: string[] = [];
    for (const { path, method, o, label } of operations()) {
      const query = (o.parameters ?? []).filter((x) => x.in === 'query');
      if (query.length === 0) continue;
      const sample = samples[o.operationId]?.query ?? {};
      const scheme = allowedScheme(o);
      for (const q of query.filter((x) => x.required)) {
        if (sample[q.name] === undefined) { problems.push(`${label}: no sample value for the required query parameter ${q.name}`); continue; }
        const { [q.name]: _left, ...rest } = sample;
        const r = await call(path, method, o, scheme, rest);
        if (!names(r, q.name)) problems.push(`${label}: documented required, but without ${q.name}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      }
      // Only the required ones sent: an answer naming a documented-optional parameter means the route requires it.
      const requiredOnly = Object.fromEntries(Object.entries(sample).filter(([k]) => query.some((x) => x.name === k && x.required)));
      const r = await call(path, method, o, scheme, requiredOnly);
      for (const q of query.filter((x) => !x.required)) if (names(r, q.name)) problems.push(`${label}: documented optional, but without ${q.name}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
    }
    // The same for the fields of JSON bodies with a sample that has them.
    for (const { path, method, o, label } of operations()) {
      const schema = o.requestBody?.content['application/json']?.schema as { type?: string; required?: string[] } | undefined;
      const body = samples[o.operationId]?.body as Record<string, unknown> | undefined;
      if (schema?.type !== 'object' || !body || typeof body !== 'object') continue;
      for (const field of (schema.required ?? []).filter((f) => f in body)) {
        const { [field]: _left, ...rest } = body;
        const r = await call(path, method, o, allowedScheme(o), undefined, rest);
        if (!names(r, field)) problems.push(`${label}: body field ${field} documented required, but without it: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      }
    }
    expect(problems).toEqual([]);
    // The corrections of issue 19: these are required by the route and now documented so.
    const required = (path: string) => (doc.paths[path]?.get?.parameters ?? []).filter((x) => x.required).map((x) => x.name).sort();
    expect(required('/api/v1/stats/runs')).toEqual(['from', 'to']);
    expect(required('/api/v1/stats/reports/monthly')).toEqual(['agency', 'month']);
  });

  it('security: each declared scheme gets past authentication, each undeclared one is refused (401/403), every answer documented', async () => {
    const problems: string[] = [];
    const succeeded: string[] = [];
    for (const { path, method, o, label } of operations()) {
      const ways = declared(o);
      for (const scheme of SCHEMES) {
        const r = await call(path, method, o, scheme);
        problems.push(...checkDocumented(`${label} ${scheme}`, o, r));
        expect(r.status, `${label} ${scheme}`).toBeLessThan(500);
        const refused = r.status === 401 || r.status === 403;
        if (ways.has(scheme) || (ways.has('anonymous') && scheme !== 'anonymous')) {
          if (refused) problems.push(`${label}: declares ${scheme}, refused ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
        } else if (!refused) problems.push(`${label}: does not declare ${scheme}, answered ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
        if (scheme === 'bearer' && r.status < 300) succeeded.push(o.operationId);
      }
    }
    expect(problems).toEqual([]);
    // The samples reach the procedures: each operation given a sample succeeds for the admin, except those only a
    // signed system may call.
    const systemsOnly = operations().filter(({ o }) => !declared(o).has('bearer')).map(({ o }) => o.operationId);
    expect(Object.keys(samples).filter((id) => !succeeded.includes(id) && !systemsOnly.includes(id))).toEqual([]);
    expect(succeeded).toEqual(expect.arrayContaining(['flows_list', 'runs_get', 'auth_me', 'agencies_list', 'agencies_get', 'systems_list', 'systems_get', 'systems_history',
      'keys_list', 'keys_issue', 'users_list', 'audit_verify', 'stats_runs', 'stats_monthlyReport', 'catalogue_systemOperations', 'catalogue_procedures']));
    // The exchange steps are the systems' (issue 19: they were documented as bearer/cookie only).
    for (const id of ['exchanges_create', 'exchanges_upload', 'exchanges_inbox', 'exchanges_ready', 'exchanges_fetch', 'exchanges_acknowledge', 'exchanges_refuse', 'auth_session', 'auth_verify']) {
      const op = operations().find(({ o }) => o.operationId === id);
      expect(op && [...declared(op.o)], id).toEqual(['sigv4']);
    }
    // Operators' alerts and the exchange statistics are people's, although a system may hold runs.cancel.
    for (const id of ['alerts_list', 'alerts_acknowledge', 'exchanges_stats']) {
      const op = operations().find(({ o }) => o.operationId === id);
      expect(op && [...declared(op.o)], id).toEqual(['bearer', 'cookie']);
    }
  });
});
