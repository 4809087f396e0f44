import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** How the API's HTTP listener is hardened and what it trusts (the LT_* variables below). */
export interface HttpConfig {
  /** LT_TRUST_PROXY=true: X-Forwarded-For is the client address, X-Forwarded-Proto=https means TLS (only behind your own balancer). */
  trustProxy: boolean;
  /** LT_SECURE_COOKIES=true: the session cookie is Secure even on plain HTTP (TLS ends before us without forwarding the protocol). */
  secureCookies: boolean;
  /** LT_TLS_CERT, LT_TLS_KEY: PEM files; the API serves HTTPS itself. */
  tls?: { cert: Buffer; key: Buffer };
  /** LT_METRICS_TOKEN: /metrics needs `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /** LT_METRICS_PORT: /metrics, without a token, on a separate listener bound to 127.0.0.1. */
  metricsPort?: number;
  /** LT_HEADERS_TIMEOUT_MS, LT_REQUEST_TIMEOUT_MS, LT_MAX_CONNECTIONS. */
  limits: { headersTimeoutMs?: number; requestTimeoutMs?: number; maxConnections?: number };
}

/** Every setting, its environment variable and default. The README's configuration table mirrors this. */
export interface Config {
  dataDir: string;
  databaseUrl?: string;
  temporalAddress?: string;
  temporalNamespace: string;
  temporalPort: number;
  /** TEMPORAL_UI_PORT: the embedded UI's internal loopback port (default: a free one); the API serves the UI at /temporal/. */
  temporalUiPort?: number;
  /** LT_TEMPORAL_UI=off: the embedded dev server runs headless (no UI at all). */
  temporalUi: boolean;
  apiHost: string;
  apiPort: number;
  simulatorsPort: number;
  masterKey: string;
  http: HttpConfig;
}

const positive = (v: string | undefined): number | undefined => (v && Number(v) > 0 ? Number(v) : undefined);
const yes = (v: string | undefined): boolean => /^(1|true|yes|on)$/i.test(v ?? '');

export function httpConfig(env: NodeJS.ProcessEnv = process.env): HttpConfig {
  if (Boolean(env.LT_TLS_CERT) !== Boolean(env.LT_TLS_KEY)) throw new Error('LT_TLS_CERT và LT_TLS_KEY phải đặt cùng nhau / LT_TLS_CERT and LT_TLS_KEY go together');
  const limits = { headersTimeoutMs: positive(env.LT_HEADERS_TIMEOUT_MS), requestTimeoutMs: positive(env.LT_REQUEST_TIMEOUT_MS), maxConnections: positive(env.LT_MAX_CONNECTIONS) };
  return {
    trustProxy: yes(env.LT_TRUST_PROXY),
    secureCookies: yes(env.LT_SECURE_COOKIES),
    ...(env.LT_TLS_CERT && env.LT_TLS_KEY ? { tls: { cert: readFileSync(env.LT_TLS_CERT), key: readFileSync(env.LT_TLS_KEY) } } : {}),
    ...(env.LT_METRICS_TOKEN ? { metricsToken: env.LT_METRICS_TOKEN } : {}),
    ...(positive(env.LT_METRICS_PORT) ? { metricsPort: Number(env.LT_METRICS_PORT) } : {}),
    limits: Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.DATA_DIR ?? '.data');
  return {
    dataDir,
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    ...(env.TEMPORAL_ADDRESS ? { temporalAddress: env.TEMPORAL_ADDRESS } : {}),
    temporalNamespace: env.TEMPORAL_NAMESPACE ?? 'default',
    temporalPort: Number(env.TEMPORAL_PORT ?? 7233),
    ...(positive(env.TEMPORAL_UI_PORT) ? { temporalUiPort: Number(env.TEMPORAL_UI_PORT) } : {}),
    temporalUi: !/^(0|false|no|off)$/i.test(env.LT_TEMPORAL_UI ?? ''),
    apiHost: env.API_HOST ?? '127.0.0.1',
    apiPort: Number(env.API_PORT ?? 3000),
    simulatorsPort: Number(env.SIMULATORS_PORT ?? 4000),
    masterKey: env.LT_MASTER_KEY ?? masterKeyFile(dataDir),
    http: httpConfig(env),
  };
}

/**
 * DATA_DIR holds the database, Temporal's history and the master key: only the platform's user may enter it (0700)
 * or read its files (0600). New files get that from the process's umask 077; an install from before that is tightened
 * here, once per start.
 */
export function secureDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const walk = (dir: string): void => {
    chmodSync(dir, 0o700);
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) chmodSync(p, 0o600);
    }
  };
  walk(dataDir);
}

/** Without LT_MASTER_KEY, a key is generated once into DATA_DIR/master.key (mode 600). */
function masterKeyFile(dataDir: string): string {
  const file = join(dataDir, 'master.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
