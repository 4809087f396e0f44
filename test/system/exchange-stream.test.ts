import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchangeContents, exchangeKeys, exchanges } from '@lienthong/db';
import { curl, registerSystem, sdkSigned, type SystemKeys } from '../helpers/agency.js';
import { sha256, signed, startExchangePlatform, until } from './exchange-helpers.js';

// Streamed uploads take content up to LT_EXCHANGE_MAX_BYTES (8 MiB here); a JSON upload stays within its own cap.
const LIMIT = 8 * 1024 * 1024;
process.env.LT_EXCHANGE_MAX_BYTES = String(LIMIT);
delete process.env.LT_EXCHANGE_JSON_MAX_BYTES;

describe('data exchange: streamed upload of raw content (size-limited, checksummed, signed)', () => {
  let p: Awaited<ReturnType<typeof startExchangePlatform>>;
  let src: SystemKeys;
  let dst: SystemKeys;
  let dir: string;
  let n = 0;

  const create = async (size: number, extra: Record<string, unknown> = {}) => {
    const r = await signed(p, src, 'POST', '/api/v1/exchanges', { recipient: 'qlvb-so-xd', subject: `Bản vẽ thiết kế số ${++n}`, priority: 'normal', dataType: 'ban-ve', protocol: 'binary', size, ...extra });
    expect(r.status).toBe(200);
    return r.body as { exchangeId: string; upload: { path: string; maxBytes: number; jsonMaxBytes: number } };
  };
  const file = async (bytes: Buffer) => {
    const f = join(dir, `body-${n}-${randomBytes(4).toString('hex')}.bin`);
    await writeFile(f, bytes);
    return f;
  };
  /** `curl --aws-sigv4 -X PUT -H 'content-type: application/octet-stream' -H 'x-amz-content-sha256: …' --data-binary @file`, as an agency would. */
  const put = (id: string, dataFile: string, o: { hash?: string | null; query?: string; headers?: Record<string, string> } = {}) =>
    curl(`${p.apiUrl}/api/v1/exchanges/${id}/content?${o.query ?? 'allowedRecipients=qlvb-so-xd'}`, {
      user: `${src.accessKeyId}:${src.secretKey}`, method: 'PUT', dataFile,
      headers: { 'content-type': 'application/octet-stream', ...(o.hash === null ? {} : { 'x-amz-content-sha256': o.hash as string }), ...o.headers },
    });
  const stored = async (id: string) => ({
    contents: (await p.db.db.select().from(exchangeContents).where(eq(exchangeContents.exchangeId, id))).length,
    keys: (await p.db.db.select().from(exchangeKeys).where(eq(exchangeKeys.exchangeId, id))).length,
  });
  const rowOf = async (id: string) => (await p.db.db.select().from(exchanges).where(eq(exchanges.id, id)))[0];

  beforeAll(async () => {
    p = await startExchangePlatform();
    dir = await mkdtemp(join(tmpdir(), 'lt-exchange-stream-'));
    src = await registerSystem(p, { code: 'motcua-h48', agencyCode: '000.00.00.H48', allowedDestinations: ['*'] });
    dst = await registerSystem(p, { code: 'qlvb-so-xd', agencyCode: '000.00.53.H48' });
  });
  afterAll(async () => {
    await p?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a multi-megabyte file uploaded with curl --aws-sigv4 --data-binary round-trips to the destination, raw or base64, with its checksum', async () => {
    const content = randomBytes(5 * 1024 * 1024 + 123);
    const created = await create(content.length);
    expect(created.upload).toMatchObject({ maxBytes: LIMIT, jsonMaxBytes: 512 * 1024 });
    const up = await put(created.exchangeId, await file(content), { hash: sha256(content), query: 'allowedRecipients=qlvb-so-xd,000.00.53.H48&transformAllowed=false&contentType=application/pdf' });
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ status: 'uploaded', uploaded: { size: content.length, sha256: sha256(content), contentType: 'application/pdf' },
      policy: { allowedRecipients: ['qlvb-so-xd', '000.00.53.H48'], transformAllowed: false } });

    // The destination takes it as usual: ready, fetch (checksum checked again on the way out), acknowledge.
    const id = created.exchangeId;
    await until('notified', async () => ['notified', 'destination_connected'].includes((await signed(p, src, 'GET', `/api/v1/exchanges/${id}`)).body.status));
    const ready = await signed(p, dst, 'POST', `/api/v1/exchanges/${id}/ready`);
    expect(ready.body.fetch).toMatchObject({ size: content.length, sha256: sha256(content), contentType: 'application/pdf' });
    // Raw bytes back (Accept: application/octet-stream), the checksum in a header.
    const raw = await sdkSigned(p.apiUrl, dst, 'GET', ready.body.fetch.path, undefined, { headers: { accept: 'application/octet-stream' } });
    const fetched = await fetch(raw.url, raw.init);
    expect([fetched.status, fetched.headers.get('content-type'), fetched.headers.get('x-checksum-sha256')]).toEqual([200, 'application/pdf', sha256(content)]);
    const bytes = Buffer.from(await fetched.arrayBuffer());
    expect(bytes.equals(content)).toBe(true);
    // The JSON form answers the same content, base64.
    const json = await signed(p, dst, 'GET', ready.body.fetch.path);
    expect([json.body.sha256, Buffer.from(json.body.content, 'base64').equals(content)]).toEqual([sha256(content), true]);
    expect((await signed(p, dst, 'POST', `/api/v1/exchanges/${id}/ack`, { sha256: sha256(bytes) })).body.status).toBe('delivered');
    await until('content purged', async () => (await rowOf(id))?.status === 'content_purged');
    expect(await stored(id)).toEqual({ contents: 0, keys: 0 });
    const again = await sdkSigned(p.apiUrl, dst, 'GET', ready.body.fetch.path, undefined, { headers: { accept: 'application/octet-stream' } });
    const gone = await fetch(again.url, again.init);
    expect([gone.status, ((await gone.json()) as { error: { code: string } }).error.code]).toEqual([410, 'EXCHANGE_CONTENT_GONE']);
  });

  it('content over the limit is refused with 413 EXCHANGE_TOO_LARGE, announced or found while streaming, and nothing is stored', async () => {
    const big = randomBytes(LIMIT + 1024 * 1024);
    const bigFile = await file(big);
    // Content-Length says it before a byte is read.
    const a = await create(LIMIT);
    const announced = await put(a.exchangeId, bigFile, { hash: sha256(big) });
    // Sent chunked (no length): counted while streaming and refused once past the limit.
    const b = await create(LIMIT);
    const streamed = await put(b.exchangeId, bigFile, { hash: sha256(big), headers: { 'transfer-encoding': 'chunked' } });
    for (const [r, id] of [[announced, a.exchangeId], [streamed, b.exchangeId]] as const) {
      expect([r.status, r.body.error.code]).toEqual([413, 'EXCHANGE_TOO_LARGE']);
      expect(r.body.error.message.vi).toContain('vượt quá giới hạn');
      expect(r.body.error.where).toEqual({ field: 'content' });
      expect(await rowOf(id)).toMatchObject({ status: 'rejected', code: 'EXCHANGE_TOO_LARGE', size: null, sha256: null });
      expect(await stored(id)).toEqual({ contents: 0, keys: 0 });
    }
    // Announced: refused at the declared length; chunked: refused as soon as the count passed the limit, the rest never read.
    const refusedAt = (r: typeof announced) => Number(/package of (\d+) bytes/.exec(r.body.error.message.en)?.[1]);
    expect(refusedAt(announced)).toBe(big.length);
    expect(refusedAt(streamed)).toBeGreaterThan(LIMIT);
    expect(refusedAt(streamed)).toBeLessThan(big.length);
    // The API still answers on a new connection after refusing mid-stream.
    expect((await signed(p, src, 'GET', `/api/v1/exchanges/${b.exchangeId}`)).status).toBe(200);
  });

  it('a body whose SHA-256 is not the signed x-amz-content-sha256 is refused with EXCHANGE_CHECKSUM_MISMATCH and nothing is stored', async () => {
    const content = randomBytes(2 * 1024 * 1024);
    const c = await create(content.length);
    const r = await put(c.exchangeId, await file(content), { hash: sha256('a different document') });
    expect([r.status, r.body.error.code]).toEqual([400, 'EXCHANGE_CHECKSUM_MISMATCH']);
    expect(r.body.error.message).toEqual({ vi: expect.stringContaining('Mã băm SHA-256'), en: expect.stringContaining('SHA-256') });
    expect(await rowOf(c.exchangeId)).toMatchObject({ status: 'rejected', code: 'EXCHANGE_CHECKSUM_MISMATCH', size: null, sha256: null });
    expect(await stored(c.exchangeId)).toEqual({ contents: 0, keys: 0 });
  });

  it('without x-amz-content-sha256 the body is not covered by the signature: refused before reading it, and the space stays', async () => {
    const content = randomBytes(64 * 1024);
    const c = await create(content.length);
    const r = await put(c.exchangeId, await file(content), { hash: null });
    expect([r.status, r.body.error.code]).toEqual([401, 'AUTH_MALFORMED']);
    expect(r.body.error.message.en).toContain('x-amz-content-sha256');
    expect(await rowOf(c.exchangeId)).toMatchObject({ status: 'space_allocated', size: null });
    expect(await stored(c.exchangeId)).toEqual({ contents: 0, keys: 1 });
    // The same upload, signed with its hash, then goes through.
    const ok = await put(c.exchangeId, await file(content), { hash: sha256(content) });
    expect([ok.status, ok.body.status]).toEqual([200, 'uploaded']);
  });

  it('content too large for a JSON upload but within the limit: 413 for the JSON form, and the space stays for the streamed one', async () => {
    const content = randomBytes(600 * 1024);
    const c = await create(content.length);
    const json = await signed(p, src, 'PUT', `/api/v1/exchanges/${c.exchangeId}/content`, { content: content.toString('base64'), sha256: sha256(content), policy: { allowedRecipients: ['qlvb-so-xd'] } });
    expect(json.status).toBe(413);
    expect((await rowOf(c.exchangeId))?.status).toBe('space_allocated');
    const ok = await put(c.exchangeId, await file(content), { hash: sha256(content) });
    expect([ok.status, ok.body.status, ok.body.uploaded.sha256]).toEqual([200, 'uploaded', sha256(content)]);
    // A policy against the recipient is refused as in the JSON form (nothing read, nothing stored).
    const d = await create(content.length);
    const forbidden = await put(d.exchangeId, await file(content), { hash: sha256(content), query: 'allowedRecipients=000.00.00.H41' });
    expect([forbidden.status, forbidden.body.error.code, forbidden.body.error.where]).toEqual([403, 'EXCHANGE_POLICY_FORBIDS_RECIPIENT', { pointer: '/allowedRecipients' }]);
    expect(await stored(d.exchangeId)).toEqual({ contents: 0, keys: 0 });
  });

  it('a client that disconnects mid-upload leaves nothing stored and the space open for another try', async () => {
    const content = randomBytes(3 * 1024 * 1024);
    const c = await create(content.length);
    const path = `/api/v1/exchanges/${c.exchangeId}/content?allowedRecipients=qlvb-so-xd`;
    const req = await sdkSigned(p.apiUrl, src, 'PUT', path, undefined, { headers: { 'content-type': 'application/octet-stream', 'x-amz-content-sha256': sha256(content), 'content-length': String(content.length) } });
    // Half the body, then the connection drops.
    const u = new URL(req.url);
    const cut = request({ host: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, method: 'PUT', headers: req.init.headers });
    cut.on('error', () => undefined);
    await new Promise<void>((r) => cut.write(content.subarray(0, content.length / 2), () => r()));
    cut.destroy();
    // Nothing of the half is kept: the space is still open, and the source's second try is what is stored.
    expect((await rowOf(c.exchangeId))?.status).toBe('space_allocated');
    const ok = await put(c.exchangeId, await file(content), { hash: sha256(content) });
    expect([ok.status, ok.body.status, ok.body.uploaded.sha256]).toEqual([200, 'uploaded', sha256(content)]);
    const rows = await p.db.db.select().from(exchangeContents).where(eq(exchangeContents.exchangeId, c.exchangeId));
    expect(rows.map((r) => [r.size, r.sha256])).toEqual([[content.length, sha256(content)]]);
  });

  it('the OpenAPI document describes both forms of the upload and of the fetch', async () => {
    const doc = (await p.request('GET', '/api/v1/openapi.json')).body;
    const op = doc.paths['/api/v1/exchanges/{exchangeId}/content'].put;
    expect(Object.keys(op.requestBody.content).sort()).toEqual(['application/json', 'application/octet-stream']);
    expect(Object.keys(doc.paths['/api/v1/exchanges/{exchangeId}/content'].get.responses['200'].content).sort()).toEqual(['application/json', 'application/octet-stream']);
    expect(op.parameters.map((x: { name: string }) => x.name)).toEqual(expect.arrayContaining(['exchangeId', 'allowedRecipients', 'x-amz-content-sha256']));
    expect(op.responses['413']).toBeDefined();
  });
});
