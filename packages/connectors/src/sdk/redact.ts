import { LtError } from '@lienthong/errors';
import type { Credential } from './types.js';

/** Credential fields that are addresses or labels, not secrets. */
const NOT_SECRET = new Set(['type', 'baseUrl', 'tokenUrl', 'auth', 'apiKeyHeader', 'apiKeyIn', 'agencyCode', 'systemId', 'provinceCode', 'integrationCode', 'username', 'clientId', 'xRoadClient', 'scope']);

/** The credential values that must never leave a connector (in an error or an output). */
export function secretValues(cred: Credential | undefined): string[] {
  if (!cred) return [];
  return Object.entries(cred)
    .filter(([k, v]) => !NOT_SECRET.has(k) && typeof v === 'string' && v.length >= 6)
    .map(([, v]) => v as string);
}

function scrubString(s: string, secrets: readonly string[]): string {
  let out = s;
  for (const v of secrets) if (out.includes(v)) out = out.split(v).join('***');
  return out;
}

/** Deep copy with every secret value replaced by "***": the safety net behind "never log a secret". */
export function scrub<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  if (typeof value === 'string') return scrubString(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => scrub(v, secrets)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v as unknown, secrets)])) as T;
  }
  return value;
}

/** An LtError whose params no longer carry any secret value (remote bodies can echo what we sent). */
export function scrubError(err: unknown, secrets: readonly string[]): unknown {
  if (secrets.length === 0) return err;
  if (!(err instanceof LtError)) {
    if (err instanceof Error && secrets.some((v) => err.message.includes(v))) return new Error(scrubString(err.message, secrets));
    return err;
  }
  const params = scrub({ ...err.params }, secrets);
  const changed = Object.keys(params).some((k) => params[k] !== err.params[k]);
  return changed ? new LtError(err.code, params, err.where) : err;
}
