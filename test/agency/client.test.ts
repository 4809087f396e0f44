import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLtRestClient, createLtTrpcClient, createRequestSigner, LtClientError } from '@lienthong/client';
import { registerSystem, type SystemKeys } from '../helpers/agency.js';
import { useTestPlatform } from '../helpers/suite.js';

// Done when (issue 19): the typed client (@lienthong/client) runs the citizen lookup over tRPC and over REST with SigV4,
// sends and receives an exchange, and gets a typed AUTH_REPLAY for a replayed call — against a running platform.
const citizen = (n: number) => ({
  dossierNo: `000.25.94.H48-260116-${String(n).padStart(4, '0')}`, procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111',
  applicant: { soDinhDanh: '051090123456', hoVaTen: 'NGUYỄN VĂN AN', ngaySinh: '19900512' },
});
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const credentialsOf = (k: SystemKeys) => ({ accessKeyId: k.accessKeyId, secretKey: k.secretKey, region: 'vn-hcm' });
/** A fetch that sends each request twice, verbatim, and answers the second: a proxy replaying what it saw. */
const replayingFetch = async (url: string, init: RequestInit) => { await (await fetch(url, init)).text(); return fetch(url, init); };

describe('@lienthong/client: an agency system on tRPC and REST, signed with SigV4', () => {
  const p = useTestPlatform();
  let motcua: SystemKeys;
  let qlvb: SystemKeys;
  beforeAll(async () => {
    motcua = await registerSystem(p, { code: 'client-motcua', agencyCode: '000.00.00.H48', allowedFlows: ['xac-thuc-cong-dan'], allowedDestinations: ['*'] });
    qlvb = await registerSystem(p, { code: 'client-qlvb', agencyCode: '000.00.53.H48' });
  });

  it('runs the citizen lookup over tRPC, audited as the system like a REST call', async () => {
    const trpc = createLtTrpcClient({ url: p.apiUrl, credentials: credentialsOf(motcua) });
    const run = await trpc.runs.start.mutate({ flowKey: 'xac-thuc-cong-dan', input: citizen(1), wait: '30s' });
    expect(run).toMatchObject({ status: 'completed', output: { result: 'MATCH', dossierNo: citizen(1).dossierNo } });
    const read = await trpc.runs.get.query({ runId: run.runId }); // a signed GET, its input in the query string
    expect(read.status).toBe('completed');
    const audit = await p.request('GET', '/api/v1/audit?limit=500');
    expect(audit.body.find((r: { runId: string | null }) => r.runId === run.runId)).toMatchObject({ actorId: 'system:client-motcua', action: 'runs.start', outcome: 'ok' });
  });

  it('runs it over REST, the 202 → poll path included, and the same Idempotency-Key returns the same run', async () => {
    const rest = createLtRestClient({ url: p.apiUrl, credentials: credentialsOf(motcua), pollIntervalMs: 200 });
    const done = await rest.runFlow('xac-thuc-cong-dan', citizen(2), { wait: '0s', idempotencyKey: 'client-dossier-2' }); // answered 202, then polled
    expect(done).toMatchObject({ status: 'completed', output: { result: 'MATCH' } });
    const again = await rest.startRun('xac-thuc-cong-dan', citizen(2), { idempotencyKey: 'client-dossier-2' });
    expect(again).toMatchObject({ runId: done.runId, replayed: true });
  });

  it('sends an exchange over REST and receives it over tRPC, all eight steps', async () => {
    const rest = createLtRestClient({ url: p.apiUrl, credentials: credentialsOf(motcua) });
    const trpc = createLtTrpcClient({ url: p.apiUrl, credentials: credentialsOf(qlvb) });
    const content = Buffer.from(JSON.stringify({ maHoSo: '000.00.53.H48-260116-0003', ghiChu: 'Hồ sơ liên thông qua thư viện khách' }), 'utf8');
    const created = await rest.exchanges.create({ recipient: 'client-qlvb', subject: 'Chuyển hồ sơ TTHC', priority: 'normal', dataType: 'ho-so-tthc', protocol: 'json', size: content.length });
    expect(created.status).toBe('space_allocated');
    const id = created.exchangeId;
    const uploaded = await rest.exchanges.upload(id, { content: content.toString('base64'), sha256: sha256(content), policy: { allowedRecipients: ['client-qlvb'] } });
    expect(uploaded.status).toBe('uploaded');
    // The destination long-polls its inbox until the exchange is announced there.
    let listed = false;
    for (let i = 0; i < 10 && !listed; i++) listed = (await trpc.exchanges.inbox.query({ wait: '10s' })).some((e) => e.exchangeId === id);
    expect(listed).toBe(true);
    const ready = await trpc.exchanges.ready.mutate({ exchangeId: id });
    expect(ready.status).toBe('ready');
    const fetched = await trpc.exchanges.fetch.query({ exchangeId: id });
    expect(Buffer.from(fetched.content, 'base64').equals(content)).toBe(true);
    const ack = await trpc.exchanges.acknowledge.mutate({ exchangeId: id, sha256: fetched.sha256 });
    expect(ack.status).toBe('delivered');
    expect((await rest.exchanges.get(id)).status).toMatch(/^(delivered|content_purged)$/);
  });

  it('a replayed call is a typed AUTH_REPLAY over both; other refusals carry their catalogue code too', async () => {
    for (const client of [createLtTrpcClient({ url: p.apiUrl, credentials: credentialsOf(motcua), fetch: replayingFetch }).runs.cancel,
      { mutate: (x: { runId: string }) => createLtRestClient({ url: p.apiUrl, credentials: credentialsOf(motcua), fetch: replayingFetch }).cancelRun(x.runId) }]) {
      const err = await client.mutate({ runId: 'run-client-none' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LtClientError);
      expect(err).toMatchObject({ code: 'AUTH_REPLAY', status: 401 });
      expect((err as LtClientError).messages.vi).toMatch(/phát lại/);
    }
    const wrongKey = createLtTrpcClient({ url: p.apiUrl, credentials: { ...credentialsOf(motcua), secretKey: 'not-the-secret' } });
    await expect(wrongKey.runs.get.query({ runId: 'run-client-none' })).rejects.toMatchObject({ code: 'AUTH_SIGNATURE_MISMATCH', status: 401 });
    const rest = createLtRestClient({ url: p.apiUrl, credentials: credentialsOf(motcua) });
    await expect(rest.getRun('run-client-none')).rejects.toMatchObject({ code: 'RUN_NOT_FOUND', status: 404 });
  });

  it('tRPC applies the system\'s granted operations and its rate limit as REST does, with the same codes', async () => {
    const readOnly = await registerSystem(p, { code: 'client-chi-doc', agencyCode: '000.00.00.H48', allowedFlows: ['xac-thuc-cong-dan'], allowedOperations: ['runs.read'], rateLimitPerMinute: 3 });
    const trpc = createLtTrpcClient({ url: p.apiUrl, credentials: credentialsOf(readOnly) });
    const rest = createLtRestClient({ url: p.apiUrl, credentials: credentialsOf(readOnly) });
    const overTrpc = await trpc.runs.start.mutate({ flowKey: 'xac-thuc-cong-dan', input: citizen(6) }).catch((e: unknown) => e as LtClientError);
    const overRest = await rest.startRun('xac-thuc-cong-dan', citizen(6)).catch((e: unknown) => e as LtClientError);
    expect(overTrpc).toBeInstanceOf(LtClientError);
    expect([overTrpc.status, overTrpc.code]).toEqual([overRest.status, overRest.code]);
    expect(overTrpc.status).toBe(403);
    // Two requests above used 2 of the 3 a minute; the third passes the gate, the fourth is refused.
    await expect(trpc.runs.get.query({ runId: 'run-client-none' })).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
    const limited = await trpc.runs.get.query({ runId: 'run-client-none' }).catch((e: unknown) => e as LtClientError);
    expect(limited).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(limited.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('refuses an Idempotency-Key left out of the signature', async () => {
    const url = `${p.apiUrl}/api/v1/flows/xac-thuc-cong-dan/runs`;
    const body = JSON.stringify(citizen(5));
    const headers = await createRequestSigner(credentialsOf(motcua))(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const r = await fetch(url, { method: 'POST', body, headers: { ...headers, 'idempotency-key': 'client-dossier-5' } });
    expect(r.status).toBe(401);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('AUTH_IDEMPOTENCY_KEY_UNSIGNED');
  });
});
