import { DISPATCH_DYNAMIC_CONFIG } from './dispatch-config.js';

/** The four roles of a Temporal cluster, each its own OS process. */
export const CLUSTER_SERVICES = ['history', 'matching', 'frontend', 'worker'] as const;
export type ClusterService = (typeof CLUSTER_SERVICES)[number];

export interface ServicePorts { grpc: number; membership: number; http?: number }

export interface PostgresTarget { host: string; port: number; user: string; password: string }

export interface ClusterConfigInput {
  host: string;
  numHistoryShards: number;
  postgres: PostgresTarget;
  databases: { main: string; visibility: string };
  ports: Record<ClusterService, ServicePorts>;
  dynamicConfigFile: string;
  logLevel: string;
}

/**
 * Dynamic config on top of the dev server's dispatch settings (dispatch-config.ts): a namespace registered or given
 * search attributes is seen by every service within 2 s instead of 10 s, so a cluster just set up is usable at once.
 */
export const CLUSTER_EXTRA_DYNAMIC_CONFIG: readonly string[] = ['system.namespaceCacheRefreshInterval="2s"'];

/**
 * The file-based dynamic config the server polls: `key: [{ value: … }]`. The `key=value` strings are the dev
 * server's `--dynamic-config-value` form, whose values are JSON; JSON is YAML, so the file is written as JSON.
 */
export function dynamicConfigFileText(values: readonly string[] = [...DISPATCH_DYNAMIC_CONFIG, ...CLUSTER_EXTRA_DYNAMIC_CONFIG]): string {
  const doc: Record<string, { value: unknown }[]> = {};
  for (const entry of values) {
    const at = entry.indexOf('=');
    doc[entry.slice(0, at)] = [{ value: JSON.parse(entry.slice(at + 1)) as unknown }];
  }
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** The server's static config (development.yaml), written as JSON (a YAML subset the server's loader reads). */
export function clusterConfigText(c: ClusterConfigInput): string {
  const frontend = `${c.host}:${c.ports.frontend.grpc}`;
  const sql = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12', databaseName, connectAddr: `${c.postgres.host}:${c.postgres.port}`, connectProtocol: 'tcp',
      user: c.postgres.user, password: c.postgres.password, maxConns, maxIdleConns: maxConns, maxConnLifetime: '1h',
    },
  });
  const rpc = (p: ServicePorts) => ({ rpc: { grpcPort: p.grpc, membershipPort: p.membership, bindOnIP: c.host, ...(p.http ? { httpPort: p.http } : {}) } });
  const config = {
    log: { stdout: true, level: c.logLevel },
    persistence: {
      defaultStore: 'postgres-default', visibilityStore: 'postgres-visibility', numHistoryShards: c.numHistoryShards,
      datastores: { 'postgres-default': sql(c.databases.main, 20), 'postgres-visibility': sql(c.databases.visibility, 10) },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: c.host } },
    services: Object.fromEntries(Object.entries(c.ports).map(([name, p]) => [name, rpc(p)])),
    clusterMetadata: {
      enableGlobalNamespace: false, failoverVersionIncrement: 10, masterClusterName: 'active', currentClusterName: 'active',
      clusterInformation: { active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: frontend } },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    namespaceDefaults: { archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } } },
    publicClient: { hostPort: frontend },
    dynamicConfigClient: { filepath: c.dynamicConfigFile, pollInterval: '10s' },
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
