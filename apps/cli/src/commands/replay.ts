import { readFileSync, writeFileSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { createDb } from '@lienthong/db';
import { createFlowService, exportRunBundle, verifyRunBundle, type RunBundle } from '@lienthong/services';
import { connectClient, EncryptionCodec, payloadKeyFromMaster } from '@lienthong/temporal';
import { manifests } from '@lienthong/connectors/manifests';
import { workflowsPath } from '@lienthong/worker';
import { loadConfig } from '../config.js';

export interface ReplayReport {
  /** Signature and digest check. */
  verified: boolean;
  /** The current interpreter makes the same decisions from the recorded history. */
  deterministic: boolean;
  problems: string[];
  divergence?: { message: string; eventId?: number };
}

/**
 * Replays a run bundle's history on the current worker code (the payload key decrypts the stored
 * payloads) and checks its signature: an auditor's independent proof of what the run did.
 */
export async function replayBundle(bundle: RunBundle, opts: { masterKey: string; trustedPublicKey?: string }): Promise<ReplayReport> {
  const check = verifyRunBundle(bundle, opts.trustedPublicKey);
  try {
    await Worker.runReplayHistory({ workflowsPath, replayName: `audit-${bundle.runId}`, dataConverter: { payloadCodecs: [new EncryptionCodec(payloadKeyFromMaster(opts.masterKey))] } }, bundle.history, bundle.runId);
    return { verified: check.ok, deterministic: true, problems: check.problems };
  } catch (err) {
    const message = (err as Error).message;
    const eventId = divergingEvent(message, bundle.history);
    return { verified: check.ok, deterministic: false, problems: check.problems, divergence: { message, ...(eventId !== undefined ? { eventId } : {}) } };
  }
}

/**
 * The event the divergence is about. The SDK names it by id ("event 5") or by a value it recorded
 * ("scheduled event 'x@1'"): find the first history event carrying that value.
 */
function divergingEvent(message: string, history: unknown): number | undefined {
  const byId = /event(?:\s+id)?\s*#?(\d+)/i.exec(message);
  if (byId) return Number(byId[1]);
  const events = (history as { events?: { eventId?: string }[] }).events ?? [];
  for (const [, quoted] of message.matchAll(/'([^']+)'/g)) {
    const hit = events.find((e) => JSON.stringify(e).includes(`"${quoted}"`));
    if (hit?.eventId) return Number(hit.eventId);
  }
  return undefined;
}

export async function replayCommand(args: string[]): Promise<number> {
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) {
    process.stderr.write('Cách dùng / usage: lienthong replay <bundle.json> [--public-key <pem file>]\n');
    return 2;
  }
  const keyIdx = args.indexOf('--public-key');
  const trusted = keyIdx >= 0 && args[keyIdx + 1] ? readFileSync(args[keyIdx + 1] as string, 'utf8') : undefined;
  const bundle = JSON.parse(readFileSync(file, 'utf8')) as RunBundle;
  const r = await replayBundle(bundle, { masterKey: loadConfig().masterKey, ...(trusted ? { trustedPublicKey: trusted } : {}) });
  process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  process.stdout.write(r.verified && r.deterministic
    ? `Lượt chạy ${bundle.runId}: chữ ký hợp lệ, phát lại khớp (tất định). / signature valid, replay deterministic.\n`
    : `Lượt chạy ${bundle.runId}: KHÔNG khớp / does NOT verify: ${[...r.problems, r.divergence?.message ?? ''].filter(Boolean).join('; ')}\n`);
  return r.verified && r.deterministic ? 0 : 1;
}

export async function exportCommand(args: string[]): Promise<number> {
  const runId = args.find((a) => !a.startsWith('-'));
  if (!runId) {
    process.stderr.write('Cách dùng / usage: lienthong export <runId> [-o bundle.json]\n');
    return 2;
  }
  const outIdx = args.indexOf('-o');
  const cfg = loadConfig();
  const db = createDb({ ...(cfg.databaseUrl ? { DATABASE_URL: cfg.databaseUrl } : {}), DATA_DIR: cfg.dataDir });
  const temporal = await connectClient({ address: cfg.temporalAddress ?? `127.0.0.1:${cfg.temporalPort}`, namespace: cfg.temporalNamespace });
  try {
    const bundle = await exportRunBundle(temporal, createFlowService(db.db, manifests), runId, cfg.masterKey);
    const text = `${JSON.stringify(bundle, null, 2)}\n`;
    if (outIdx >= 0 && args[outIdx + 1]) writeFileSync(args[outIdx + 1] as string, text);
    else process.stdout.write(text);
    return 0;
  } finally {
    await temporal.connection.close();
    await db.close();
  }
}
