import { createHash } from 'node:crypto';
import { LtError } from '@lienthong/errors';
import type { ConnectorManifest } from '@lienthong/schemas';
import { requestJson, objectAt } from '../../sdk/json.js';
import { field, operation } from '../../sdk/operation.js';
export { lookupBase, lookupErrors, lookupOutput, lookupRetry } from './schemas.js';

/**
 * Shared client of the other national databases behind NGSP (DOMAIN §6.4 common envelope [ASM]):
 *   request {requestId, purpose:{procedureCode, dossierNo}, officerId, query}
 *   reply   {requestId, status: OK|NOT_FOUND|MISMATCH|ERROR, errorCode, data, asOf}
 * Signed like the national service observed in public client code (DOMAIN §4.2):
 * Authorization: Basic base64(user:sha256hex(url + user + timestamp + secret)), Timestamp, ApiKey, X-Road-Client.
 * Credential type `ngsp-national`: {baseUrl, username, secret, apiKey, xRoadClient}.
 */

export function signedHeaders(cred: { username: string; secret: string; apiKey: string; xRoadClient: string }, url: string, now: Date): Record<string, string> {
  const ts = String(now.getTime());
  const digest = createHash('sha256').update(url + cred.username + ts + cred.secret).digest('hex');
  return { Timestamp: ts, ApiKey: cred.apiKey, 'X-Road-Client': cred.xRoadClient, Authorization: `Basic ${Buffer.from(`${cred.username}:${digest}`).toString('base64')}` };
}

interface LookupInput { purpose: { procedureCode: string; dossierNo?: string }; officerId: string }

/** A national lookup connector: the manifest, the path under the credential's baseUrl, and how the query is formed. */
export function nationalLookup<I extends LookupInput>(manifest: ConnectorManifest, system: string, path: string, query: (i: I) => Record<string, unknown>) {
  return operation<I>(manifest, system, async ({ input, credential, key, deps }) => {
    const url = `${field(credential, 'baseUrl')}/${path}`;
    const headers = signedHeaders({ username: field(credential, 'username'), secret: field(credential, 'secret'), apiKey: field(credential, 'apiKey'), xRoadClient: field(credential, 'xRoadClient') }, url, deps.clock());
    const reply = await requestJson(deps, {
      system, method: 'POST', url, headers, timeoutMs: 10_000, idempotencyKey: key,
      json: { requestId: key, purpose: input.purpose, officerId: input.officerId, query: query(input) },
      remoteCode: (b) => (b && typeof b === 'object' && typeof (b as { errorCode?: unknown }).errorCode === 'string' ? (b as { errorCode: string }).errorCode : undefined),
    });
    const body = objectAt(system, reply.body, 'reply');
    if (body.requestId !== key) throw new LtError('CONNECTOR_BAD_REPLY', { system, detail: 'requestId does not echo the request' });
    if (body.status === 'OK') return { record: objectAt(system, body.data, 'data'), requestId: key, asOf: String(body.asOf ?? ''), source: system };
    if (body.status === 'NOT_FOUND' || body.status === 'MISMATCH' || body.status === 'ERROR') {
      // Business outcomes: never retried, the remote code kept so a flow can branch on it.
      throw new LtError('CONNECTOR_REJECTED', { system, remoteCode: typeof body.errorCode === 'string' ? body.errorCode : String(body.status), detail: String(body.status) });
    }
    throw new LtError('CONNECTOR_BAD_REPLY', { system, detail: 'status is missing or unknown' });
  });
}
