import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { checkAgainst } from '@lienthong/schemas';
import { examplesDir } from '@lienthong/cli';
import { operatorToken } from '../helpers/agency.js';
import { startTestPlatform, type Reply, type TestPlatform } from '../helpers/platform.js';

type Schema = Record<string, unknown>;
interface Operation {
  operationId: string;
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
  security?: Schema[];
}

/** Replaces `#/components/schemas/X` references by the schema itself, so the ajv of @lienthong/schemas can check a response. */
function inline(schema: unknown, components: Record<string, Schema>): unknown {
  if (Array.isArray(schema)) return schema.map((s) => inline(s, components));
  if (!schema || typeof schema !== 'object') return schema;
  const ref = (schema as { $ref?: string }).$ref;
  if (ref?.startsWith('#/components/schemas/')) return inline(components[ref.slice('#/components/schemas/'.length)], components);
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, inline(v, components)]));
}

const citizen = { dossierNo: '000.25.94.H48-260115-0101', procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
  applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' } };

describe('contract: the OpenAPI document is valid and every REST route answers as it says', () => {
  let p: TestPlatform;
  let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
  /** Values per operation: path parameters, query and body that should reach the procedure and succeed. */
  let samples: Record<string, { params?: Record<string, string>; query?: string; body?: unknown; token?: string }>;
  const defaults: Record<string, string> = {};

  beforeAll(async () => {
    p = await startTestPlatform();
    doc = (await p.request('GET', '/api/v1/openapi.json')).body;
    const flowDoc = JSON.parse(readFileSync(`${examplesDir}/xac-thuc-cong-dan.json`, 'utf8')) as unknown;
    await p.request('POST', '/api/v1/agencies', { code: '000.00.00.H48', name: { vi: 'UBND tỉnh Quảng Ngãi', en: 'Quang Ngai PC' } });
    const op = await operatorToken(p);
    const sys = await p.requestAs(op, 'POST', '/api/v1/systems', { code: 'contract-sys', agencyCode: '000.00.00.H48', name: { vi: 'Hệ thống', en: 'System' }, reason: 'contract' });
    await p.request('POST', `/api/v1/system-requests/${sys.body.request.id}/approve`, {});
    const toApprove = await p.requestAs(op, 'POST', '/api/v1/systems/contract-sys/requests', { kind: 'suspend', reason: 'contract' });
    const other = await p.requestAs(op, 'POST', '/api/v1/systems', { code: 'contract-sys-b', agencyCode: '000.00.00.H48', name: { vi: 'Hệ thống B', en: 'System B' }, reason: 'contract' });
    const k1 = await p.request('POST', '/api/v1/systems/contract-sys/keys');
    const k2 = await p.request('POST', '/api/v1/systems/contract-sys/keys');
    const run = await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs', citizen);
    await p.request('POST', '/api/v1/users', { username: 'contract-user', roles: [{ role: 'auditor' }] });
    const throwaway = await p.login('admin', p.adminPassword);
    Object.assign(defaults, { flowKey: 'xac-thuc-cong-dan', runId: run.body.runId, code: '000.00.00.H48', systemCode: 'contract-sys', username: 'contract-user', accessKeyId: k1.body.accessKeyId, requestId: 'req-none', name: 'none' });
    samples = {
      flows_validate: { body: flowDoc }, flows_publish: { body: flowDoc }, runs_start: { body: { ...citizen, dossierNo: '000.25.94.H48-260115-0102' } },
      auth_login: { body: { username: 'admin', password: p.adminPassword } }, auth_logout: { token: throwaway },
      auth_session: { body: { destination: 'contract-sys' } }, auth_verify: { body: { sessionKey: 'ltk_none' } }, auth_revokeSession: { body: { sessionKey: 'ltk_none' } },
      agencies_create: { body: { code: 'H48.10', name: { vi: 'Sở', en: 'Department' } } }, agencies_update: { body: { name: { vi: 'UBND tỉnh', en: 'PC' } } },
      systems_create: { body: { code: 'contract-sys-c', agencyCode: '000.00.00.H48', name: { vi: 'C', en: 'C' }, reason: 'contract' } },
      systems_update: { body: { rateLimitPerMinute: 1200 } }, systems_requestChange: { params: { systemCode: 'contract-sys-b' }, body: { kind: 'cancel', reason: 'contract' } },
      systems_approve: { params: { requestId: toApprove.body.id }, body: { note: 'ok' } }, systems_reject: { params: { requestId: other.body.request.id }, body: { note: 'no' } },
      keys_rotate: { params: { accessKeyId: k1.body.accessKeyId }, body: { graceSeconds: 60 } }, keys_revoke: { params: { accessKeyId: k2.body.accessKeyId } },
      users_create: { body: { username: 'contract-new', roles: [{ role: 'designer' }] } }, users_update: { body: { displayName: 'Kiểm toán' } }, users_setPassword: { body: {} },
      audit_search: { query: 'limit=5' }, audit_export: { query: 'format=json&limit=5' },
    };
  });
  afterAll(async () => { await p?.stop(); });

  it('validates as OpenAPI 3.1', async () => {
    const res = await new Validator().validate(doc as never);
    expect(res.errors ?? []).toEqual([]);
    expect(res.valid).toBe(true);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/flows/{flowKey}/runs', '/api/v1/runs/{runId}', '/api/v1/runs/{runId}/cancel', '/api/v1/auth/session',
      '/api/v1/auth/verify', '/api/v1/systems', '/api/v1/systems/{systemCode}/keys', '/api/v1/audit', '/api/v1/audit/export']));
  });

  async function call(path: string, method: string, o: Operation, token: string | null): Promise<Reply & { contentType: string }> {
    const s = samples[o.operationId] ?? {};
    const params = { ...defaults, ...s.params };
    const url = path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(params[n] ?? 'x')) + (s.query ? `?${s.query}` : '');
    const body = method === 'get' ? undefined : s.body ?? (o.requestBody ? {} : undefined);
    const r = await p.requestAs(s.token ?? token, method.toUpperCase(), url, body, token === null ? { authorization: '' } : {});
    return { ...r, contentType: r.headers.get('content-type') ?? '' };
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

  it('every operation answers, signed in and anonymously, with a documented status and a body of the documented shape', async () => {
    const problems: string[] = [];
    const succeeded: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, o] of Object.entries(ops)) {
        const label = `${method.toUpperCase()} ${path} (${o.operationId})`;
        const anon = await call(path, method, o, null);
        problems.push(...checkDocumented(`${label} anonymous`, o, anon));
        const isPublic = (o.security ?? []).some((s) => Object.keys(s).length === 0);
        if (!isPublic && anon.status !== 401) problems.push(`${label}: anonymous got ${anon.status}, not 401`);
        const admin = await call(path, method, o, p.adminToken);
        problems.push(...checkDocumented(`${label} admin`, o, admin));
        if (admin.status < 300) succeeded.push(o.operationId);
        expect(admin.status, label).toBeLessThan(500);
      }
    }
    expect(problems).toEqual([]);
    // The samples reach the procedures: each operation given a sample succeeds for the admin, except those only a
    // signed system may call (403, documented) and cancelling a run that already ended (409, documented).
    const expectedRefusals = ['auth_session', 'auth_verify', 'auth_revokeSession'];
    expect(Object.keys(samples).filter((id) => !succeeded.includes(id) && !expectedRefusals.includes(id))).toEqual([]);
    expect(succeeded).toEqual(expect.arrayContaining(['flows_list', 'runs_get', 'auth_me', 'agencies_list', 'agencies_get', 'systems_list', 'systems_get', 'systems_history',
      'keys_list', 'keys_issue', 'users_list', 'audit_verify']));
  });
});
