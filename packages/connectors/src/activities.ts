// Node entry point: the registry the worker loads. manifests.ts says which connectors exist and in what order;
// connector-modules.ts adds each one's activity (a connector is registered by one line in each).
import { activityName } from '@lienthong/schemas';
import type { ConnectorActivity, ConnectorDeps, ConnectorModule } from './sdk/types.js';
import * as modules from './connector-modules.js';
import { manifests } from './manifests.js';

const keyOf = (m: { id: string; version: string }) => `${m.id}@${m.version}`;
const byManifest = new Map<string, ConnectorModule>(Object.values(modules).map((m: ConnectorModule) => [keyOf(m.manifest), m]));
if (byManifest.size !== manifests.length) throw new Error(`connector-modules.ts lists ${byManifest.size} connectors, manifests.ts ${manifests.length}`);

export const connectorModules: readonly ConnectorModule[] = manifests.map((man) => {
  const m = byManifest.get(keyOf(man));
  if (!m) throw new Error(`connector ${keyOf(man)} is in manifests.ts but not in connector-modules.ts`);
  return m;
});

export function createConnectorActivities(deps: ConnectorDeps): Record<string, ConnectorActivity> {
  return Object.fromEntries(connectorModules.map((m) => [activityName(m.manifest), m.createActivity(deps)]));
}
export * from './sdk/types.js';
export { createHttpClient, classifyStatus, retryAfterMs, excerpt, hasTransport } from './sdk/http.js';
export { transportOf } from './sdk/operation.js';
