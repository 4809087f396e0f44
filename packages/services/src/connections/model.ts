import { X509Certificate, createPrivateKey } from 'node:crypto';
import { LtError } from '@lienthong/errors';
import type { ConnectionTransportView } from '@lienthong/db';
import { SIGNING_FIELDS, checkSigningComplete, checkSigningSecrets, type SigningSecrets } from './signing.js';

/** Connection environments: a province keeps its test and production accounts apart. */
export const ENVIRONMENTS = ['production', 'staging', 'test'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** Connection ids share the credential ids' namespace: a flow's node references either by the same field. */
export const CONNECTION_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** The secret part of a connection: stored only encrypted, never shown back. */
export interface ConnectionSecrets extends SigningSecrets {
  /** The connector family's credential fields (username, password, apiKey, secretKey…). */
  credential?: Record<string, string>;
  /** `http://user:password@proxy.tinh.gov.vn:3128`: outbound HTTP(S) traffic tunnels through it with CONNECT. */
  proxyUrl?: string;
  /** PEM bundle of CAs to trust for the target (e.g. the national CA), in addition to nothing else: it replaces the defaults. */
  caCert?: string;
  /** PEM client certificate and key (mTLS). */
  clientCert?: string;
  clientKey?: string;
}

export interface ConnectionInput {
  id: string;
  name: string;
  family: string;
  environment: Environment;
  endpoint: string;
  timeoutMs?: number | null;
  ratePerMinute?: number | null;
  secrets?: ConnectionSecrets;
}

/** What is decrypted for a connector: the credential's fields, the endpoint as `baseUrl` and the transport options. */
export type StoredSecret = Record<string, string | number>;

/** Field names the credential part may not use: they carry the endpoint and transport options. */
const RESERVED = new Set<string>(['type', 'baseUrl', 'timeoutMs', 'proxyUrl', 'caCert', 'clientCert', 'clientKey', ...SIGNING_FIELDS]);

const invalid = (pointer: string, en: string, vi: string) => new LtError('CONNECTION_INVALID', { pointer, detail: en, detailVi: vi }, { pointer });

/** Checks the parts a person types: URLs parse, PEMs are certificates and keys, a key matches its certificate. */
export function checkSecrets(s: ConnectionSecrets, pointer = '/secrets'): void {
  for (const k of Object.keys(s.credential ?? {})) {
    if (RESERVED.has(k)) throw invalid(`${pointer}/credential/${k}`, `"${k}" is set by the connection itself`, `"${k}" do chính kết nối đặt`);
  }
  if (s.proxyUrl) {
    let u: URL;
    try {
      u = new URL(s.proxyUrl);
    } catch {
      throw invalid(`${pointer}/proxyUrl`, 'not a URL (http://host:port)', 'không phải địa chỉ URL (http://máy:cổng)');
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw invalid(`${pointer}/proxyUrl`, 'the proxy must be http:// or https://', 'proxy phải là http:// hoặc https://');
  }
  if (s.caCert) {
    try {
      new X509Certificate(s.caCert);
    } catch {
      throw invalid(`${pointer}/caCert`, 'not a PEM certificate', 'không phải chứng thư PEM');
    }
  }
  if ((s.clientCert === undefined) !== (s.clientKey === undefined) && (s.clientCert || s.clientKey)) {
    throw invalid(`${pointer}/${s.clientCert ? 'clientKey' : 'clientCert'}`, 'a client certificate needs its key, and a key its certificate', 'chứng thư máy khách cần khóa của nó, và ngược lại');
  }
  if (s.clientCert && s.clientKey) {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(s.clientCert);
    } catch {
      throw invalid(`${pointer}/clientCert`, 'not a PEM certificate', 'không phải chứng thư PEM');
    }
    let matches = false;
    try {
      matches = cert.checkPrivateKey(createPrivateKey(s.clientKey));
    } catch {
      throw invalid(`${pointer}/clientKey`, 'not a PEM private key', 'không phải khóa riêng PEM');
    }
    if (!matches) throw invalid(`${pointer}/clientKey`, 'the key does not belong to the client certificate', 'khóa không khớp với chứng thư máy khách');
  }
  checkSigningSecrets(s, pointer);
}

export function checkEndpoint(endpoint: string): void {
  let u: URL;
  try {
    u = new URL(endpoint);
  } catch {
    throw invalid('/endpoint', 'not a URL', 'không phải địa chỉ URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw invalid('/endpoint', 'the endpoint must be http:// or https://', 'địa chỉ phải là http:// hoặc https://');
  if (u.username || u.password) throw invalid('/endpoint', 'put the account in the credential, not in the URL', 'đặt tài khoản trong thông tin xác thực, không đặt trong URL');
}

/** The stored secret of a version: credential fields, then the endpoint, timeout, transport and signing options. */
export function toStored(endpoint: string, timeoutMs: number | null | undefined, s: ConnectionSecrets): StoredSecret {
  const out: StoredSecret = { ...(s.credential ?? {}), baseUrl: endpoint.replace(/\/+$/, '') };
  if (timeoutMs) out.timeoutMs = timeoutMs;
  for (const k of ['proxyUrl', 'caCert', 'clientCert', 'clientKey', ...SIGNING_FIELDS] as const) if (s[k] && s[k] !== 'none') out[k] = s[k];
  checkSigningComplete(out);
  return out;
}

/** A rotation: given fields replace the stored ones, an empty string removes one; what is not given stays. */
export function mergeSecrets(current: StoredSecret, next: ConnectionSecrets): ConnectionSecrets {
  const str = (k: string) => (typeof current[k] === 'string' ? (current[k] as string) : undefined);
  const credential: Record<string, string> = {};
  for (const [k, v] of Object.entries(current)) if (!RESERVED.has(k) && typeof v === 'string') credential[k] = v;
  for (const [k, v] of Object.entries(next.credential ?? {})) {
    if (v === '') delete credential[k];
    else credential[k] = v;
  }
  const pick = (k: 'proxyUrl' | 'caCert' | 'clientCert' | 'clientKey' | (typeof SIGNING_FIELDS)[number]) => {
    const v = next[k] ?? str(k);
    return v ? { [k]: v } : {};
  };
  return { credential, ...pick('proxyUrl'), ...pick('caCert'), ...pick('clientCert'), ...pick('clientKey'), ...Object.assign({}, ...SIGNING_FIELDS.map(pick)) as SigningSecrets };
}

export function transportView(s: StoredSecret): ConnectionTransportView {
  let proxy: string | null = null;
  if (typeof s.proxyUrl === 'string') {
    try {
      proxy = new URL(s.proxyUrl).host;
    } catch {
      proxy = 'proxy';
    }
  }
  return { proxy, caCert: typeof s.caCert === 'string', clientCert: typeof s.clientCert === 'string',
    wsSecurity: typeof s.wsSecurity === 'string' ? s.wsSecurity : null, signingCert: typeof s.signingCert === 'string', signatureCaCert: typeof s.signatureCaCert === 'string' };
}

export const secretFieldNames = (s: StoredSecret): string[] => Object.keys(s).filter((k) => !RESERVED.has(k)).sort();
