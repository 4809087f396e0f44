import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The platform's own exchange service is this connector's counterpart: start it whole (real Temporal, DB, API).
import { startTestPlatform, type TestPlatform } from '../../../../../../test/helpers/platform.js';
import { registerSystem, type SystemKeys } from '../../../../../../test/helpers/agency.js';
import { createHttpClient } from '../../../sdk/http.js';
import type { ConnectorDeps, Credential } from '../../../sdk/types.js';
import { exchangeSend } from './index.js';

describe('lgsp:exchange:send against the platform exchange service', () => {
  let p: TestPlatform;
  let src: SystemKeys;
  let deps: ConnectorDeps;
  const call = (input: Record<string, unknown>, key: string) => exchangeSend.createActivity(deps)({ input, credentialId: 'motcua', idempotencyKey: key, nodeId: 'send' });

  beforeAll(async () => {
    p = await startTestPlatform();
    src = await registerSystem(p, { code: 'motcua-h48', agencyCode: '000.00.00.H48', allowedDestinations: ['*'] });
    await registerSystem(p, { code: 'qlvb-so-tp', agencyCode: '000.00.53.H48' });
    const cred: Credential = { type: 'lienthong-system', baseUrl: p.apiUrl, accessKeyId: src.accessKeyId, secretKey: src.secretKey };
    deps = { http: createHttpClient(), clock: () => new Date(), credentials: { resolve: async () => cred } };
  });
  afterAll(async () => { await p?.stop(); });

  it.each(exchangeSend.examples)('example: $name', async (ex) => {
    const out = await call(ex.input, `run-ex/${ex.name}`);
    expect(out).toMatchObject(ex.output ?? {});
  });

  it('a retried step (same key) creates no second exchange and uploads nothing twice', async () => {
    const input = { recipient: 'qlvb-so-tp', subject: 'Hồ sơ gửi lại', dataType: 'ho-so-tthc', content: { maHoSo: '000.00.53.H48-260115-0100' }, allowedRecipients: ['000.00.53.H48'] };
    const first = await call(input, 'run-retry/send') as { exchangeId: string };
    const again = await call(input, 'run-retry/send') as { exchangeId: string; status: string };
    expect(again.exchangeId).toBe(first.exchangeId);
    expect(again.status).not.toBe('space_allocated');
    const mine = await p.request('GET', `/api/v1/exchanges/${first.exchangeId}`);
    expect(mine.body.status).not.toBe('space_allocated');
  });

  it('an unknown recipient is a non-retryable rejection that keeps the remote code', async () => {
    const err = await call({ recipient: 'khong-co', subject: 'x', dataType: 'y', content: {}, allowedRecipients: ['000.00.53.H48'] }, 'run-bad/send').catch((e: unknown) => e) as { code: string; params: Record<string, unknown>; retryable: boolean };
    expect(err.code).toBe('CONNECTOR_REJECTED');
    expect(err.params.remoteCode).toBe('EXCHANGE_RECIPIENT_UNKNOWN');
    expect(err.retryable).toBe(false);
  });
});
