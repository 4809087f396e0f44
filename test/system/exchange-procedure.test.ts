import { Client, Connection } from '@temporalio/client';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { exchangeContents, exchangeKeys, exchanges } from '@lienthong/db';
import { edxmlToJson } from '@lienthong/services';
import { registerSystem, operatorToken, type SystemKeys } from '../helpers/agency.js';
import { decodedPayloads, hookSignatureValid, sha256, signed, startExchangePlatform, startHooks, until, type Hook } from './exchange-helpers.js';

// Short webhook backoff and a small size limit, so the tests wait for states quickly.
process.env.LT_EXCHANGE_RETRY_INITIAL_MS = '200';
process.env.LT_EXCHANGE_RETRY_MAX_MS = '600';
process.env.LT_EXCHANGE_MAX_BYTES = String(64 * 1024);

const SECRET = 'NGUYỄN-VĂN-BÍ-MẬT-7F3A91';
const dossier = { maHoSo: '000.00.53.H48-260115-0099', chuHoSo: SECRET, soDinhDanh: '051090123456', ghiChu: 'Hồ sơ liên thông thử nghiệm' };

describe('data exchange: the eight steps between two registered systems', () => {
  let p: Awaited<ReturnType<typeof startExchangePlatform>>;
  let hooks: Awaited<ReturnType<typeof startHooks>>;
  let raw: Client;
  let decoding: Client;
  let n = 0;
  let src: SystemKeys;
  let dst: SystemKeys;
  let down: SystemKeys;
  let parked: SystemKeys;

  const setCallback = async (code: string, callbackUrl: string) => {
    const r = await p.request('PUT', `/api/v1/systems/${code}`, { callbackUrl });
    expect(r.status).toBe(200);
  };
  const view = async (k: SystemKeys, id: string) => (await signed(p, k, 'GET', `/api/v1/exchanges/${id}`)).body;
  const statusIs = (k: SystemKeys, id: string, ...s: string[]) => until(`${id} ${s.join('|')}`, async () => { const v = await view(k, id); return s.includes(v.status) ? v : null; });
  const rowsLeft = async (id: string) => ({
    contents: (await p.db.db.select().from(exchangeContents).where(eq(exchangeContents.exchangeId, id))).length,
    keys: (await p.db.db.select().from(exchangeKeys).where(eq(exchangeKeys.exchangeId, id))).length,
  });
  const create = (k: SystemKeys, recipient: string, content: Buffer, extra: Record<string, unknown> = {}) =>
    signed(p, k, 'POST', '/api/v1/exchanges', { recipient, subject: `Chuyển hồ sơ TTHC số ${++n}`, priority: 'normal', dataType: 'ho-so-tthc', protocol: 'json', size: content.length, ...extra });
  const upload = (k: SystemKeys, id: string, content: Buffer, extra: Record<string, unknown> = {}) =>
    signed(p, k, 'PUT', `/api/v1/exchanges/${id}/content`, { content: content.toString('base64'), sha256: sha256(content),
      policy: { allowedRecipients: ['000.00.53.H48'], transformAllowed: true }, ...extra });

  beforeAll(async () => {
    p = await startExchangePlatform();
    hooks = await startHooks();
    // A client without the codec sees what the Temporal server stores; one with it reads results.
    raw = new Client({ connection: await Connection.connect({ address: inject('temporalAddress') }) });
    decoding = new Client({ connection: raw.connection, dataConverter: { payloadCodecs: [p.codec] } });
    src = await registerSystem(p, { code: 'motcua-h48', agencyCode: '000.00.00.H48', allowedDestinations: ['*'] });
    dst = await registerSystem(p, { code: 'qlvb-so-tp', agencyCode: '000.00.53.H48' });
    down = await registerSystem(p, { code: 'qlvb-so-yt', agencyCode: '000.00.53.H48' });
    parked = await registerSystem(p, { code: 'qlvb-tam-dung', agencyCode: '000.00.54.H48' });
    await setCallback('motcua-h48', `${hooks.url}/motcua`);
    await setCallback('qlvb-so-tp', `${hooks.url}/so-tp`);
    await setCallback('qlvb-so-yt', `${hooks.url}/so-yt`);
    // Suspend one system: an operator asks, the admin approves.
    const op = await operatorToken(p);
    const req = await p.requestAs(op, 'POST', '/api/v1/systems/qlvb-tam-dung/requests', { kind: 'suspend', reason: 'bảo trì' });
    expect(req.status).toBe(200);
    expect((await p.request('POST', `/api/v1/system-requests/${req.body.id}/approve`, { note: 'ok' })).status).toBe(200);
  });
  afterAll(async () => {
    await raw?.connection.close();
    await hooks?.close();
    await p?.stop();
  });

  it('walks all eight steps with signed requests; after the acknowledgement the content is gone everywhere and the history stays', async () => {
    const content = Buffer.from(JSON.stringify(dossier), 'utf8');

    // Steps 1–3: request, validation, space.
    const created = await create(src, 'qlvb-so-tp', content, { priority: 'urgent', protocol: 'edxml' });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ status: 'space_allocated', source: { system: 'motcua-h48' }, destination: { system: 'qlvb-so-tp', agency: '000.00.53.H48' },
      upload: { path: `/api/v1/exchanges/${created.body.exchangeId}/content`, maxBytes: 64 * 1024 } });
    const id = created.body.exchangeId as string;

    // Step 4: content and policy.
    const up = await upload(src, id, content);
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ status: 'uploaded', uploaded: { size: content.length, sha256: sha256(content) } });

    // Step 5: analysed, converted to edXML (the destination's protocol), notified by a signed webhook.
    const notified = await statusIs(src, id, 'notified', 'destination_connected');
    expect(notified.delivered).toMatchObject({ transformed: true, contentType: 'application/edxml+xml' });
    const hook = await until<Hook>('the webhook', async () => hooks.received.find((h) => h.path === '/so-tp' && h.body.includes(id) && h.answered === 204));
    expect(hookSignatureValid(hook, dst.secretKey)).toBe(true);
    expect(hook.headers['x-lt-key-id']).toBe(dst.accessKeyId);
    expect(JSON.parse(hook.body)).toMatchObject({ event: 'exchange.available', exchangeId: id, source: 'motcua-h48', priority: 'urgent', sha256: notified.delivered.sha256 });
    expect(hook.body).not.toContain(SECRET);

    // Step 6: the destination lists its inbox.
    const inbox = await signed(p, dst, 'GET', '/api/v1/exchanges/inbox');
    expect(inbox.status).toBe(200);
    expect(inbox.body.map((e: { exchangeId: string }) => e.exchangeId)).toContain(id);
    expect(inbox.body.find((e: { exchangeId: string }) => e.exchangeId === id).status).toBe('destination_connected');

    // Step 7: ready; the platform says where to fetch.
    const ready = await signed(p, dst, 'POST', `/api/v1/exchanges/${id}/ready`);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', fetch: { path: `/api/v1/exchanges/${id}/content`, sha256: notified.delivered.sha256 } });

    // Step 8: fetch with checksum, acknowledge.
    const fetched = await signed(p, dst, 'GET', ready.body.fetch.path);
    expect(fetched.status).toBe(200);
    const bytes = Buffer.from(fetched.body.content, 'base64');
    expect(sha256(bytes)).toBe(fetched.body.sha256);
    expect(fetched.body.sha256).toBe(ready.body.fetch.sha256);
    expect(fetched.body.contentType).toBe('application/edxml+xml');
    expect(JSON.parse(edxmlToJson(bytes).toString('utf8'))).toEqual(dossier);
    const ack = await signed(p, dst, 'POST', `/api/v1/exchanges/${id}/ack`, { sha256: fetched.body.sha256 });
    expect(ack.status).toBe(200);
    expect(ack.body.status).toBe('delivered');

    // The platform records the final status and deletes the content.
    const purged = await statusIs(src, id, 'content_purged');
    expect(purged.history.map((h: { status: string }) => h.status)).toEqual(
      ['connected', 'space_allocated', 'uploaded', 'notified', 'destination_connected', 'ready', 'delivered', 'content_purged']);
    expect(purged).toMatchObject({ uploaded: { sha256: sha256(content), size: content.length }, delivered: { sha256: fetched.body.sha256 } });
    expect(purged.purgedAt).not.toBeNull();

    // Nobody can fetch it any more.
    const gone = await signed(p, dst, 'GET', `/api/v1/exchanges/${id}/content`);
    expect([gone.status, gone.body.error.code]).toEqual([410, 'EXCHANGE_CONTENT_GONE']);
    // Fetching is the destination system's step: a person is refused before anything is looked up.
    const person = await p.request('GET', `/api/v1/exchanges/${id}/content`);
    expect([person.status, person.body.error.code]).toEqual([403, 'ACCESS_SYSTEMS_ONLY']);
    expect(await rowsLeft(id)).toEqual({ contents: 0, keys: 0 });

    // The Temporal history holds no clear content, stored or decoded with the platform's own codec.
    await decoding.workflow.getHandle(`exchange-${id}`).result();
    const handle = raw.workflow.getHandle(`exchange-${id}`);
    const history = await handle.fetchHistory();
    const stored = JSON.stringify(history);
    const decoded = await decodedPayloads(history, p.codec);
    expect(decoded).toContain(id); // the decoding worked: the payloads name the exchange…
    for (const text of [stored, decoded]) { // …and never its content
      for (const needle of [SECRET, Buffer.from(SECRET).toString('base64'), content.toString('base64').slice(8, 40), dossier.soDinhDanh]) expect(text).not.toContain(needle);
    }

    // The audit history still shows the exchange, step by step.
    const audit = await p.request('GET', '/api/v1/audit?limit=2000');
    const actions = (audit.body as { action: string; detail: { exchangeId?: string } }[]).filter((r) => r.detail.exchangeId === id).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['exchange.create', 'exchange.upload', 'exchange.notify', 'exchange.webhook', 'exchange.destination_connected',
      'exchange.ready', 'exchange.fetch', 'exchange.acknowledge', 'exchange.purge', 'exchange.source_told']));
    // And the source was told how it ended.
    await until('the source told', async () => hooks.received.find((h) => h.path === '/motcua' && h.body.includes(id) && JSON.parse(h.body).event === 'exchange.status'));
  });

  it('a destination whose webhook is down delays delivery but loses nothing', async () => {
    hooks.down.add('/so-yt');
    const content = Buffer.from(JSON.stringify({ ...dossier, maHoSo: '000.00.53.H48-260115-0100' }), 'utf8');
    const id = (await create(src, 'qlvb-so-yt', content)).body.exchangeId as string;
    expect((await upload(src, id, content)).status).toBe(200);
    // Refused again and again, with an alert for operators, while the exchange waits…
    await until('three refused notifications', async () => hooks.received.filter((h) => h.path === '/so-yt' && h.body.includes(id) && h.answered === 503).length >= 3);
    const waiting = await view(src, id);
    expect(waiting.status).toBe('notified');
    expect(waiting.notification).toMatchObject({ lastError: 'EXCHANGE_WEBHOOK_REFUSED', deliveredAt: null });
    const alerts = await p.request('GET', '/api/v1/exchanges/alerts');
    expect(alerts.body.find((a: { exchangeId: string; kind: string }) => a.exchangeId === id)).toMatchObject({ kind: 'notification_retrying', systemCode: 'qlvb-so-yt' });
    // …until the destination is back: the notice arrives and the content is intact.
    hooks.down.delete('/so-yt');
    await until('the delivered notification', async () => (await view(src, id)).notification.deliveredAt);
    expect(hooks.received.some((h) => h.path === '/so-yt' && h.body.includes(id) && h.answered === 204)).toBe(true);
    expect((await signed(p, down, 'POST', `/api/v1/exchanges/${id}/ready`)).status).toBe(200);
    const fetched = await signed(p, down, 'GET', `/api/v1/exchanges/${id}/content`);
    expect(Buffer.from(fetched.body.content, 'base64').equals(content)).toBe(true); // protocol json: passed through unchanged
    expect((await signed(p, down, 'POST', `/api/v1/exchanges/${id}/ack`, { sha256: sha256(content) })).body.status).toBe('delivered');
    await statusIs(src, id, 'content_purged');
  });

  it('an exchange not acknowledged by its deadline expires: alert, content deleted, the source told', async () => {
    const content = Buffer.from('{"ping":true}', 'utf8');
    const created = await create(src, 'qlvb-so-tp', content, { deadline: new Date(Date.now() + 6_000).toISOString() });
    const id = created.body.exchangeId as string;
    expect((await upload(src, id, content)).status).toBe(200);
    await statusIs(src, id, 'notified', 'destination_connected');
    const expired = await statusIs(src, id, 'expired');
    expect(expired.code).toBe('EXCHANGE_EXPIRED');
    expect(expired.history.map((h: { status: string }) => h.status)).toEqual(['connected', 'space_allocated', 'uploaded', 'notified', 'expired']);
    const told = await until<Hook>('the source told', async () => hooks.received.find((h) => h.path === '/motcua' && h.body.includes(id) && JSON.parse(h.body).status === 'expired'));
    expect(hookSignatureValid(told, src.secretKey)).toBe(true);
    const alerts = await p.request('GET', '/api/v1/exchanges/alerts');
    expect(alerts.body.find((a: { exchangeId: string; kind: string }) => a.exchangeId === id && a.kind === 'expired')).toMatchObject({ systemCode: 'qlvb-so-tp' });
    const srcAlerts = await signed(p, src, 'GET', '/api/v1/exchanges/alerts');
    expect(srcAlerts.body.some((a: { exchangeId: string; kind: string }) => a.exchangeId === id && a.kind === 'expired')).toBe(true);
    const late = await signed(p, dst, 'GET', `/api/v1/exchanges/${id}/content`);
    expect([late.status, late.body.error.code]).toEqual([410, 'EXCHANGE_CONTENT_GONE']);
    await until('content and key deleted', async () => { const r = await rowsLeft(id); return r.contents === 0 && r.keys === 0; });
  });

  it('refuses an unknown or suspended recipient, an oversized or altered upload and a policy against the recipient, each with its own code, storing nothing', async () => {
    const content = Buffer.from(JSON.stringify(dossier), 'utf8');
    const ids: string[] = [];
    const refusals: Record<string, [number, string]> = {};
    const note = (name: string, r: { status: number; body: { error: { code: string } } }) => { refusals[name] = [r.status, r.body.error.code]; };

    note('unknownRecipient', await create(src, 'khong-ton-tai', content));
    note('suspendedRecipient', await create(src, 'qlvb-tam-dung', content));
    note('suspendedSource', await create(parked, 'qlvb-so-tp', content));
    note('declaredTooLarge', await create(src, 'qlvb-so-tp', content, { size: 64 * 1024 + 1 }));
    const big = Buffer.alloc(64 * 1024 + 10, 0x41);
    const a = await create(src, 'qlvb-so-tp', content);
    ids.push(a.body.exchangeId);
    note('uploadTooLarge', await upload(src, a.body.exchangeId, big));
    const b = await create(src, 'qlvb-so-tp', content);
    ids.push(b.body.exchangeId);
    note('checksumMismatch', await upload(src, b.body.exchangeId, content, { sha256: sha256('something else') }));
    const c = await create(src, 'qlvb-so-tp', content);
    ids.push(c.body.exchangeId);
    note('policyForbids', await upload(src, c.body.exchangeId, content, { policy: { allowedRecipients: ['000.00.00.H41'] } }));

    expect(refusals).toEqual({
      unknownRecipient: [404, 'EXCHANGE_RECIPIENT_UNKNOWN'],
      suspendedRecipient: [409, 'EXCHANGE_RECIPIENT_SUSPENDED'],
      suspendedSource: [403, 'AUTH_SYSTEM_SUSPENDED'],
      declaredTooLarge: [413, 'EXCHANGE_TOO_LARGE'],
      uploadTooLarge: [413, 'EXCHANGE_TOO_LARGE'],
      checksumMismatch: [400, 'EXCHANGE_CHECKSUM_MISMATCH'],
      policyForbids: [403, 'EXCHANGE_POLICY_FORBIDS_RECIPIENT'],
    });
    // The refused uploads ended their exchanges as `rejected` with the code, and nothing of them is stored.
    const rows = await p.db.db.select().from(exchanges).where(inArray(exchanges.id, ids));
    expect(rows.map((r) => [r.status, r.code]).sort()).toEqual([['rejected', 'EXCHANGE_CHECKSUM_MISMATCH'], ['rejected', 'EXCHANGE_POLICY_FORBIDS_RECIPIENT'], ['rejected', 'EXCHANGE_TOO_LARGE']]);
    expect(rows.every((r) => r.size === null && r.sha256 === null)).toBe(true);
    const rejectedAtRequest = await p.db.db.select().from(exchanges).where(eq(exchanges.status, 'rejected'));
    expect(rejectedAtRequest.map((r) => r.code)).toEqual(expect.arrayContaining(['EXCHANGE_RECIPIENT_UNKNOWN', 'EXCHANGE_RECIPIENT_SUSPENDED', 'EXCHANGE_TOO_LARGE']));
    for (const r of rejectedAtRequest) expect(await rowsLeft(r.id)).toEqual({ contents: 0, keys: 0 });
    // Their workflows end too.
    for (const id of ids) expect((await decoding.workflow.getHandle(`exchange-${id}`).result()).status).toBe('rejected');
  });

  it('the inbox long-polls, lists urgent exchanges first, and a refusal with a reason deletes the content', async () => {
    const waiting = signed(p, down, 'GET', '/api/v1/exchanges/inbox?wait=20s'); // nothing there yet: the call waits
    const normal = Buffer.from('{"loai":"thuong"}', 'utf8');
    const urgent = Buffer.from('{"loai":"khan"}', 'utf8');
    const n1 = (await create(src, 'qlvb-so-yt', normal)).body.exchangeId as string;
    expect((await upload(src, n1, normal)).status).toBe(200);
    const first = await waiting;
    expect(first.status).toBe(200);
    expect(first.body.map((e: { exchangeId: string }) => e.exchangeId)).toEqual([n1]);
    const u1 = (await create(src, 'qlvb-so-yt', urgent, { priority: 'urgent' })).body.exchangeId as string;
    expect((await upload(src, u1, urgent)).status).toBe(200);
    await statusIs(src, u1, 'notified');
    const inbox = await signed(p, down, 'GET', '/api/v1/exchanges/inbox');
    expect(inbox.body.map((e: { exchangeId: string; priority: string }) => [e.exchangeId, e.priority])).toEqual([[u1, 'urgent'], [n1, 'normal']]);

    const refused = await signed(p, down, 'POST', `/api/v1/exchanges/${n1}/refuse`, { code: 'SAI_DON_VI_NHAN', reason: 'Hồ sơ không thuộc thẩm quyền' });
    expect(refused.body).toMatchObject({ status: 'refused_by_destination', code: 'SAI_DON_VI_NHAN', reason: 'Hồ sơ không thuộc thẩm quyền' });
    const gone = await signed(p, down, 'GET', `/api/v1/exchanges/${n1}/content`);
    expect([gone.status, gone.body.error.code]).toEqual([410, 'EXCHANGE_CONTENT_GONE']);
    expect(await rowsLeft(n1)).toEqual({ contents: 0, keys: 0 });
    await until('the source told of the refusal', async () => hooks.received.find((h) => h.path === '/motcua' && h.body.includes(n1) && JSON.parse(h.body).status === 'refused_by_destination'));

    // Another system sees neither the exchange nor its content; an acknowledgement with the wrong hash is refused.
    expect((await signed(p, dst, 'GET', `/api/v1/exchanges/${u1}`)).body.error.code).toBe('EXCHANGE_NOT_FOUND');
    expect((await signed(p, dst, 'GET', `/api/v1/exchanges/${u1}/content`)).body.error.code).toBe('EXCHANGE_NOT_FOUND');
    expect((await signed(p, down, 'POST', `/api/v1/exchanges/${u1}/ready`)).status).toBe(200);
    expect((await signed(p, down, 'GET', `/api/v1/exchanges/${u1}/content`)).status).toBe(200);
    const wrong = await signed(p, down, 'POST', `/api/v1/exchanges/${u1}/ack`, { sha256: sha256('not it') });
    expect([wrong.status, wrong.body.error.code]).toEqual([400, 'EXCHANGE_ACK_CHECKSUM_MISMATCH']);
    expect((await signed(p, down, 'POST', `/api/v1/exchanges/${u1}/ack`, { sha256: sha256(urgent) })).body.status).toBe('delivered');
    await statusIs(src, u1, 'content_purged');
  });

  it('statistics by source, destination, data type, status and day, with last connection per system and failed deliveries', async () => {
    const s = await p.request('GET', '/api/v1/exchanges/stats');
    expect(s.status).toBe(200);
    const count = (list: { key: string; count: number }[], key: string) => list.find((g) => g.key === key)?.count ?? 0;
    expect(count(s.body.bySource, 'motcua-h48')).toBeGreaterThanOrEqual(9);
    expect(count(s.body.byDestination, 'qlvb-so-tp')).toBeGreaterThanOrEqual(6);
    expect(count(s.body.byDataType, 'ho-so-tthc')).toBeGreaterThanOrEqual(9);
    expect(count(s.body.byStatus, 'content_purged')).toBe(3);
    expect(count(s.body.byStatus, 'refused_by_destination')).toBe(1);
    expect(count(s.body.byStatus, 'expired')).toBe(1);
    expect(s.body.byDay.length).toBeGreaterThanOrEqual(1);
    expect(s.body.systems.find((x: { code: string }) => x.code === 'motcua-h48').lastSeenAt).not.toBeNull();
    expect(s.body.failedDeliveries.some((f: { status: string; destination: string }) => f.status === 'expired' && f.destination === 'qlvb-so-tp')).toBe(true);
    // Systems do not read the province's statistics.
    expect((await signed(p, src, 'GET', '/api/v1/exchanges/stats')).body.error.code).toBe('ACCESS_OPERATION_NOT_ALLOWED');
  });
});
