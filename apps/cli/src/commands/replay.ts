import { existsSync, readFileSync } from 'node:fs';
import { DefaultLogger, Runtime, makeTelemetryFilterString, type LogLevel } from '@temporalio/worker';
import { verifyRunBundle, type RunBundle } from '@lienthong/services';
import { EncryptionCodec, payloadKeyFromMaster } from '@lienthong/temporal';
import { createHistoryReplayer, type Divergence } from '@lienthong/worker';
import { loadConfig } from '../config.js';
import { callApi, defaultIo, parseArgs, type CliIo } from './flow.js';

type BundleCheck = ReturnType<typeof verifyRunBundle>;

export interface ReplayReport {
  /** The history matches its digest, signed by the pinned key: `intact` and `signer` 'verified'. */
  verified: boolean;
  /** The history matches its digest and the signature matches the key it was checked with (pinned, else the bundle's own). */
  intact: boolean;
  /** 'verified': signed by the pinned key; 'unverified': no key pinned (the bundle's own key proves nothing); 'refused': not the pinned key. */
  signer: BundleCheck['signer'];
  embeddedKeyFingerprint?: string;
  pinnedKeyFingerprint?: string;
  /** The current interpreter makes the same decisions from the recorded history. */
  deterministic: boolean;
  problems: string[];
  /** Where the interpreter stopped agreeing with the history: the SDK's message and the event it is about. */
  divergence?: Divergence;
  /** The workflows entry replayed against: the current worker's unless the auditor named another build. */
  workflowsPath: string;
}

export interface ReplayOptions {
  masterKey: string;
  trustedPublicKey?: string;
  /** A worker build's workflows entry (e.g. `…/apps/worker/dist/workflows/index.js` of a given release); default: this install's. */
  workflowsPath?: string;
}

/**
 * Replays a run bundle's history on the current worker code, or on the worker build the auditor names
 * (the payload key decrypts the stored payloads), and checks its signature: an auditor's independent
 * proof of what the run did.
 */
export async function replayBundle(bundle: RunBundle, opts: ReplayOptions): Promise<ReplayReport> {
  const { ok, problems: checked, ...signer } = verifyRunBundle(bundle, opts.trustedPublicKey);
  const replayer = createHistoryReplayer({ payloadCodec: new EncryptionCodec(payloadKeyFromMaster(opts.masterKey)), ...(opts.workflowsPath ? { workflowsPath: opts.workflowsPath } : {}) });
  const r = await replayer.replay(bundle.history, bundle.runId);
  return { verified: ok, ...signer, deterministic: r.deterministic, problems: r.problem ? [...checked, r.problem] : checked, workflowsPath: r.workflowsPath,
    ...(r.divergence ? { divergence: r.divergence } : {}) };
}

/** The key to pin: a PEM file, or the platform's published key (GET /api/v1/audit/signing-key). */
async function pinnedKey(options: Record<string, string | true>, io: CliIo): Promise<{ pem?: string; problem?: string }> {
  if (typeof options['public-key'] === 'string') {
    try { return { pem: readFileSync(options['public-key'], 'utf8') }; } catch (err) { return { problem: `không đọc được khóa / cannot read the key file: ${(err as Error).message}` }; }
  }
  if (typeof options.platform !== 'string') return {};
  const viaIo: CliIo = { ...io, env: { ...io.env, LT_API_URL: options.platform } };
  const r = await callApi(viaIo, 'GET', '/audit/signing-key');
  if (r.status !== 200 || typeof r.body?.publicKey !== 'string') return { problem: `không lấy được khóa của nền tảng / cannot fetch the platform's key (HTTP ${r.status})` };
  return { pem: String(r.body.publicKey) };
}

const USAGE = 'Cách dùng / usage: lienthong replay <bundle.json> [--public-key <pem file> | --platform <url>] [--workflows <workflows entry of a worker build>]\n';

/**
 * Exit codes: 0 signer verified against the pinned key and replay deterministic; 1 refused (altered, signed by another
 * key than the pinned one, or diverging); 2 usage; 3 intact and deterministic but the signer UNVERIFIED (no key pinned).
 */
export async function replayCommand(args: string[], io: CliIo = defaultIo): Promise<number> {
  const { positional, options } = parseArgs(args);
  const file = positional[0];
  if (!file) { process.stderr.write(USAGE); return 2; }
  const key = await pinnedKey(options, io);
  if (key.problem) { process.stderr.write(`${key.problem}\n`); return 2; }
  const workflows = typeof options.workflows === 'string' ? options.workflows : undefined;
  if (workflows !== undefined && !existsSync(workflows)) {
    process.stderr.write(`Không tìm thấy mã workflow / workflows entry not found: ${workflows}\n`);
    return 2;
  }
  const bundle = JSON.parse(readFileSync(file, 'utf8')) as RunBundle;
  // The report is the command's stdout; the SDK's own log (bundler output, worker states) goes to stderr, warnings and up.
  const level = (process.env.LT_WORKER_LOG_LEVEL ?? 'WARN') as LogLevel;
  Runtime.install({
    logger: new DefaultLogger(level, ({ level: l, message }) => { process.stderr.write(`[${l}] ${message}\n`); }),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: level }), forward: {} } },
  });
  const r = await replayBundle(bundle, { masterKey: loadConfig().masterKey, ...(key.pem ? { trustedPublicKey: key.pem } : {}), ...(workflows ? { workflowsPath: workflows } : {}) });
  process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  process.stdout.write(`${summary(bundle.runId, r)}\n`);
  return r.verified && r.deterministic ? 0 : r.intact && r.deterministic && r.signer === 'unverified' ? 3 : 1;
}

/** One line for people: what holds, and what does not. */
function summary(runId: string, r: ReplayReport): string {
  const at = r.divergence?.eventId !== undefined
    ? ` (tại sự kiện / at event ${r.divergence.eventId}${r.divergence.eventType ? ` ${r.divergence.eventType}` : ''}${r.divergence.activityType ? ` ${r.divergence.activityType}` : ''}${r.divergence.patch ? ` patch ${r.divergence.patch}` : ''})` : '';
  if (r.verified && r.deterministic) {
    return `Lượt chạy ${runId}: chữ ký hợp lệ, người ký đã xác minh bằng khóa đã ghim (${r.pinnedKeyFingerprint ?? ''}), phát lại khớp (tất định). / signature valid, signer verified against the pinned key, replay deterministic.`;
  }
  if (r.intact && r.deterministic && r.signer === 'unverified') {
    return `Lượt chạy ${runId}: NGƯỜI KÝ CHƯA XÁC MINH / signer UNVERIFIED — gói nhất quán với khóa nó tự mang (${r.embeddedKeyFingerprint ?? '?'}), phát lại khớp; `
      + 'ghim khóa của nền tảng bằng --public-key hoặc --platform / the bundle is consistent with the key it carries and replays deterministically; pin the platform\'s key with --public-key or --platform.';
  }
  const refused = r.signer === 'refused' ? 'BỊ TỪ CHỐI / REFUSED' : 'KHÔNG khớp / does NOT verify';
  return `Lượt chạy ${runId}: ${refused}${at}: ${[...r.problems, r.divergence?.message ?? ''].filter(Boolean).join('; ')}`;
}

export { exportCommand } from './export.js';
