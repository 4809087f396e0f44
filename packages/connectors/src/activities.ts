// Node entry point: the registry the worker loads. One line per connector folder.
import { activityName } from '@lienthong/schemas';
import type { ConnectorActivity, ConnectorDeps, ConnectorModule } from './sdk/types.js';
import { verifyCitizen } from './ngsp/population/verify-citizen/index.js';
import { getCitizen } from './ngsp/population/get-citizen/index.js';

export const connectorModules: readonly ConnectorModule[] = [
  verifyCitizen,
  getCitizen,
];

export function createConnectorActivities(deps: ConnectorDeps): Record<string, ConnectorActivity> {
  return Object.fromEntries(connectorModules.map((m) => [activityName(m.manifest), m.createActivity(deps)]));
}
export * from './sdk/types.js';
export { createHttpClient, classifyStatus, retryAfterMs, excerpt } from './sdk/http.js';
