/**
 * Issue 17: a connection's calls-per-minute limit holds across workers (two resolvers stand for two worker processes on
 * one database), a step over the limit gets a retryable CONNECTOR_RATE_LIMITED once its wait is spent, and a flow's
 * grant still decides. Also what a connection refuses at the door: bad PEMs, a reserved field, a URL with an account.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LtError } from '@lienthong/errors';
import { createCredentialStore, masterKeyFrom, type DbHandle } from '@lienthong/db';
import { createConnectionResolver, createConnectionStore, createRequestLimits, type ConnectionStore } from '@lienthong/services';
import { freshDatabase } from '../helpers/database.js';

describe('connections: the shared rate limit and what is refused', () => {
  let db: DbHandle;
  let store: ConnectionStore;
  const none = { resolve: () => Promise.reject(new LtError('CONNECTOR_CREDENTIAL_NOT_FOUND', { credentialId: 'x' })) };

  beforeAll(async () => {
    db = await freshDatabase();
    const mk = masterKeyFrom(randomBytes(32).toString('base64'));
    store = createConnectionStore(db.db, mk);
    await store.create({ id: 'bao-cao', name: 'Hệ thống báo cáo', family: 'reporting-national', environment: 'test', endpoint: 'https://baocao.chinhphu.vn',
      ratePerMinute: 3, secrets: { credential: { apiKey: 'khoa-bi-mat-3f9a', provinceCode: '51' } } }, 'test');
    await createCredentialStore(db.db, mk).grant('bao-cao', ['tong-hop'], 'test');
  });
  afterAll(async () => { await db?.close(); });

  it('three calls a minute across two workers: the fourth waits, then is refused with a retryable CONNECTOR_RATE_LIMITED', async () => {
    const worker = () => createConnectionResolver({ store, limits: createRequestLimits(db.db), fallback: none, maxWaitMs: 0 });
    const [a, b] = [worker(), worker()];
    const use = { flowKey: 'tong-hop' };
    expect(await a.resolve('bao-cao', use)).toMatchObject({ type: 'reporting-national', apiKey: 'khoa-bi-mat-3f9a', baseUrl: 'https://baocao.chinhphu.vn' });
    await b.resolve('bao-cao', use);
    await a.resolve('bao-cao', use);
    const refused = await b.resolve('bao-cao', use).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LtError);
    expect(refused).toMatchObject({ code: 'CONNECTOR_RATE_LIMITED', retryable: true });
  });

  it('a flow not granted the connection is refused before any slot is taken; a plain credential id falls through', async () => {
    const r = createConnectionResolver({ store, limits: createRequestLimits(db.db), fallback: none, maxWaitMs: 0 });
    await expect(r.resolve('bao-cao', { flowKey: 'luong-khac' })).rejects.toMatchObject({ code: 'CREDENTIAL_NOT_GRANTED' });
    await expect(r.resolve('khong-phai-ket-noi', { flowKey: 'tong-hop' })).rejects.toMatchObject({ code: 'CONNECTOR_CREDENTIAL_NOT_FOUND' });
  });

  it('refuses what cannot work, with where: a PEM that is none, a reserved field, an account in the endpoint, a bad proxy, a taken id', async () => {
    const base = { id: 'thu', name: 'Thử', family: 'ioc', environment: 'test' as const, endpoint: 'https://ioc.quangngai.gov.vn' };
    const cases: [Parameters<ConnectionStore['create']>[0], string][] = [
      [{ ...base, secrets: { caCert: 'không phải PEM' } }, '/secrets/caCert'],
      [{ ...base, secrets: { clientCert: 'x' } }, '/secrets/clientKey'],
      [{ ...base, secrets: { credential: { baseUrl: 'https://khac' } } }, '/secrets/credential/baseUrl'],
      [{ ...base, endpoint: 'https://user:pw@ioc.quangngai.gov.vn' }, '/endpoint'],
      [{ ...base, secrets: { proxyUrl: 'socks5://proxy:1080' } }, '/secrets/proxyUrl'],
      [{ ...base, ratePerMinute: 0 }, '/ratePerMinute'],
    ];
    for (const [input, pointer] of cases) {
      const err = await store.create(input, 'test').catch((e: unknown) => e);
      expect(err, pointer).toMatchObject({ code: 'CONNECTION_INVALID', where: { pointer } });
    }
    await expect(store.create({ ...base, id: 'bao-cao' }, 'test')).rejects.toMatchObject({ code: 'CONNECTION_EXISTS' });
    expect((await store.list()).map((c) => c.id)).toEqual(['bao-cao']);
  });
});
