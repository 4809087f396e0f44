import { createHash, createHmac } from 'node:crypto';
import { LtError } from '@lienthong/errors';
import { parseReply } from '../../sdk/json.js';
import { field } from '../../sdk/operation.js';
import type { ConnectorDeps, Credential } from '../../sdk/types.js';

/**
 * Authentication for the generic connectors, from a credential of type `http`:
 *   {baseUrl, auth: 'none'}
 *   {baseUrl, auth: 'api-key', apiKey, apiKeyHeader? (default X-Api-Key), apiKeyIn?: 'header' | 'query'}
 *   {baseUrl, auth: 'basic', username, password}
 *   {baseUrl, auth: 'bearer', token}
 *   {baseUrl, auth: 'oauth2', tokenUrl, clientId, clientSecret, scope?}   (client credentials)
 *   {baseUrl, auth: 'hmac', hmacSecret}   our own signing: X-LT-Date + X-LT-Signature =
 *        hex HMAC-SHA256(secret, METHOD \n PATH?QUERY \n DATE \n sha256hex(body))
 */
export interface Signed { headers: Record<string, string>; url: string }

// Keyed by the credential store (stable per worker; operation() hands each call its own deps object).
const tokens = new WeakMap<object, Map<string, { token: string; until: number }>>();

async function oauthToken(deps: ConnectorDeps, cred: Credential, system: string, fresh: boolean): Promise<string> {
  let cache = tokens.get(deps.credentials);
  if (!cache) tokens.set(deps.credentials, (cache = new Map()));
  const account = createHash('sha256').update(`${field(cred, 'tokenUrl')}|${field(cred, 'clientId')}|${field(cred, 'clientSecret')}`).digest('hex');
  const now = deps.clock().getTime();
  const hit = cache.get(account);
  if (hit && !fresh && hit.until > now) return hit.token;
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: field(cred, 'clientId'), client_secret: field(cred, 'clientSecret'), ...(typeof cred.scope === 'string' ? { scope: cred.scope } : {}) });
  const res = await deps.http.request({ method: 'POST', url: field(cred, 'tokenUrl'), timeoutMs: 10_000, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form.toString() });
  const body = parseReply(deps, system, res, (b) => (b && typeof b === 'object' && typeof (b as { error?: unknown }).error === 'string' ? (b as { error: string }).error : undefined)).body as { access_token?: unknown; expires_in?: unknown };
  if (typeof body.access_token !== 'string') throw new LtError('CONNECTOR_AUTH_FAILED', { system, remoteCode: 'no_access_token' });
  // Refresh 30 s before expiry so a token never dies in flight.
  const ttl = typeof body.expires_in === 'number' ? body.expires_in : 300;
  cache.set(account, { token: body.access_token, until: now + Math.max(0, ttl - 30) * 1000 });
  return body.access_token;
}

/** Adds the credential's authentication to a request. `fresh` forces a new OAuth2 token (after a 401). */
export async function authenticate(deps: ConnectorDeps, cred: Credential, system: string, req: { method: string; url: string; body: string }, fresh = false): Promise<Signed> {
  const auth = typeof cred.auth === 'string' ? cred.auth : 'none';
  const url = new URL(req.url);
  switch (auth) {
    case 'none': return { headers: {}, url: req.url };
    case 'api-key': {
      const name = typeof cred.apiKeyHeader === 'string' ? cred.apiKeyHeader : 'X-Api-Key';
      if (cred.apiKeyIn === 'query') {
        url.searchParams.set(name, field(cred, 'apiKey'));
        return { headers: {}, url: url.toString() };
      }
      return { headers: { [name]: field(cred, 'apiKey') }, url: req.url };
    }
    case 'basic': return { headers: { authorization: `Basic ${Buffer.from(`${field(cred, 'username')}:${field(cred, 'password')}`).toString('base64')}` }, url: req.url };
    case 'bearer': return { headers: { authorization: `Bearer ${field(cred, 'token')}` }, url: req.url };
    case 'oauth2': return { headers: { authorization: `Bearer ${await oauthToken(deps, cred, system, fresh)}` }, url: req.url };
    case 'hmac': {
      const date = deps.clock().toISOString();
      const canonical = `${req.method}\n${url.pathname}${url.search}\n${date}\n${createHash('sha256').update(req.body).digest('hex')}`;
      return { headers: { 'x-lt-date': date, 'x-lt-signature': createHmac('sha256', field(cred, 'hmacSecret')).update(canonical).digest('hex') }, url: req.url };
    }
    default: throw new LtError('CONNECTOR_CREDENTIAL_NOT_FOUND', { credentialId: `http.auth=${auth}` });
  }
}
