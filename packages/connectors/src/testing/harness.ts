/**
 * Test harness shared by the connector folders' tests. Real HTTP client, real simulators, real
 * connector code; the only double is the credential store (an in-memory map of test accounts).
 * Not exported from any package entry: tests import it by relative path.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LtError } from '@lienthong/errors';
import { allSimSecrets, simAccounts, startSimulators, type Fault, type RunningSimulators } from '@lienthong/simulators';
import { createHttpClient } from '../sdk/http.js';
import type { ConnectorDeps, ConnectorModule, Credential, CredentialStore, HttpClient } from '../sdk/types.js';

export interface Harness {
  sim: RunningSimulators;
  deps: ConnectorDeps;
  credentials: Map<string, Credential>;
  /** Caps every request's timeout (a timeout test needs seconds to become milliseconds). */
  timeoutCapMs: number | undefined;
  /** Everything connectors returned or threw in this file, for the secret-leak check. */
  transcript: unknown[];
  run(mod: ConnectorModule, input: Record<string, unknown>, opts?: { key?: string; credentialId?: string; nodeId?: string }): Promise<Record<string, unknown>>;
  fail(mod: ConnectorModule, input: Record<string, unknown>, opts?: { key?: string; credentialId?: string }): Promise<LtError>;
}

/** Test credentials, one per type (id = type) plus a few extra ids; all secrets come from the simulators' accounts. */
export function testCredentials(url: string): Map<string, Credential> {
  const a = simAccounts;
  const lgsp = (i: number) => ({ type: 'lgsp-edoc', baseUrl: `${url}/lgsp`, systemId: a.lgsp[i]?.systemId, secretKey: a.lgsp[i]?.secretKey });
  return new Map<string, Credential>(Object.entries({
    'ngsp-population': { type: 'ngsp-population', baseUrl: url, integrationCode: '003' },
    'ngsp-national': { type: 'ngsp-national', baseUrl: `${url}/ngsp/csdl`, ...a.ngspNational },
    'ngsp-adapter': { type: 'ngsp-adapter', baseUrl: `${url}/ngsp/adapter`, ...a.ngspAdapter },
    'lgsp-edoc': lgsp(0),
    'lgsp-vp': lgsp(0),
    'lgsp-stp': lgsp(1),
    'lgsp-camthanh': lgsp(2),
    'lgsp-edoc-ubnd': lgsp(3),
    'reporting-national': { type: 'reporting-national', baseUrl: `${url}/baocao`, ...a.reporting },
    ioc: { type: 'ioc', baseUrl: `${url}/ioc`, ...a.ioc },
    http: { type: 'http', baseUrl: `${url}/generic`, auth: 'none' },
    'http-apikey': { type: 'http', baseUrl: `${url}/generic`, auth: 'api-key', apiKeyHeader: 'X-Api-Key', apiKey: a.generic.apiKey },
    'http-basic': { type: 'http', baseUrl: `${url}/generic`, auth: 'basic', ...a.generic.basic },
    'http-bearer': { type: 'http', baseUrl: `${url}/generic`, auth: 'bearer', token: a.generic.bearer },
    'http-oauth': { type: 'http', baseUrl: `${url}/generic`, auth: 'oauth2', tokenUrl: `${url}/generic/oauth/token`, ...a.generic.oauth },
    'http-apikey-query': { type: 'http', baseUrl: `${url}/generic`, auth: 'api-key', apiKeyHeader: 'api_key', apiKeyIn: 'query', apiKey: a.generic.apiKey },
    'http-hmac': { type: 'http', baseUrl: `${url}/generic`, auth: 'hmac', hmacSecret: a.generic.apiKey },
    'http-sim': { type: 'http', baseUrl: url, auth: 'none' },
    'http-wrong': { type: 'http', baseUrl: `${url}/generic`, auth: 'bearer', token: 'SIMSECRET-not-the-right-token-00' },
  }) as [string, Credential][]);
}

/** Starts the simulators once per test file; clears faults after each test. */
export function useHarness(opts: { random?: () => number } = {}): () => Harness {
  let h: Harness | undefined;
  beforeAll(async () => {
    const sim = await startSimulators({ port: 0, ...(opts.random ? { random: opts.random } : {}) });
    const credentials = testCredentials(sim.url);
    // The simulator requires STARTTLS (smtp://); its certificate is trusted as a province's own CA.
    credentials.set('smtp', { type: 'smtp', url: `smtp://127.0.0.1:${sim.smtpPort}`, ca: sim.smtpCa, ...simAccounts.smtp, from: 'Liên Thông Quảng Ngãi <thongbao@quangngai.gov.vn>' });
    const store: CredentialStore = {
      resolve: (id) => {
        const c = credentials.get(id);
        return c ? Promise.resolve(c) : Promise.reject(new Error(`no credential ${id}`));
      },
    };
    const real = createHttpClient();
    let n = 0;
    const harness: Harness = {
      sim, credentials, timeoutCapMs: undefined, transcript: [],
      deps: {
        credentials: store, clock: () => new Date(),
        http: { request: (req) => real.request({ ...req, timeoutMs: Math.min(req.timeoutMs, harness.timeoutCapMs ?? req.timeoutMs) }) } satisfies HttpClient,
      },
      async run(mod, input, opts = {}) {
        n += 1;
        const call = { input, idempotencyKey: opts.key ?? `test-run-${n}/node`, nodeId: opts.nodeId ?? 'n1',
          ...((opts.credentialId ?? mod.manifest.credential) ? { credentialId: opts.credentialId ?? mod.manifest.credential } : {}) };
        try {
          const out = await mod.createActivity(harness.deps)(call);
          harness.transcript.push(out);
          return out as Record<string, unknown>;
        } catch (err) {
          harness.transcript.push(err instanceof LtError ? { message: err.message, json: err.toJSON(), params: err.params } : String(err));
          throw err;
        }
      },
      async fail(mod, input, opts) {
        try {
          await harness.run(mod, input, opts);
        } catch (err) {
          if (err instanceof LtError) return err;
          throw err;
        }
        throw new Error('expected the connector to fail');
      },
    };
    h = harness;
  });
  afterEach(() => {
    h?.sim.faults.clear();
    if (h) h.timeoutCapMs = undefined;
  });
  afterAll(async () => {
    await h?.sim.close();
  });
  return () => {
    if (!h) throw new Error('harness not started');
    return h;
  };
}

/** Runs a folder's examples: they are shown in the designer and double as tests. */
export function exampleTests(get: () => Harness, mod: ConnectorModule): void {
  it.each(mod.examples.map((e) => [e.name, e] as const))('example: %s', async (_name, ex) => {
    const h = get();
    if (ex.error) {
      const err = await h.fail(mod, ex.input);
      expect(err.code === ex.error || err.params.remoteCode === ex.error).toBe(true);
    } else {
      const out = await h.run(mod, ex.input);
      expect(out).toMatchObject(ex.output ?? {});
    }
  });
}

export type FaultClass = 'timeout' | 'drop' | '503' | '429' | 'malformed' | 'maintenance';

/**
 * One test per transient/fatal fault class, each injected once (count: 1) on the simulator
 * operation, asserting the classification the catalogue promises; then the same call succeeds.
 */
export function faultTests(get: () => Harness, c: { mod: ConnectorModule; input: Record<string, unknown> | (() => Record<string, unknown>); operation: string; credentialId?: string; only?: FaultClass[] }): void {
  // A function gives a fresh input per call (e.g. a new document number where the remote refuses duplicates).
  const input = typeof c.input === 'function' ? c.input : () => c.input as Record<string, unknown>;
  const cases: [FaultClass, Fault, string, boolean, ((e: LtError) => void)?][] = [
    ['timeout', { latencyMs: 1500, count: 1 }, 'CONNECTOR_TIMEOUT', true],
    ['drop', { drop: true, count: 1 }, 'CONNECTOR_NETWORK', true],
    ['503', { status: 503, count: 1 }, 'CONNECTOR_UNAVAILABLE', true],
    ['429', { status: 429, retryAfterSec: 7, count: 1 }, 'CONNECTOR_RATE_LIMITED', true, (e) => expect(e.params.retryAfterMs).toBe(7000)],
    ['malformed', { malformed: true, count: 1 }, 'CONNECTOR_BAD_REPLY', false],
    ['maintenance', { maintenance: { html: true }, count: 1 }, 'CONNECTOR_UNAVAILABLE', true],
  ];
  let n = 0;
  it.each(cases.filter(([k]) => !c.only || c.only.includes(k)))('fault: %s', async (kind, fault, code, retryable, extra) => {
    const h = get();
    // The retry is what Temporal would do: the same input and the same step key.
    const opts = { key: `fault-${kind}-${(n += 1)}/node`, ...(c.credentialId ? { credentialId: c.credentialId } : {}) };
    const inp = input();
    h.sim.faults.set(c.operation, fault);
    if (kind === 'timeout') h.timeoutCapMs = 200;
    const err = await h.fail(c.mod, inp, opts);
    expect(err.code).toBe(code);
    expect(err.retryable).toBe(retryable);
    extra?.(err);
    h.timeoutCapMs = undefined;
    // The fault was injected once: the retry goes through.
    await expect(h.run(c.mod, inp, opts)).resolves.toBeDefined();
  });
}

/** Last test of a file: no secret of any test credential appears in anything a connector returned or threw. */
export function noSecretLeakTest(get: () => Harness): void {
  it('no credential value appears in any output or error of this file', () => {
    const text = JSON.stringify(get().transcript);
    expect(get().transcript.length).toBeGreaterThan(0);
    for (const s of allSimSecrets()) expect(text).not.toContain(s);
  });
}

/**
 * The whole suite of a lookup connector, as a table: its examples, the fault classes on its simulator operation,
 * a business rejection (not retried, the remote code kept), any tests of its own (`more`), then the secret-leak check.
 */
export function lookupConnectorSuite(mod: ConnectorModule, c: {
  input: Record<string, unknown>; operation: string; rejected: { input: Record<string, unknown>; remoteCode: string };
  more?: (get: () => Harness) => void;
}): void {
  describe(mod.manifest.id, () => {
    const h = useHarness();
    exampleTests(h, mod);
    faultTests(h, { mod, input: c.input, operation: c.operation });
    it(`a business rejection (${c.rejected.remoteCode}) is not retried and keeps the remote code`, async () => {
      const err = await h().fail(mod, c.rejected.input);
      expect(err).toMatchObject({ code: 'CONNECTOR_REJECTED', retryable: false, params: { remoteCode: c.rejected.remoteCode } });
    });
    c.more?.(h);
    noSecretLeakTest(h);
  });
}
