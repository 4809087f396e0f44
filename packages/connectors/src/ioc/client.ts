import { LtError } from '@lienthong/errors';
import { requestJson, type JsonRequest } from '../sdk/json.js';
import { field } from '../sdk/operation.js';
import type { ConnectorDeps, Credential } from '../sdk/types.js';

/** Client of the provincial IOC (DOMAIN §6.8, ASM API). Credential type `ioc`: {baseUrl, apiKey}. Error bodies {code, message}. */
export const SYSTEM = 'IOC';

export async function iocCall(deps: ConnectorDeps, cred: Credential, r: Omit<JsonRequest, 'system' | 'url' | 'remoteCode' | 'timeoutMs'> & { path: string; timeoutMs?: number }): Promise<Record<string, unknown>> {
  const { path, headers, ...rest } = r;
  const reply = await requestJson(deps, { ...rest, system: SYSTEM, url: `${field(cred, 'baseUrl')}/api/v1/${path}`, timeoutMs: r.timeoutMs ?? 20_000,
    headers: { 'X-Api-Key': field(cred, 'apiKey'), ...headers },
    remoteCode: (b) => (b && typeof b === 'object' && typeof (b as { code?: unknown }).code === 'string' ? (b as { code: string }).code : undefined) });
  if (!reply.body || typeof reply.body !== 'object' || Array.isArray(reply.body)) throw new LtError('CONNECTOR_BAD_REPLY', { system: SYSTEM, detail: 'reply is not an object' });
  return reply.body as Record<string, unknown>;
}

