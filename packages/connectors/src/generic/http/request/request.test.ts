import { describe, expect, it } from 'vitest';
import { simAccounts } from '@lienthong/simulators';
import { outboundKey } from '../../../sdk/idempotency.js';
import { exampleTests, faultTests, noSecretLeakTest, useHarness } from '../../../testing/harness.js';
import { httpRequest } from './index.js';

const post = { method: 'POST', path: '/echo/open/write', bodyType: 'json', body: { a: 1 } };

describe('generic:http:request', () => {
  const h = useHarness();
  exampleTests(h, httpRequest);
  faultTests(h, { mod: httpRequest, input: post, operation: 'generic.echo' });

  it.each([
    ['api key in a header', 'http-apikey', 'apikey'],
    ['api key in the query', 'http-apikey-query', 'apikey'],
    ['basic', 'http-basic', 'basic'],
    ['bearer', 'http-bearer', 'bearer'],
    ['OAuth2 client credentials', 'http-oauth', 'oauth'],
    ['Liên Thông HMAC signing', 'http-hmac', 'hmac'],
  ])('authentication: %s', async (_name, credentialId, kind) => {
    const out = await h().run(httpRequest, { method: 'POST', path: `/echo/${kind}/x`, bodyType: 'json', body: { ok: true } }, { credentialId });
    expect(out).toMatchObject({ status: 200, body: { body: { ok: true } } });
  });

  it('OAuth2: the token is reused, and a revoked token is replaced once', async () => {
    const tokenCalls = () => h().sim.counters.snapshot()['generic.token']?.calls ?? 0;
    await h().run(httpRequest, { method: 'GET', path: '/echo/oauth/a' }, { credentialId: 'http-oauth' });
    const before = tokenCalls();
    await h().run(httpRequest, { method: 'GET', path: '/echo/oauth/b' }, { credentialId: 'http-oauth' });
    expect(tokenCalls()).toBe(before);
    h().sim.state<{ tokens: Map<string, number> }>('generic', () => ({ tokens: new Map() })).tokens.clear();
    await expect(h().run(httpRequest, { method: 'GET', path: '/echo/oauth/c' }, { credentialId: 'http-oauth' })).resolves.toMatchObject({ status: 200 });
    expect(tokenCalls()).toBe(before + 1);
  });

  it('a wrong token is an authentication failure, not retried', async () => {
    const err = await h().fail(httpRequest, { method: 'GET', path: '/echo/bearer/x' }, { credentialId: 'http-wrong' });
    expect(err).toMatchObject({ code: 'CONNECTOR_AUTH_FAILED', retryable: false, params: { remoteCode: 'INVALID_TOKEN' } });
  });

  it('a service that echoes our headers does not leak the secret into the output (masked)', async () => {
    const out = await h().run(httpRequest, { method: 'GET', path: '/echo/open/leaky', headers: { 'X-Trace': 'abc' } }, { credentialId: 'http-bearer' });
    const text = JSON.stringify(out);
    expect(text).toContain('Bearer ***');
    expect(text).not.toContain(simAccounts.generic.bearer);
  });

  it('a failAfterApply 503 followed by the retry applies the write exactly once', async () => {
    h().sim.faults.set('generic.echo', { failAfterApply: true, status: 503, count: 1 });
    await expect(h().run(httpRequest, post, { key: 'run-h/post' })).rejects.toMatchObject({ code: 'CONNECTOR_UNAVAILABLE' });
    await expect(h().run(httpRequest, post, { key: 'run-h/post' })).resolves.toMatchObject({ status: 200 });
    expect(h().sim.counters.times('generic.echo', outboundKey('run-h/post'))).toBe(2);
  });

  it('a reply that is not the JSON it claims is a bad reply', async () => {
    h().sim.faults.set('generic.echo', { malformed: true, count: 1 });
    expect(await h().fail(httpRequest, { method: 'GET', path: '/echo/open/x', responseType: 'json' })).toMatchObject({ code: 'CONNECTOR_BAD_REPLY', retryable: false });
  });

  noSecretLeakTest(h);
});
