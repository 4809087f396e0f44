export * from './keys.js';
export { resolveTemporalCli, cacheDir, notFoundMessage, TemporalCliUnavailable, TEMPORAL_CLI_VERSION, type Log } from './cli-install.js';
export { startDevServer, freePort, searchAttributeArgs, DEFAULT_SQLITE_PRAGMAS, type DevServer, type DevServerOptions } from './dev-server.js';
export { temporalConfigFromEnv, connectClient, type TemporalConfig } from './connection.js';
export { EncryptionCodec, payloadKeyFromMaster, type PayloadKey } from './codec.js';
export { DISPATCH_DYNAMIC_CONFIG, QUEUE_POLL_RPS, dispatchConfigArgs } from './dispatch-config.js';
export { TEMPORAL_SERVER_VERSION, SERVER_INSTALL_COMMAND, TemporalServerUnavailable, resolveTemporalServer, installTemporalServer, serverCacheDir, type TemporalServerBinaries } from './server-install.js';
export { startCluster, setupClusterDatabase, type ClusterOptions, type TemporalCluster } from './cluster.js';
export { CLUSTER_SERVICES, CLUSTER_EXTRA_DYNAMIC_CONFIG, dynamicConfigFileText, type ClusterService } from './cluster-config.js';
