import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { examplesDir } from '@lienthong/cli';
import { ACTIONS, decide, roleActions, ROLES, type Principal } from '@lienthong/services';
import { curl, registerSystem, type SystemKeys } from '../helpers/agency.js';
import { signed } from '../system/exchange-helpers.js';
import type { Reply } from '../helpers/platform.js';
import { useRawTemporalClient, useTestPlatform } from '../helpers/suite.js';

const A = '000.00.00.H48';
const B = '000.00.00.H56';
const citizen = (n: string) => JSON.stringify({ dossierNo: `000.25.94.H48-260115-${n}`, procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
  applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' } });

const user = (role: (typeof ROLES)[number], agency?: string): Principal =>
  ({ kind: 'user', id: `user:${role}`, userId: role, username: role, displayName: role, roles: [agency ? { role, agency } : { role }], ...(agency ? { agency } : {}) });

describe('the one policy function: role × action × own / other agency', () => {
  it('answers allow, forbidden or hidden as the role table and the agency say', () => {
    const table: Record<string, Record<string, [string, string, string]>> = {};
    for (const role of ROLES) {
      table[role] = {};
      for (const action of ACTIONS) {
        // [platform-wide grant, agency-limited grant on its own agency's thing, agency-limited grant on another agency's thing]
        const cells: [string, string, string] = [decide(user(role), action, B), decide(user(role, A), action, A), decide(user(role, A), action, B)];
        (table[role] as Record<string, [string, string, string]>)[action] = cells;
        const granted = roleActions[role].includes(action);
        expect([role, action, cells]).toEqual([role, action, granted ? ['allow', 'allow', 'hidden'] : ['forbidden', 'forbidden', 'forbidden']]);
      }
    }
    // Spelled out: an agency operator may change its own agency's systems and not another's, which it cannot even see.
    expect(table.operator?.['registry.write']).toEqual(['allow', 'allow', 'hidden']);
    expect(table['agency-viewer']?.['flows.publish']).toEqual(['forbidden', 'forbidden', 'forbidden']);
  });

  it('a system acts as its own agency and only with the operations it was granted', () => {
    const sys: Principal = { kind: 'system', id: 'system:s', systemCode: 's', agency: A, accessKeyId: 'k', allowedFlows: ['*'], allowedOperations: ['runs.start', 'runs.read'],
      allowedDestinations: [], rateLimitPerMinute: 0 };
    expect([decide(sys, 'runs.read', A), decide(sys, 'runs.read', B), decide(sys, 'runs.cancel', A), decide(sys, 'registry.write', A)])
      .toEqual(['allow', 'hidden', 'forbidden', 'forbidden']);
  });
});

describe('authorisation cannot be sidestepped (against a running platform)', () => {
  const p = useTestPlatform();
  const raw = useRawTemporalClient();
  const tokens: Record<string, string> = {};
  let sysA: SystemKeys;
  let sysB: SystemKeys;
  let runB: string;

  beforeAll(async () => {
    sysA = await registerSystem(p, { code: 'he-thong-a', agencyCode: A, allowedFlows: ['xac-thuc-cong-dan'] });
    sysB = await registerSystem(p, { code: 'he-thong-b', agencyCode: B, allowedFlows: ['xac-thuc-cong-dan'], ipAllowList: ['127.0.0.1'] });
    for (const [name, roles] of Object.entries({ 'xem-a': [{ role: 'agency-viewer', agency: A }], 'van-hanh-a': [{ role: 'operator', agency: A }],
      'kiem-toan-a': [{ role: 'auditor', agency: A }], 'kiem-toan-tinh': [{ role: 'auditor' }], 'quan-tri-a': [{ role: 'admin', agency: A }] })) {
      const r = await p.request('POST', '/api/v1/users', { username: name, roles });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      tokens[name] = await p.login(name, r.body.password);
    }
    const run = await curl(`${p.apiUrl}/api/v1/flows/xac-thuc-cong-dan/runs`, { user: `${sysB.accessKeyId}:${sysB.secretKey}`, body: citizen('0201') });
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    runB = run.body.runId;
  });

  const as = (who: string, method: string, path: string, body?: unknown) => p.requestAs(tokens[who] as string, method, path, body);
  /** The first error code of a tRPC answer (single or batch) or a REST one. */
  const codeOf = (r: Reply): string | undefined => {
    const b = Array.isArray(r.body) ? r.body.find((x: { error?: unknown }) => x.error) : r.body;
    return b?.error?.data?.errors?.[0]?.code ?? b?.error?.code;
  };
  const publishable = { key: 'khong-duoc-phat-hanh', name: { vi: 'Thử', en: 'Try' }, nodes: [], edges: [] };

  it('an encoded, suffixed or batched tRPC name reaches no procedure its caller may not use', async () => {
    const attempts: Record<string, Reply> = {
      encodedPublish: await as('xem-a', 'POST', '/trpc/flows%2Epublish', { document: publishable }),
      encodedStart: await as('xem-a', 'POST', '/trpc/runs%2Estart', { flowKey: 'xac-thuc-cong-dan', input: JSON.parse(citizen('0202')) }),
      encodedLetter: await as('xem-a', 'GET', '/trpc/alert%73.list'),
      trailingSlash: await as('xem-a', 'GET', '/trpc/alerts.list/'),
      batch: await as('xem-a', 'GET', `/trpc/flows.list,alerts.list?batch=1&input=${encodeURIComponent('{}')}`),
      restPublish: await as('xem-a', 'POST', '/api/v1/flows', publishable),
    };
    const seen = Object.fromEntries(Object.entries(attempts).map(([k, r]) => [k, codeOf(r)]));
    expect(seen).toEqual({ encodedPublish: 'ACCESS_FORBIDDEN', encodedStart: 'ACCESS_FORBIDDEN', encodedLetter: 'ACCESS_FORBIDDEN', trailingSlash: 'ACCESS_FORBIDDEN',
      batch: 'ACCESS_FORBIDDEN', restPublish: 'ACCESS_FORBIDDEN' });
    expect(attempts.encodedPublish?.status).toBe(403);
    // The batch's allowed half still answers; the refused half does not run.
    expect(attempts.batch?.body[0].result.data).toEqual(expect.any(Array));
    expect((await p.request('GET', '/api/v1/flows/khong-duoc-phat-hanh')).status).toBe(404);
  });

  it('unknown names, oversized batches and malformed encodings are coded refusals, and the audit log records the decoded name', async () => {
    const unknown = await as('xem-a', 'GET', '/trpc/nope.nothing');
    expect([unknown.status, codeOf(unknown)]).toEqual([404, 'REQUEST_PROCEDURE_UNKNOWN']);
    const proto = await as('xem-a', 'GET', '/trpc/__proto__');
    expect([proto.status, codeOf(proto)]).toEqual([404, 'REQUEST_PROCEDURE_UNKNOWN']);
    const eleven = Array.from({ length: 11 }, () => 'flows.list').join(',');
    const big = await as('xem-a', 'GET', `/trpc/${eleven}?batch=1&input=${encodeURIComponent('{}')}`);
    expect([big.status, codeOf(big)]).toEqual([400, 'REQUEST_BATCH_TOO_LARGE']);
    for (const path of ['/trpc/flows%2publish', '/api/v1/runs/%', '/api/v1/systems/%E0%A4%A/keys']) {
      const r = await as('xem-a', 'GET', path);
      expect([path, r.status]).toEqual([path, 400]);
      expect(codeOf(r)).toMatch(/^REQUEST_/);
    }
    expect((await p.requestAs(null, 'GET', '/api/v1/flows')).status).toBe(200); // still answering
    const rows = (await p.request('GET', '/api/v1/audit?action=flows.publish&outcome=refused')).body as { actorId: string; detail: { path: string } }[];
    expect(rows.map((r) => [r.actorId, r.detail.path])).toEqual(expect.arrayContaining([['user:xem-a', '/trpc/flows%2Epublish'], ['user:xem-a', '/api/v1/flows']]));
  });

  it('an operator of agency A can neither read nor write agency B\'s agency, systems, keys or runs (REST and tRPC)', async () => {
    const before = (await p.request('GET', '/api/v1/systems/he-thong-b')).body;
    const probes: Record<string, Reply> = {
      getSystem: await as('van-hanh-a', 'GET', '/api/v1/systems/he-thong-b'),
      updateSystem: await as('van-hanh-a', 'PUT', '/api/v1/systems/he-thong-b', { callbackUrl: 'http://203.0.113.9/steal', ipAllowList: [], allowedFlows: ['*'] }),
      updateSystemTrpc: await as('van-hanh-a', 'POST', '/trpc/systems.update', { systemCode: 'he-thong-b', allowedFlows: ['*'] }),
      requestChange: await as('van-hanh-a', 'POST', '/api/v1/systems/he-thong-b/requests', { kind: 'suspend', reason: 'x' }),
      createSystem: await as('van-hanh-a', 'POST', '/api/v1/systems', { code: 'cai-cam-b', agencyCode: B, name: { vi: 'x', en: 'x' }, reason: 'x' }),
      history: await as('van-hanh-a', 'GET', '/api/v1/systems/he-thong-b/history'),
      keys: await as('van-hanh-a', 'GET', '/api/v1/systems/he-thong-b/keys'),
      issueKey: await as('van-hanh-a', 'POST', '/api/v1/systems/he-thong-b/keys'),
      revokeKey: await as('van-hanh-a', 'POST', `/api/v1/systems/he-thong-b/keys/${sysB.accessKeyId}/revoke`),
      callbackSecret: await as('van-hanh-a', 'POST', '/api/v1/systems/he-thong-b/callback-secret'),
      getAgency: await as('van-hanh-a', 'GET', `/api/v1/agencies/${B}`),
      updateAgency: await as('van-hanh-a', 'PUT', `/api/v1/agencies/${B}`, { name: { vi: 'Đổi', en: 'Changed' } }),
      agencyHistory: await as('van-hanh-a', 'GET', `/api/v1/agencies/${B}/history`),
      getRun: await as('van-hanh-a', 'GET', `/api/v1/runs/${runB}`),
      cancelRun: await as('van-hanh-a', 'POST', `/api/v1/runs/${runB}/cancel`),
      timeline: await as('van-hanh-a', 'GET', `/api/v1/runs/${runB}/timeline`),
      signal: await as('van-hanh-a', 'POST', `/api/v1/runs/${runB}/signals/tiep`, {}),
    };
    expect(Object.fromEntries(Object.entries(probes).map(([k, r]) => [k, [r.status, codeOf(r)]]))).toEqual({
      getSystem: [404, 'SYSTEM_NOT_FOUND'], updateSystem: [404, 'SYSTEM_NOT_FOUND'], updateSystemTrpc: [404, 'SYSTEM_NOT_FOUND'], requestChange: [404, 'SYSTEM_NOT_FOUND'],
      createSystem: [404, 'AGENCY_NOT_FOUND'], history: [404, 'SYSTEM_NOT_FOUND'], keys: [404, 'SYSTEM_NOT_FOUND'], issueKey: [404, 'SYSTEM_NOT_FOUND'],
      revokeKey: [404, 'SYSTEM_NOT_FOUND'], callbackSecret: [404, 'SYSTEM_NOT_FOUND'], getAgency: [404, 'AGENCY_NOT_FOUND'], updateAgency: [404, 'AGENCY_NOT_FOUND'],
      agencyHistory: [404, 'AGENCY_NOT_FOUND'], getRun: [404, 'RUN_NOT_FOUND'], cancelRun: [404, 'RUN_NOT_FOUND'], timeline: [404, 'RUN_NOT_FOUND'], signal: [404, 'RUN_NOT_FOUND'],
    });
    const after = (await p.request('GET', '/api/v1/systems/he-thong-b')).body;
    expect(after).toEqual(before); // nothing changed: callback URL, allow-list and grants as they were
    expect(after).toMatchObject({ callbackUrl: null, ipAllowList: ['127.0.0.1'], allowedFlows: ['xac-thuc-cong-dan'] });
    // Its own agency's system it manages as before.
    expect((await as('van-hanh-a', 'PUT', '/api/v1/systems/he-thong-a', { rateLimitPerMinute: 900 })).status).toBe(200);
    expect((await as('van-hanh-a', 'GET', '/api/v1/systems')).body.map((s: { code: string }) => s.code)).toEqual(['he-thong-a']);
  });

  it('a system of agency A cannot read agency B\'s run, and an agency-limited admin cannot manage accounts or other agencies', async () => {
    const cross = await curl(`${p.apiUrl}/api/v1/runs/${runB}`, { user: `${sysA.accessKeyId}:${sysA.secretKey}`, method: 'GET' });
    expect([cross.status, cross.body.error.code]).toEqual([404, 'RUN_NOT_FOUND']);
    const accounts = await as('quan-tri-a', 'POST', '/api/v1/users', { username: 'leo-thang', roles: [{ role: 'admin' }] });
    expect([accounts.status, codeOf(accounts)]).toEqual([403, 'ACCESS_FORBIDDEN']);
    const approve = await as('quan-tri-a', 'GET', '/api/v1/users');
    expect(approve.status).toBe(403);
    const agency = await as('quan-tri-a', 'POST', '/api/v1/agencies', { code: '000.00.00.H99', name: { vi: 'x', en: 'x' } });
    expect([agency.status, codeOf(agency)]).toEqual([403, 'ACCESS_FORBIDDEN']);
  });

  it('an exchange between two systems of agency B is not found by agency A\'s auditor or system, and found by the province\'s', async () => {
    await registerSystem(p, { code: 'he-thong-b2', agencyCode: B });
    expect((await p.request('PUT', '/api/v1/systems/he-thong-b', { allowedDestinations: ['he-thong-b2'] })).status).toBe(200);
    const created = await signed(p, sysB, 'POST', '/api/v1/exchanges', { recipient: 'he-thong-b2', subject: 'Hồ sơ nội bộ cơ quan B', priority: 'normal',
      dataType: 'ho-so-tthc', protocol: 'json', size: 2 });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const id = created.body.exchangeId as string;
    const byAuditorA = await as('kiem-toan-a', 'GET', `/api/v1/exchanges/${id}`);
    const bySystemA = await signed(p, sysA, 'GET', `/api/v1/exchanges/${id}`);
    expect([byAuditorA.status, codeOf(byAuditorA), bySystemA.status, codeOf(bySystemA)]).toEqual([404, 'EXCHANGE_NOT_FOUND', 404, 'EXCHANGE_NOT_FOUND']);
    expect((await as('kiem-toan-a', 'GET', '/api/v1/exchanges')).body.map((e: { exchangeId: string }) => e.exchangeId)).not.toContain(id);
    expect((await as('kiem-toan-tinh', 'GET', `/api/v1/exchanges/${id}`)).status).toBe(200);
  });

  it('audit rows: a publish carries its flow key; anonymous refusals are one row per address per minute, not one each', async () => {
    const document = JSON.parse(readFileSync(`${examplesDir}/xac-thuc-cong-dan.json`, 'utf8')) as unknown;
    const published = await p.request('POST', '/api/v1/flows', document);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const rows = (await p.request('GET', '/api/v1/audit?action=flows.publish&outcome=ok')).body as { flowKey: string | null }[];
    expect(rows.map((r) => r.flowKey)).toContain('xac-thuc-cong-dan');
    for (let i = 0; i < 30; i++) expect((await p.requestAs(null, 'GET', '/api/v1/users')).status).toBe(401);
    const anonymous = (await p.request('GET', '/api/v1/audit?action=users.list&actorId=anonymous&limit=100')).body as unknown[];
    expect(anonymous.length).toBeLessThanOrEqual(1);
  });

  it('the codec decodes only for platform-wide admins and auditors, and every decode is audited', async () => {
    const history = await raw.workflow.getHandle(runB).fetchHistory();
    const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    const stored = {
      metadata: Object.fromEntries(Object.entries(payload?.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v as Uint8Array).toString('base64')])),
      data: Buffer.from(payload?.data ?? new Uint8Array()).toString('base64'),
    };
    // Agency A's auditor gets RUN_NOT_FOUND for B's run, and cannot decrypt it through the codec either.
    expect((await as('kiem-toan-a', 'GET', `/api/v1/runs/${runB}`)).status).toBe(404);
    const asAgencyAuditor = await as('kiem-toan-a', 'POST', '/api/v1/codec/decode', { payloads: [stored] });
    expect([asAgencyAuditor.status, codeOf(asAgencyAuditor)]).toEqual([403, 'CODEC_FORBIDDEN']);
    const asProvince = await as('kiem-toan-tinh', 'POST', '/api/v1/codec/decode', { payloads: [stored] });
    expect(asProvince.status).toBe(200);
    expect(Buffer.from(asProvince.body.payloads[0].data, 'base64').toString('utf8')).toContain('NGUYỄN VĂN AN');
    const rows = (await p.request('GET', '/api/v1/audit?action=codec.decode')).body as { actorId: string; outcome: string }[];
    expect(rows.map((r) => [r.actorId, r.outcome])).toEqual(expect.arrayContaining([['user:kiem-toan-a', 'refused'], ['user:kiem-toan-tinh', 'ok']]));
  });
});
