import { readFileSync } from 'node:fs';
import { Client, Connection, type ClientInterceptors, type ClientOptions, type ConnectionOptions } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';

export interface TemporalConfig {
  address: string;
  namespace: string;
  tls?: ConnectionOptions['tls'];
}

/** TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE, with optional mTLS from TEMPORAL_TLS_CERT / TEMPORAL_TLS_KEY / TEMPORAL_TLS_CA. */
export function temporalConfigFromEnv(env: NodeJS.ProcessEnv = process.env): TemporalConfig | null {
  if (!env.TEMPORAL_ADDRESS) return null;
  const namespace = env.TEMPORAL_NAMESPACE ?? 'default';
  if (env.TEMPORAL_TLS_CERT && env.TEMPORAL_TLS_KEY) {
    return { address: env.TEMPORAL_ADDRESS, namespace, tls: {
      clientCertPair: { crt: readFileSync(env.TEMPORAL_TLS_CERT), key: readFileSync(env.TEMPORAL_TLS_KEY) },
      ...(env.TEMPORAL_TLS_CA ? { serverRootCACertificate: readFileSync(env.TEMPORAL_TLS_CA) } : {}),
    } };
  }
  return { address: env.TEMPORAL_ADDRESS, namespace, ...(env.TEMPORAL_TLS === 'true' ? { tls: true } : {}) };
}

/**
 * `interceptors`: e.g. tracing's (see @lienthong/observability clientTracingInterceptors). `connection`: an
 * existing one, e.g. the in-process worker's NativeConnection, which eager workflow start needs.
 */
export async function connectClient(cfg: TemporalConfig, opts: { codec?: PayloadCodec; interceptors?: ClientInterceptors | undefined; connection?: ClientOptions['connection'] } = {}): Promise<Client> {
  const connection = opts.connection ?? await Connection.connect({ address: cfg.address, ...(cfg.tls ? { tls: cfg.tls } : {}) });
  return new Client({ connection, namespace: cfg.namespace, ...(opts.codec ? { dataConverter: { payloadCodecs: [opts.codec] } } : {}),
    ...(opts.interceptors ? { interceptors: opts.interceptors } : {}) });
}
