/**
 * Done-when 5 of issue 5: no credential value appears in any error (message, JSON, params as the
 * worker forwards them to Temporal) or output. Every connector runs its examples with the right
 * credentials, then again with each secret field replaced by a wrong but equally distinctive
 * secret (so the remote refuses it and the refusal travels back through the connector).
 */
import { describe, expect, it } from 'vitest';
import { LtError } from '@lienthong/errors';
import { allSimSecrets } from '@lienthong/simulators';
import { connectorModules } from './activities.js';
import { secretValues } from './sdk/redact.js';
import { useHarness } from './testing/harness.js';

const WRONG = 'SIMSECRET-wrong-value-4d1c9e';
/** A connection's transport options are secrets too: the proxy's password and the client certificate's key. */
const PROXY_SECRET = 'SIMSECRET-proxy-pw-71be0a';
const KEY_SECRET = 'SIMSECRETclientkey5e2d9';

describe('no credential value leaks', () => {
  const h = useHarness();
  const seen: unknown[] = [];
  const record = async (p: Promise<unknown>) => {
    try {
      seen.push(await p);
    } catch (err) {
      seen.push(err instanceof LtError ? { message: err.message, vi: err.messageVi, json: err.toJSON(), params: err.params } : { message: String(err), stack: (err as Error).stack });
    }
  };

  it.each(connectorModules.map((m) => [m.manifest.id, m] as const))('%s: examples, right and wrong secrets', async (_id, m) => {
    const type = m.manifest.credential;
    const base = type ? h().credentials.get(type) : undefined;
    for (const ex of m.examples) await record(h().run(m, ex.input));
    if (!base) return;
    // The generic connectors' examples address the echo service; the SOAP ones the simulator root.
    const variants = type === 'http' ? ['http-apikey', 'http-basic', 'http-bearer', 'http-oauth', 'http-hmac'].map((id) => h().credentials.get(id)) : [base];
    for (const good of variants) {
      if (!good) continue;
      for (const secret of Object.keys(good).filter((k) => secretValues({ type: good.type, [k]: good[k] }).length > 0)) {
        const id = `leak-${m.manifest.id.replace(/[^a-z0-9]/gi, '-').toLowerCase()}`.slice(0, 60);
        h().credentials.set(id, { ...good, [secret]: `${WRONG}-${secret}` });
        for (const ex of m.examples) await record(h().run(m, ex.input, { credentialId: id }));
      }
    }
  });

  it('a careless remote that echoes our headers is masked', async () => {
    const http = connectorModules.find((m) => m.manifest.id === 'generic:http:request');
    if (!http) throw new Error('generic:http:request is not registered');
    for (const id of ['http-apikey', 'http-basic', 'http-bearer', 'http-oauth', 'http-hmac']) await record(h().run(http, { method: 'GET', path: '/echo/open/leaky' }, { credentialId: id }));
  });

  it('a connection\'s proxy account and client key stay out of errors (a proxy that cannot be reached, a remote that echoes)', async () => {
    const http = connectorModules.find((m) => m.manifest.id === 'generic:http:request');
    const basic = h().credentials.get('http-basic');
    if (!http || !basic) throw new Error('generic:http:request or http-basic is not registered');
    const clientKey = `-----BEGIN PRIVATE KEY-----\n${KEY_SECRET}\n-----END PRIVATE KEY-----\n`;
    h().credentials.set('leak-transport', { ...basic, proxyUrl: `http://lienthong:${PROXY_SECRET}@127.0.0.1:9`, clientKey, clientCert: clientKey });
    await record(h().run(http, { method: 'GET', path: '/echo/open/leaky' }, { credentialId: 'leak-transport' }));
    expect(JSON.stringify(seen.at(-1))).toContain('CONNECTOR_NETWORK'); // the proxy was tried, and failed
  });

  it('nothing recorded contains a secret', () => {
    const text = JSON.stringify(seen);
    expect(seen.length).toBeGreaterThan(100);
    for (const s of [...allSimSecrets(), WRONG, PROXY_SECRET, KEY_SECRET]) expect(text).not.toContain(s);
  });
});
