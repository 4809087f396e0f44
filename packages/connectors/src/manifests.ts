// Browser-safe entry point: pure data only. One line per connector folder.
import type { ConnectorManifest } from '@lienthong/schemas';
import { manifest as verifyCitizen } from './ngsp/population/verify-citizen/manifest.js';
import { manifest as getCitizen } from './ngsp/population/get-citizen/manifest.js';

export const manifests: readonly ConnectorManifest[] = [
  verifyCitizen,
  getCitizen,
];

export function findManifest(id: string, version?: string): ConnectorManifest | undefined {
  return manifests.find((m) => m.id === id && (version === undefined || m.version === version));
}
export { defineConnector, type ConnectorExample } from './sdk/types.js';
