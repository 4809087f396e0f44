import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { operatorToken, registerSystem, sdkSigned, send, type SystemKeys } from '../helpers/agency.js';
import { useTestPlatform } from '../helpers/suite.js';
import type { Reply } from '../helpers/platform.js';

interface ProcedureDoc {
  name: string;
  type: 'query' | 'mutation';
  permission: { requires: string; scope: string } | null;
  callers: { anonymous: boolean; people: boolean; systems: false | { grant: string | null } };
  trpc: { method: 'GET' | 'POST'; path: string } | null;
  rest: { method: string; path: string; operationId: string } | null;
  input: { required?: string[]; properties?: Record<string, unknown> };
  output: Record<string, unknown>;
}
interface Grantable { name: string; procedures: string[]; operationIds: string[] }

const AGENCY = '000.00.00.H48';
/** tRPC's URL for a call with `input`: a query takes it in `?input=`, a mutation as the JSON body. */
const trpcUrl = (d: ProcedureDoc, input: unknown) => (d.trpc?.method === 'GET' ? `${d.trpc.path}?input=${encodeURIComponent(JSON.stringify(input))}` : (d.trpc as { path: string }).path);
const codeOf = (r: Reply): string | undefined => r.body?.error?.data?.errors?.[0]?.code ?? r.body?.error?.code;

describe('the procedures and the operations a system may be granted, as the API lists them', () => {
  const p = useTestPlatform();
  let docs: ProcedureDoc[];
  let grantable: Grantable[];

  beforeAll(async () => {
    docs = (await p.requestAs(null, 'GET', '/api/v1/trpc.json')).body;
    grantable = (await p.request('GET', '/api/v1/system-operations')).body;
  });

  /** A signed tRPC call with input `{}`; each one signed anew (a changing request is accepted once). */
  async function signedCall(k: SystemKeys, d: ProcedureDoc): Promise<Reply> {
    const method = d.trpc?.method ?? 'GET';
    return send(await sdkSigned(p.apiUrl, k, method, trpcUrl(d, {}), method === 'POST' ? '{}' : undefined, { headers: { 'x-lt-nonce': randomUUID() } }));
  }

  it('documents every procedure at /api/v1/trpc.json, anonymously readable, linked from /api/docs', async () => {
    const openapi = (await p.requestAs(null, 'GET', '/api/v1/openapi.json')).body as { paths: Record<string, Record<string, { operationId: string }>> };
    const documented = new Set(docs.filter((d) => d.rest).map((d) => (d.rest as { operationId: string }).operationId));
    const operationIds = Object.values(openapi.paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId)).filter((id) => id !== 'audit_export');
    expect(operationIds.filter((id) => !documented.has(id))).toEqual([]);
    expect(docs.every((d) => d.permission !== null)).toBe(true);
    const runs = docs.find((d) => d.name === 'stats.runs') as ProcedureDoc;
    expect(runs).toMatchObject({ type: 'query', trpc: { method: 'GET', path: '/trpc/stats.runs' }, rest: { method: 'GET', path: '/api/v1/stats/runs' }, permission: { requires: 'runs.read' } });
    expect(runs.input.required?.sort()).toEqual(['from', 'to']);
    expect(docs.find((d) => d.name === 'exchanges.create')).toMatchObject({ type: 'mutation', trpc: { method: 'POST' }, callers: { people: false, systems: { grant: 'exchanges.send' } } });
    // A streamed body, server-sent events and raw bytes are REST's alone.
    expect(docs.filter((d) => d.trpc === null).map((d) => d.name).sort()).toEqual(['exchanges.fetchRaw', 'exchanges.inboxEvents', 'exchanges.uploadStream',
      'reports.operationsPdf', 'reports.operationsXlsx', 'reports.storedPdf', 'reports.storedXlsx']);
    const page = await fetch(`${p.apiUrl}/api/docs`);
    expect(await page.text()).toContain('/api/v1/trpc.json');
  });

  it('each documented tRPC call answers at its path and method (a coded error at worst), and the other method is a coded 405', async () => {
    const problems: string[] = [];
    for (const d of docs.filter((x) => x.trpc)) {
      const t = d.trpc as { method: 'GET' | 'POST'; path: string };
      const r = await p.request(t.method, trpcUrl(d, {}), t.method === 'POST' ? {} : undefined);
      if (r.status >= 500 || r.status === 404 || r.status === 405 || (r.status >= 400 && !codeOf(r)) || (r.status < 300 && r.body?.result === undefined)) {
        problems.push(`${t.method} ${t.path}: ${r.status} ${r.text.slice(0, 200)}`);
      }
      const other = t.method === 'GET' ? 'POST' : 'GET';
      const wrong = await p.request(other, trpcUrl({ ...d, trpc: { ...t, method: other } }, {}), other === 'POST' ? {} : undefined);
      if (wrong.status !== 405 || codeOf(wrong) !== 'METHOD_NOT_ALLOWED') problems.push(`${other} ${t.path}: ${wrong.status} ${wrong.text.slice(0, 200)}`);
    }
    expect(problems).toEqual([]);
  });

  it('lists the grantable operations, derived from the procedures: nothing only people may do', () => {
    expect(grantable.map((g) => g.name)).toEqual(['auth.session', 'auth.verify', 'exchanges.receive', 'exchanges.send', 'reporting.read', 'reporting.submit', 'runs.cancel', 'runs.read', 'runs.start']);
    for (const g of grantable) {
      expect(g.procedures.length, g.name).toBeGreaterThan(0);
      expect(g.operationIds).toEqual(g.procedures.map((n) => n.replace('.', '_')));
      for (const name of g.procedures) expect(docs.find((d) => d.name === name)?.callers.systems, name).toEqual({ grant: g.name });
    }
    expect(grantable.find((g) => g.name === 'exchanges.send')?.procedures).toEqual(['exchanges.create', 'exchanges.upload', 'exchanges.uploadStream']);
  });

  it('a system granted one operation reaches exactly the procedures listed under it', async () => {
    await p.request('POST', '/api/v1/agencies', { code: AGENCY, name: { vi: 'UBND tỉnh', en: 'PC' } });
    const problems: string[] = [];
    for (const g of grantable) {
      const k = await registerSystem(p, { code: `grant-${g.name.replace('.', '-')}`, agencyCode: AGENCY, allowedFlows: ['*'], allowedOperations: [g.name], rateLimitPerMinute: 100_000 });
      for (const d of docs.filter((x) => x.trpc && x.callers.systems && x.callers.systems.grant)) {
        const r = await signedCall(k, d);
        const reached = r.status !== 401 && r.status !== 403;
        if (reached !== g.procedures.includes(d.name)) problems.push(`${g.name} → ${d.name}: ${r.status} ${codeOf(r)}`);
        if (!reached && codeOf(r) !== 'ACCESS_OPERATION_NOT_ALLOWED') problems.push(`${g.name} → ${d.name}: refused with ${codeOf(r)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('refuses an allowedOperations value the list does not hold, naming each bad item (REST and tRPC, vi and en), and stores nothing', async () => {
    const op = await operatorToken(p);
    await p.request('POST', '/api/v1/agencies', { code: AGENCY, name: { vi: 'UBND tỉnh', en: 'PC' } });
    const create = await p.requestAs(op, 'POST', '/api/v1/systems', { code: 'grant-bad', agencyCode: AGENCY, name: { vi: 'X', en: 'X' }, reason: 'test',
      allowedOperations: ['runs.start', 'auth.bogus', 'users.manage'] });
    expect(create.status).toBe(400);
    expect(create.body.errors.map((e: { code: string; where: { pointer: string } }) => [e.code, e.where.pointer])).toEqual([
      ['SYSTEM_OPERATION_UNKNOWN', '/allowedOperations/1'], ['SYSTEM_OPERATION_UNKNOWN', '/allowedOperations/2']]);
    expect(create.body.error.message.vi).toContain('auth.bogus');
    expect(create.body.error.message.en).toContain('runs.start'); // names what may be granted
    expect((await p.request('GET', '/api/v1/systems/grant-bad')).status).toBe(404);

    const made = await p.requestAs(op, 'POST', '/api/v1/systems', { code: 'grant-ok', agencyCode: AGENCY, name: { vi: 'Y', en: 'Y' }, reason: 'test', allowedOperations: ['runs.read'] });
    expect(made.status).toBe(200);
    const update = await p.requestAs(op, 'PUT', '/api/v1/systems/grant-ok', { allowedOperations: ['exchanges.nope'] });
    expect([update.status, update.body.error.code, update.body.error.where.pointer]).toEqual([400, 'SYSTEM_OPERATION_UNKNOWN', '/allowedOperations/0']);
    const viaTrpc = await p.requestAs(op, 'POST', '/trpc/systems.update', { systemCode: 'grant-ok', allowedOperations: ['runs.read', 'auth.me'] });
    expect([viaTrpc.status, codeOf(viaTrpc), viaTrpc.body.error.data.errors[0].where.pointer]).toEqual([400, 'SYSTEM_OPERATION_UNKNOWN', '/allowedOperations/1']);
    expect((await p.request('GET', '/api/v1/systems/grant-ok')).body.allowedOperations).toEqual(['runs.read']);
    const good = await p.requestAs(op, 'PUT', '/api/v1/systems/grant-ok', { allowedOperations: ['runs.read', 'exchanges.receive'] });
    expect([good.status, good.body.allowedOperations]).toEqual([200, ['runs.read', 'exchanges.receive']]);
  });
});
