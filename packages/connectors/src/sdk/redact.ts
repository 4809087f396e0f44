import { LtError } from '@lienthong/errors';
import type { Credential } from './types.js';

/** Credential fields that are addresses or labels, not secrets. */
const NOT_SECRET = new Set(['type', 'baseUrl', 'tokenUrl', 'auth', 'apiKeyHeader', 'apiKeyIn', 'agencyCode', 'systemId', 'provinceCode', 'integrationCode', 'username', 'clientId', 'xRoadClient', 'scope', 'readWrite']);
/** Labels that sit in front of a secret in a `label:secret` pair (HTTP Basic, OAuth2 client authentication). */
const ACCOUNT_FIELDS = ['username', 'clientId'];
const MIN_SECRET = 6;
/** A base64 fragment shorter than this is too common to mask without mangling ordinary text. */
const MIN_FRAGMENT = 6;

/** The credential values that must never leave a connector (in an error or an output). */
export function secretValues(cred: Credential | undefined): string[] {
  if (!cred) return [];
  return Object.entries(cred)
    .filter(([k, v]) => !NOT_SECRET.has(k) && typeof v === 'string' && v.length >= MIN_SECRET)
    .map(([, v]) => v as string);
}

/**
 * Secrets derived from the credential: `account:secret` pairs (their base64 is an HTTP Basic header), and the password
 * inside any URL field (`postgres://user:password@host/db`, `smtp://…`), alone and as `user:password`.
 */
export function secretPairs(cred: Credential | undefined, secrets: readonly string[]): string[] {
  if (!cred) return [];
  const accounts = ACCOUNT_FIELDS.map((k) => cred[k]).filter((v): v is string => typeof v === 'string' && v !== '');
  const inUrls = Object.values(cred).flatMap((v) => {
    if (typeof v !== 'string' || !v.includes('@')) return [];
    try {
      const u = new URL(v);
      const password = decodeURIComponent(u.password);
      return password.length >= MIN_SECRET ? [password, `${decodeURIComponent(u.username)}:${password}`] : [];
    } catch {
      return [];
    }
  });
  return [...accounts.flatMap((a) => secrets.map((s) => `${a}:${s}`)), ...inUrls];
}

const toUrlSafe = (b64: string) => b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * The base64 characters that encode `s` wherever it sits in a longer encoded text: for each of the three
 * alignments, the encoding with the characters shared with neighbouring bytes cut off. A remote that
 * echoes `Basic base64(user:password)` or base64 of a body holding a secret contains one of them.
 */
function base64Fragments(s: string): string[] {
  const bytes = Buffer.from(s, 'utf8');
  const out: string[] = [];
  for (let k = 0; k < 3; k += 1) {
    const enc = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
    const end = (k + bytes.length) % 3 === 0 ? enc.length : enc.length - 4;
    const core = enc.slice(k === 0 ? 0 : 4, end);
    if (core.length >= MIN_FRAGMENT) out.push(core, toUrlSafe(core));
  }
  return out;
}

/** Every form a secret may take on its way back: raw, base64/base64url (any alignment), hex, URL-encoded, JSON-escaped. */
export function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (s.length < MIN_SECRET) continue;
    const json = JSON.stringify(s).slice(1, -1);
    const form = new URLSearchParams({ v: s }).toString().slice(2);
    const hex = Buffer.from(s, 'utf8').toString('hex');
    const b64 = Buffer.from(s, 'utf8').toString('base64');
    for (const f of [s, json, JSON.stringify(json).slice(1, -1), encodeURIComponent(s), form, encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
      hex, hex.toUpperCase(), b64, toUrlSafe(b64), ...base64Fragments(s)]) forms.add(f);
  }
  // Longest first: a form that contains another is masked whole.
  return [...forms].filter((f) => f.length > 0).sort((a, b) => b.length - a.length);
}

function scrubString(s: string, forms: readonly string[]): string {
  let out = s;
  for (const v of forms) if (out.includes(v)) out = out.split(v).join('***');
  return out;
}

function scrubDeep(value: unknown, forms: readonly string[]): unknown {
  if (typeof value === 'string') return scrubString(value, forms);
  if (Array.isArray(value)) return value.map((v: unknown) => scrubDeep(v, forms));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrubString(k, forms), scrubDeep(v as unknown, forms)]));
  }
  return value;
}

/** Deep copy with every secret, in every encoding of secretForms, replaced by "***": the safety net behind "never log a secret". */
export function scrub<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  return scrubDeep(value, secretForms(secrets)) as T;
}

/** An error that no longer carries any secret in any encoding (remote bodies can echo what we sent). */
export function scrubError(err: unknown, secrets: readonly string[]): unknown {
  if (secrets.length === 0) return err;
  const forms = secretForms(secrets);
  if (!(err instanceof LtError)) {
    if (err instanceof Error && forms.some((v) => err.message.includes(v) || (err.stack ?? '').includes(v))) return new Error(scrubString(err.message, forms));
    return err;
  }
  const params = scrubDeep({ ...err.params }, forms) as typeof err.params;
  const changed = Object.keys(params).some((k) => params[k] !== err.params[k]);
  return changed ? new LtError(err.code, params, err.where) : err;
}
