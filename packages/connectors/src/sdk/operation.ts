import { LtError } from '@lienthong/errors';
import { checkAgainst, type ConnectorManifest } from '@lienthong/schemas';
import { outboundKey } from './idempotency.js';
import { scrub, scrubError, secretPairs, secretValues } from './redact.js';
import type { ConnectorActivity, ConnectorCall, ConnectorDeps, Credential, HttpClient, Transport } from './types.js';

/** What one connector operation gets: checked input, resolved credential, and the outbound key. */
export interface OperationContext<I> {
  input: I;
  /** The resolved credential ({ type: 'none' } when the manifest needs none). Never put it in an output or error. */
  credential: Credential;
  /** Attempt-independent key for the remote system (header `Idempotency-Key`, `MaYeuCau`, `requestId`…). */
  key: string;
  call: ConnectorCall;
  deps: ConnectorDeps;
}

export type OperationImpl<I> = (ctx: OperationContext<I>) => Promise<unknown>;

/**
 * Wraps a connector body with what every connector must do the same way:
 * 1. the input is checked against the manifest (non-retryable CONNECTOR_INPUT_INVALID);
 * 2. the credential is resolved and its type checked;
 * 3. the reply is checked against the manifest's output schema: a reply that does not fit is a
 *    non-retryable CONNECTOR_BAD_REPLY (retrying a wrong shape gives the same wrong shape);
 * 4. no credential value leaves in an error or an output, in any encoding (redact.ts), nor any token
 *    the connector obtained and sent in an authentication header (an OAuth2 access token).
 */
export function operation<I>(manifest: ConnectorManifest, system: string, impl: OperationImpl<I>) {
  return (deps: ConnectorDeps): ConnectorActivity => async (call) => {
    const where = call.nodeId ? { nodeId: call.nodeId } : {};
    const checked = checkAgainst<I>(manifest.input, call.input);
    if (!checked.ok) {
      const first = checked.issues[0];
      throw new LtError('CONNECTOR_INPUT_INVALID', { connector: manifest.id, pointer: first?.pointer ?? '/', detail: first?.message ?? 'invalid' }, { ...where, pointer: first?.pointer ?? '/' });
    }
    const credential = await resolveCredential(deps, manifest, call.credentialId, call.flowKey);
    const raw = secretValues(credential);
    const secrets = [...raw, ...secretPairs(credential, raw)];
    try {
      const http = withTransport(noteSentSecrets(deps.http, secrets), transportOf(credential));
      // Remote text may arrive decomposed (NFD); flows match identities on NFC (DOMAIN §5.3).
      const out = nfc(await impl({ input: checked.value, credential, key: outboundKey(call.idempotencyKey), call, deps: { ...deps, http } }));
      const ok = checkAgainst(manifest.output, out);
      if (!ok.ok) {
        const first = ok.issues[0];
        throw new LtError('CONNECTOR_BAD_REPLY', { system, detail: `reply does not fit the output schema at ${first?.pointer ?? '/'}: ${first?.message ?? ''}` }, where);
      }
      return scrub(out, secrets);
    } catch (err) {
      throw scrubError(err, secrets);
    }
  };
}

/** Header names whose values authenticate: what we send there is a secret even when the credential did not hold it. */
const AUTH_HEADER = /^(authorization|proxy-authorization|cookie|x-api-key|api-key|apikey|x-auth-token)$/i;

function noteSentSecrets(http: HttpClient, secrets: string[]): HttpClient {
  return {
    request: (req) => {
      for (const [name, value] of Object.entries(req.headers ?? {})) {
        if (!AUTH_HEADER.test(name)) continue;
        const token = value.replace(/^(bearer|basic|token)\s+/i, ''); // the scheme is no secret
        if (token.length >= 8 && !secrets.includes(token)) secrets.push(token);
      }
      return http.request(req);
    },
  };
}

function nfc(v: unknown): unknown {
  if (typeof v === 'string') return v.normalize('NFC');
  if (Array.isArray(v)) return v.map(nfc);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.normalize('NFC'), nfc(x)]));
  return v;
}

/** A connection's transport options, kept in its credential (stored encrypted like any secret). */
export function transportOf(cred: Credential): Transport | undefined {
  const s = (k: string) => (typeof cred[k] === 'string' && cred[k] !== '' ? { [k]: cred[k] as string } : {});
  const t: Transport = { ...s('proxyUrl'), ...s('caCert'), ...s('clientCert'), ...s('clientKey'),
    ...(typeof cred.timeoutMs === 'number' && cred.timeoutMs > 0 ? { timeoutMs: cred.timeoutMs } : {}) };
  return Object.keys(t).length > 0 ? t : undefined;
}

/** Every request of the operation takes the connection's network path; a connector never chooses its own. */
function withTransport(http: HttpClient, transport: Transport | undefined): HttpClient {
  return transport ? { request: (req) => http.request({ ...req, transport }) } : http;
}

async function resolveCredential(deps: ConnectorDeps, manifest: ConnectorManifest, credentialId: string | undefined, flowKey: string | undefined): Promise<Credential> {
  if (!manifest.credential) return { type: 'none' };
  if (!credentialId) throw new LtError('CONNECTOR_CREDENTIAL_NOT_FOUND', { credentialId: '(none)' });
  let cred: Credential;
  try {
    cred = await deps.credentials.resolve(credentialId, { flowKey });
  } catch (err) {
    if (err instanceof LtError) throw err; // the store's own verdict, e.g. CONNECTOR_CREDENTIAL_NOT_FOUND, CREDENTIAL_NOT_GRANTED
    // Anything else is the store failing (its database restarting): retryable, so the step waits for it instead of
    // failing the run. The store's own error may say more than we want to show; the id is enough.
    throw new LtError('CONNECTOR_CREDENTIAL_UNAVAILABLE', { credentialId });
  }
  if (cred.type !== manifest.credential) {
    throw new LtError('CONNECTOR_CREDENTIAL_WRONG_TYPE', { credentialId, expected: manifest.credential, actual: cred.type });
  }
  return cred;
}

/** A credential field that must be a non-empty string (a seeding mistake is reported by field name only). */
export function field(cred: Credential, name: string): string {
  const v = cred[name];
  if (typeof v !== 'string' || v === '') throw new LtError('CONNECTOR_CREDENTIAL_NOT_FOUND', { credentialId: `${cred.type}.${name}` });
  return v;
}
