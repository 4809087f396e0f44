import type { Client } from '@temporalio/client';
import type { MasterKey } from '@lienthong/db';
import { LtError } from '@lienthong/errors';
import type { FlowService } from './flows.js';
import { exportRunBundle, bundleSigningKey, publicKeyFingerprint, type RunBundle } from './run-bundle.js';
import { pageTokenKey, runTimeline, searchRuns, type RunSearchFilter } from './run-search.js';
import type { Caller } from './runs.js';

/** What replaying a recorded history on the current worker build found (the worker's replayer, injected by the platform). */
export interface ReplayVerdict {
  deterministic: boolean;
  divergence?: { message: string; eventId?: number; eventType?: string; activityType?: string; patch?: string };
  /** The replay could not be judged (e.g. a payload the key cannot decrypt): not a divergence. */
  problem?: string;
  workflowsBuild: string;
}
/** Replays one run's history; the platform wires the worker's (services do not depend on the worker). */
export interface HistoryReplayer { replay(history: unknown, runId: string): Promise<ReplayVerdict> }

/** What auditors and operators read: run search, step timelines and signed evidence bundles. */
export function createEvidenceService(temporal: Client, flows: FlowService, masterKey?: MasterKey, replayer?: HistoryReplayer) {
  const keyB64 = () => {
    if (!masterKey) throw new LtError('INTERNAL', { ref: 'no-master-key' });
    return masterKey.key.toString('base64');
  };
  const tokenKey = pageTokenKey(masterKey);
  return {
    search: (f: RunSearchFilter, caller?: Caller) => searchRuns(temporal, f, caller, tokenKey),
    timeline: (runId: string) => runTimeline(temporal, runId),
    bundle: (runId: string): Promise<RunBundle> => exportRunBundle(temporal, flows, runId, keyB64()),
    /** Replays the run's recorded history on the current worker build: "deterministic", or the diverging event. */
    verifyReplay: async (runId: string): Promise<ReplayVerdict> => {
      if (!replayer) throw new LtError('INTERNAL', { ref: 'no-replayer' });
      const { history } = await exportRunBundle(temporal, flows, runId, keyB64());
      const { deterministic, divergence, problem, workflowsBuild } = await replayer.replay(history, runId);
      return { deterministic, workflowsBuild, ...(divergence ? { divergence } : {}), ...(problem ? { problem } : {}) };
    },
    /** The public key auditors pin when verifying bundles offline. */
    publicKey: (): string => bundleSigningKey(keyB64()).publicKeyPem,
    /** The same key as published (API, console, docs): PEM, algorithm and SHA-256 fingerprint of its SPKI DER. */
    signingKey: (): { alg: 'Ed25519'; publicKey: string; fingerprint: string } => {
      const pem = bundleSigningKey(keyB64()).publicKeyPem;
      return { alg: 'Ed25519', publicKey: pem, fingerprint: publicKeyFingerprint(pem) };
    },
  };
}
export type EvidenceService = ReturnType<typeof createEvidenceService>;
