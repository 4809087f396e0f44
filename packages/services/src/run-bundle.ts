import { createHash, createPrivateKey, createPublicKey, hkdfSync, sign, verify, type KeyObject } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { LtError } from '@lienthong/errors';
import { canonicalJson, sha256Hex } from '@lienthong/flow';
import type { FlowDocument } from '@lienthong/schemas';
import type { FlowService } from './flows.js';

export const BUNDLE_FORMAT = 'lienthong-run-bundle/1';

/**
 * A run's evidence for auditors: the full Temporal event history (the JSON `temporal workflow show
 * -o json` prints; payloads as stored, i.e. encrypted), the pinned flow version and its hash,
 * signed with the platform's Ed25519 key so any alteration is detectable with the public key alone.
 */
export interface RunBundle {
  format: typeof BUNDLE_FORMAT;
  runId: string;
  exportedAt: string;
  flow: { key: string; version: number; hash: string; document: FlowDocument };
  history: unknown;
  historySha256: string;
  signature: { alg: 'Ed25519'; publicKey: string; value: string };
}

/** The bundle-signing key pair, derived from the master key (HKDF seed → Ed25519). */
export function bundleSigningKey(masterKeyBase64: string): { privateKey: KeyObject; publicKeyPem: string } {
  const seed = Buffer.from(hkdfSync('sha256', Buffer.from(masterKeyBase64, 'base64'), Buffer.alloc(0), 'lienthong/run-bundle-signing/v1', 32));
  // PKCS#8 wrapping of a raw Ed25519 seed.
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  return { privateKey, publicKeyPem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString() };
}

const signedPart = (b: Omit<RunBundle, 'signature'>) => Buffer.from(canonicalJson({ format: b.format, runId: b.runId, exportedAt: b.exportedAt, flow: b.flow, historySha256: b.historySha256 }));

export async function exportRunBundle(temporal: Client, flows: FlowService, runId: string, masterKeyBase64: string, now: Date = new Date()): Promise<RunBundle> {
  const handle = temporal.workflow.getHandle(runId);
  let history;
  try {
    history = await handle.fetchHistory();
  } catch {
    throw new LtError('RUN_NOT_FOUND', { runId });
  }
  const desc = await handle.describe();
  const key = String(desc.searchAttributes.LtFlowId?.[0] ?? '');
  const version = Number(desc.searchAttributes.LtFlowVersion?.[0] ?? 0);
  const v = await flows.get(key, version);
  const historyJson = JSON.parse(historyToJSON(history)) as unknown;
  const unsigned = { format: BUNDLE_FORMAT, runId, exportedAt: now.toISOString(), flow: { key, version, hash: v.hash, document: v.document },
    history: historyJson, historySha256: sha256Hex(canonicalJson(historyJson)) } as const;
  const { privateKey, publicKeyPem } = bundleSigningKey(masterKeyBase64);
  return { ...unsigned, signature: { alg: 'Ed25519', publicKey: publicKeyPem, value: sign(null, signedPart(unsigned), privateKey).toString('base64') } };
}

/** SHA-256 of a public key's SPKI DER, hex in groups of four (as auditors read it aloud or compare it on paper). */
export function publicKeyFingerprint(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return (createHash('sha256').update(der).digest('hex').toUpperCase().match(/.{4}/g) ?? []).join(' ');
}

/**
 * What a bundle check found. `intact`: the history matches its digest and the signature matches the key it was checked
 * with. `signer`: 'verified' only when that key is the one the auditor pinned (the platform's published key);
 * 'unverified' when none was pinned (the key inside the bundle proves nothing: anyone can re-sign with their own);
 * 'refused' when a pinned key was given and the bundle was not signed by it.
 */
export interface BundleCheck {
  ok: boolean;
  intact: boolean;
  signer: 'verified' | 'unverified' | 'refused';
  /** Fingerprint of the key the bundle says signed it (compare it with the platform's published one). */
  embeddedKeyFingerprint?: string;
  /** Fingerprint of the pinned key, when one was given. */
  pinnedKeyFingerprint?: string;
  problems: string[];
}

const parseKey = (pem: string): KeyObject | undefined => { try { return createPublicKey(pem); } catch { return undefined; } };
const sameKey = (a: KeyObject, b: KeyObject) => a.export({ type: 'spki', format: 'der' }).equals(b.export({ type: 'spki', format: 'der' }));

/**
 * Checks the history digest and the signature. With `trustedPublicKey` (the platform's published key, pinned by the
 * auditor) the signature must be that key's; without it only the bundle's own key is checked and the signer stays
 * unverified: `ok` is true only for an intact bundle signed by the pinned key.
 */
export function verifyRunBundle(b: RunBundle, trustedPublicKey?: string): BundleCheck {
  const problems: string[] = [];
  if (b.format !== BUNDLE_FORMAT) problems.push(`unknown format ${String(b.format)}`);
  const digest = sha256Hex(canonicalJson(b.history));
  if (digest !== b.historySha256) problems.push('history does not match its digest (altered)');
  const embedded = parseKey(String(b.signature?.publicKey ?? ''));
  if (!embedded) problems.push('the bundle carries no readable public key');
  const pinned = trustedPublicKey === undefined ? undefined : parseKey(trustedPublicKey);
  if (trustedPublicKey !== undefined && !pinned) problems.push('the pinned public key is not a PEM public key');
  const signedByPinned = Boolean(pinned && embedded && sameKey(pinned, embedded));
  if (pinned && embedded && !signedByPinned) problems.push('signed with another key');
  const key = pinned ?? embedded;
  const { signature, ...rest } = b;
  const sigOk = Boolean(key) && verify(null, signedPart(rest), key as KeyObject, Buffer.from(String(signature?.value ?? ''), 'base64'));
  if (key && !sigOk) problems.push('signature invalid');
  const intact = digest === b.historySha256 && b.format === BUNDLE_FORMAT && sigOk;
  const signer = trustedPublicKey === undefined ? 'unverified' : signedByPinned && sigOk ? 'verified' : 'refused';
  return {
    ok: intact && signer === 'verified', intact, signer, problems,
    ...(embedded ? { embeddedKeyFingerprint: publicKeyFingerprint(String(b.signature.publicKey)) } : {}),
    ...(pinned ? { pinnedKeyFingerprint: publicKeyFingerprint(trustedPublicKey as string) } : {}),
  };
}
