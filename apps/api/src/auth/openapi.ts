import type { IncomingMessage, ServerResponse } from 'node:http';
import { LtError } from '@lienthong/errors';
import { auditCsv, type Principal, type Services } from '@lienthong/services';
import { sendErrors, sendJson } from '../rest/index.js';
import { AuditQuery, AuditRow, auditFilter, auditQueryFields } from '../routers/audit.js';
import { agenciesFor } from './guard.js';
import { appRouter } from '../root.js';
import { AUDIT_EXPORT_PATH } from './policy.js';
import { SIGV4_SERVICE } from './sigv4.js';
import { callersOf, type Callers } from './who-may-call.js';
import type { Meta } from '../trpc.js';
import { z } from 'zod';

export { AUDIT_EXPORT_PATH };

/** Statuses a procedure answers besides 200/400/404 (conflicts of state). */
const CONFLICTS = new Set(['agencies.create', 'systems.create', 'systems.requestChange', 'systems.approve', 'systems.reject', 'users.create', 'keys.rotate', 'runs.cancel', 'triggers.createWebhookSecret']);
const errorRef = { $ref: '#/components/schemas/ErrorBody' };
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: errorRef } } });

/** The schemes that reach an operation: a signed system, a person's session (bearer or cookie), or anyone. */
function securityOf(who: Callers): Record<string, string[]>[] {
  return [
    ...(who.anonymous ? [{}] : []),
    ...(who.people ? [{ bearer: [] }, { cookie: [] }] : []),
    ...(who.systems ? [{ sigv4: [] }] : []),
  ];
}

/** Adds how to authenticate (SigV4, bearer, cookie) and the refusals (401, 403, 429) to the generated document. */
export function documentSecurity(doc: Record<string, unknown>): Record<string, unknown> {
  const paths = doc.paths as Record<string, Record<string, { operationId?: string; security?: unknown; responses: Record<string, unknown> }>>;
  const procs = appRouter._def.procedures as unknown as Record<string, { _def: { meta?: unknown } }>;
  for (const ops of Object.values(paths)) {
    for (const op of Object.values(ops)) {
      const proc = (op.operationId ?? '').replace('_', '.');
      const who = callersOf(procs[proc]?._def.meta as Meta | undefined);
      if (CONFLICTS.has(proc)) op.responses['409'] ??= errorResponse('Conflict with the current state / Xung đột trạng thái');
      op.security = securityOf(who);
      if (who.anonymous) continue;
      op.responses['401'] = errorResponse('Not authenticated or bad signature / Chưa xác thực hoặc sai chữ ký');
      op.responses['403'] = errorResponse('Not allowed / Không có quyền');
      if (who.systems) op.responses['429'] = { ...errorResponse('Rate limit / Vượt hạn mức'), headers: { 'Retry-After': { schema: { type: 'integer' } } } };
    }
  }
  const q = z.toJSONSchema(AuditQuery, { io: 'input', target: 'draft-2020-12' }) as { properties: Record<string, unknown> };
  paths[AUDIT_EXPORT_PATH] = { get: {
    operationId: 'audit_export', summary: 'Xuất nhật ký (CSV hoặc JSON) / Export the audit log (CSV or JSON)', tags: ['audit'],
    parameters: [...auditQueryFields.map((name) => ({ name, in: 'query', required: false, schema: q.properties[name] ?? { type: 'string' } })),
      { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['csv', 'json'] } }],
    security: [{ bearer: [] }, { cookie: [] }],
    responses: {
      '200': { description: 'OK', content: { 'text/csv': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'array', items: (() => { const s = z.toJSONSchema(AuditRow, { io: 'output', target: 'draft-2020-12' }) as Record<string, unknown>; delete s.$schema; return s; })() } } } },
      '400': errorResponse('Invalid query / Tham số không hợp lệ'), '401': errorResponse('Not authenticated / Chưa xác thực'), '403': errorResponse('Not allowed / Không có quyền'),
    },
  } } as never;
  const components = (doc.components ??= {}) as Record<string, Record<string, unknown>>;
  (components.schemas ??= {}).ErrorBody = { type: 'object', required: ['error', 'errors'],
    properties: { error: { $ref: '#/components/schemas/LtError' }, errors: { type: 'array', items: { $ref: '#/components/schemas/LtError' } } } };
  components.securitySchemes = {
    sigv4: { type: 'apiKey', in: 'header', name: 'Authorization',
      description: 'Chữ ký AWS Signature Version 4 của hệ thống kết nối / AWS Signature Version 4 of a connected system: `Authorization: AWS4-HMAC-SHA256 '
        + `Credential=<access key>/<yyyymmdd>/<region>/${SIGV4_SERVICE}/aws4_request, SignedHeaders=…, Signature=…\`, service "${SIGV4_SERVICE}", any region (e.g. "vn-hcm"): `
        + `curl --aws-sigv4 "aws:amz:vn-hcm:${SIGV4_SERVICE}" --user "$ACCESS:$SECRET". X-Amz-Date within 5 minutes; x-amz-content-sha256 checked when sent; `
        + 'Idempotency-Key must be among the signed headers when sent; a changing request (POST, PUT) is accepted once (replay → AUTH_REPLAY, add x-lt-nonce to send the same one again). '
        + 'Which operations a system may call: its allowedOperations (GET /api/v1/system-operations).' },
    bearer: { type: 'http', scheme: 'bearer', description: 'Login session token from POST /api/v1/auth/login' },
    cookie: { type: 'apiKey', in: 'cookie', name: 'lt_session', description: 'The same session as an HttpOnly cookie set by POST /api/v1/auth/login' },
  };
  return doc;
}

/** GET /api/v1/audit/export?format=csv|json&…filters: a download for auditors (agency viewers get their agency only). */
export async function serveAuditExport(services: Services, p: Principal | null, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!p) throw new LtError('AUTH_REQUIRED');
  const url = new URL(req.url ?? '/', 'http://api');
  const raw = Object.fromEntries(url.searchParams);
  const format = raw.format ?? 'csv';
  delete raw.format;
  if (format !== 'csv' && format !== 'json') throw new LtError('REQUEST_VALIDATION_FAILED', { pointer: 'format', detail: 'csv or json' }, { field: 'format' });
  const parsed = AuditQuery.safeParse(raw);
  if (!parsed.success) {
    return sendErrors(res, 400, parsed.error.issues.map((i) => new LtError('REQUEST_VALIDATION_FAILED', { pointer: String(i.path[0] ?? ''), detail: i.message }, { field: String(i.path[0] ?? '') }).toJSON()));
  }
  const rows = await services.audit.search(auditFilter({ limit: 10_000, ...parsed.data }, agenciesFor(p, 'audit.read')));
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  if (format === 'json') return sendJson(res, 200, rows.map((r) => ({ ...r, at: r.at.toISOString() })), { 'content-disposition': `attachment; filename="audit-${stamp}.json"` });
  res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="audit-${stamp}.csv"` });
  res.end(`\uFEFF${auditCsv(rows)}`);
}

/** /api/docs: the operations of the OpenAPI document and the tRPC procedures, readable without any external script. */
export function docsPage(specUrl: string, proceduresUrl = '/api/v1/trpc.json'): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Liên Thông API</title>
<style>body{font:14px system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}code{background:#f3f3f3;padding:1px 4px}
.op{border:1px solid #ddd;border-radius:6px;margin:.5em 0;padding:.5em 1em}.m{display:inline-block;width:4.5em;font-weight:bold}
.GET{color:#0a7}.POST{color:#06c}.PUT{color:#a60}details pre{background:#f7f7f7;padding:.5em;overflow:auto}</style></head>
<body><h1>Liên Thông API</h1><p>Tài liệu OpenAPI 3.1 / OpenAPI 3.1 document: <a href="${specUrl}">${specUrl}</a></p>
<p>Thủ tục tRPC (tên, loại, quyền, lược đồ) / tRPC procedures (name, type, permission, schemas): <a href="${proceduresUrl}">${proceduresUrl}</a> — <a href="#trpc">bên dưới / below</a>.
Hệ thống cơ quan ký SigV4 / agency systems sign with SigV4: docs/agency-access.md</p>
<h2>REST</h2><div id="ops">…</div><h2 id="trpc">tRPC</h2><div id="procs">…</div>
<script>
fetch(${JSON.stringify(specUrl)}).then(r=>r.json()).then(doc=>{
  const el=document.getElementById('ops');el.textContent='';
  const esc=s=>String(s).replace(/[&<>]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;'}[c]));
  for(const [path,ops] of Object.entries(doc.paths)) for(const [m,op] of Object.entries(ops)){
    const d=document.createElement('div');d.className='op';
    d.innerHTML='<span class="m '+m.toUpperCase()+'">'+m.toUpperCase()+'</span><code>'+esc(path)+'</code> — '+esc(op.summary||'')+
      '<details><summary>schema</summary><pre>'+esc(JSON.stringify({parameters:op.parameters,requestBody:op.requestBody,responses:op.responses,security:op.security},null,2))+'</pre></details>';
    el.appendChild(d);
  }
});
fetch(${JSON.stringify(proceduresUrl)}).then(r=>r.json()).then(procs=>{
  const el=document.getElementById('procs');el.textContent='';
  const esc=s=>String(s).replace(/[&<>]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;'}[c]));
  for(const p of procs){
    const d=document.createElement('div');d.className='op';
    const how=p.trpc?'<span class="m '+p.trpc.method+'">'+p.trpc.method+'</span><code>'+esc(p.trpc.path)+'</code>':'<em>REST</em>';
    const who=[p.callers.anonymous?'anonymous':'',p.callers.people?'bearer/cookie':'',p.callers.systems?('sigv4'+(p.callers.systems.grant?' ('+p.callers.systems.grant+')':'')):''].filter(Boolean).join(', ');
    d.innerHTML=how+' <b>'+esc(p.name)+'</b> ('+esc(p.type)+') — '+esc(p.summary||'')+'<br><small>'+esc(who)+(p.rest?' · REST '+esc(p.rest.method+' '+p.rest.path):'')+'</small>'+
      '<details><summary>schema</summary><pre>'+esc(JSON.stringify({permission:p.permission,input:p.input,output:p.output},null,2))+'</pre></details>';
    el.appendChild(d);
  }
});
</script></body></html>`;
}
