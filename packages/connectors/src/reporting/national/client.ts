import { LtError } from '@lienthong/errors';
import { requestJson, type JsonRequest } from '../../sdk/json.js';
import { field } from '../../sdk/operation.js';
import type { ConnectorDeps, Credential } from '../../sdk/types.js';

/**
 * Client of the national (Government) reporting system (DOMAIN §6.7, ASM API). Credential type
 * `reporting-national`: {baseUrl, apiKey, provinceCode}. Error bodies are {code, message, indicatorCode?};
 * the code is kept as remoteCode (PERIOD_CLOSED, VALIDATION_FAILED, SIGNATURE_INVALID, DUPLICATE_SUBMISSION…).
 */
export const SYSTEM = 'HTTTBC-CP';

const codeOf = (b: unknown): string | undefined => {
  const c = b && typeof b === 'object' ? (b as { code?: unknown }).code : undefined;
  return typeof c === 'string' ? c : undefined;
};

export async function reportingCall(deps: ConnectorDeps, cred: Credential, r: Omit<JsonRequest, 'system' | 'url' | 'remoteCode' | 'timeoutMs'> & { path: string; timeoutMs?: number }): Promise<Record<string, unknown>> {
  const { path, headers, ...rest } = r;
  try {
    const reply = await requestJson(deps, { ...rest, system: SYSTEM, url: `${field(cred, 'baseUrl')}/api/v1/${path}`, timeoutMs: r.timeoutMs ?? 20_000, headers: { 'X-Api-Key': field(cred, 'apiKey'), ...headers }, remoteCode: codeOf });
    if (!reply.body || typeof reply.body !== 'object' || Array.isArray(reply.body)) throw new LtError('CONNECTOR_BAD_REPLY', { system: SYSTEM, detail: 'reply is not an object' });
    return reply.body as Record<string, unknown>;
  } catch (err) {
    // Keep the indicator a validation failure names: the flow returns the report with it.
    if (err instanceof LtError && err.code === 'CONNECTOR_REJECTED' && typeof err.params.detail === 'string') {
      const m = /"indicatorCode":"([^"]+)"/.exec(err.params.detail);
      if (m) throw new LtError('CONNECTOR_REJECTED', { ...err.params, indicatorCode: m[1] }, err.where);
    }
    throw err;
  }
}

export const reportingErrors = ['CONNECTOR_TIMEOUT', 'CONNECTOR_UNAVAILABLE', 'CONNECTOR_RATE_LIMITED', 'CONNECTOR_NETWORK', 'CONNECTOR_BAD_REPLY', 'CONNECTOR_REJECTED', 'CONNECTOR_AUTH_FAILED'];
