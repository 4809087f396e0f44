import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DefaultLogger, Runtime, Worker, makeTelemetryFilterString, type LogLevel } from '@temporalio/worker';
import { verifyRunBundle, type RunBundle } from '@lienthong/services';
import { EncryptionCodec, payloadKeyFromMaster } from '@lienthong/temporal';
import { workflowsPath } from '@lienthong/worker';
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
  divergence?: { message: string; eventId?: number; eventType?: string; activityType?: string; patch?: string };
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
  const check = { ok, problems: checked };
  const path = resolve(opts.workflowsPath ?? workflowsPath);
  const options = { workflowsPath: path, replayName: `audit-${bundle.runId}`, dataConverter: { payloadCodecs: [new EncryptionCodec(payloadKeyFromMaster(opts.masterKey))] } };
  try {
    await Worker.runReplayHistory(options, bundle.history, bundle.runId);
    return { verified: check.ok, ...signer, deterministic: true, problems: check.problems, workflowsPath: path };
  } catch (err) {
    const { name, message } = err as Error;
    // Anything but a determinism violation (a payload the key cannot decrypt, a build that does not bundle)
    // means the replay could not be judged: a problem, not a divergence.
    if (name !== 'DeterminismViolationError') {
      return { verified: check.ok, ...signer, deterministic: false, problems: [...check.problems, `replay could not run: ${message}`], workflowsPath: path };
    }
    let at = divergingEvent(message, bundle.history);
    if (at.eventId === undefined) at = await divergingTask(options, bundle);
    return { verified: check.ok, ...signer, deterministic: false, problems: check.problems, workflowsPath: path, divergence: { message, ...at } };
  }
}

/**
 * When the SDK's message does not say which event, find it by replaying growing prefixes of the history (each up
 * to a workflow task's start, so the commands of every earlier task are checked): the first prefix that fails
 * holds the task whose commands diverge, and the event named is that task's first recorded command.
 */
async function divergingTask(options: Parameters<typeof Worker.runReplayHistories>[0], bundle: RunBundle): Promise<ReturnType<typeof divergingEvent>> {
  const history = bundle.history as { events?: HistoryEvent[] };
  const events = history.events ?? [];
  const started = events.flatMap((e, i) => (e.eventType === 'EVENT_TYPE_WORKFLOW_TASK_STARTED' ? [i] : [])).slice(0, 200);
  const firstCommandAfter = (taskStartIndex: number) => {
    const completed = events.findIndex((e, i) => i > taskStartIndex && e.eventType === 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED');
    return completed >= 0 ? events[completed + 1] : undefined;
  };
  const prefixes = started.map((end) => ({ workflowId: bundle.runId, history: { ...history, events: events.slice(0, end + 1) } }));
  let failedAt: number | undefined;
  let n = 0;
  for await (const r of Worker.runReplayHistories(options, prefixes)) {
    if (r.error?.name === 'DeterminismViolationError') { failedAt = n; break; }
    n += 1;
  }
  // Prefix k fails: the commands of task k-1 diverge. None fails: the last task's commands do.
  const task = failedAt === undefined ? started.at(-1) : started[failedAt - 1];
  const hit = task === undefined ? undefined : firstCommandAfter(task);
  return hit ? divergingEvent(`HistoryEvent(id: ${String(hit.eventId)}`, history) : {};
}

interface HistoryEvent {
  eventId?: string | number;
  eventType?: string | number;
  activityTaskScheduledEventAttributes?: { activityId?: string; activityType?: { name?: string } };
  timerStartedEventAttributes?: { timerId?: string };
  markerRecordedEventAttributes?: { markerName?: string; details?: Record<string, { payloads?: { metadata?: Record<string, string>; data?: string }[] }> };
}

/**
 * What core wrote into a marker (plain JSON, outside the payload codec): a local activity's sequence number and type
 * (marker "core_local_activity"), or a patch's id (marker "core_patch").
 */
function markerData(e: HistoryEvent): { marker: string; seq?: number; activity_type?: string; id?: string } | undefined {
  const m = e.markerRecordedEventAttributes;
  if (!m?.markerName) return undefined;
  for (const field of Object.values(m.details ?? {})) {
    const data = field.payloads?.[0]?.data;
    try {
      const parsed = data ? JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as unknown : undefined;
      if (parsed && typeof parsed === 'object') return { marker: m.markerName, ...(parsed as { seq?: number; activity_type?: string; id?: string }) };
    } catch { /* an encrypted or binary payload: not core's own data */ }
  }
  return { marker: m.markerName };
}

/**
 * The event the divergence is about, with its type and, for a connector call, the activity. The SDK
 * names it by id ("HistoryEvent(id: 5, …)"), by the command's sequence number ("LocalActivity(1)",
 * "Timer(2)", "Activity(3)"), by a patch ("… for change <id>, but there is no corresponding change command") or by
 * a value it recorded ("scheduled event 'x@1'").
 */
function divergingEvent(message: string, history: unknown): { eventId?: number; eventType?: string; activityType?: string; patch?: string } {
  const events = (history as { events?: HistoryEvent[] }).events ?? [];
  const describe = (e: HistoryEvent | undefined) => {
    if (e?.eventId === undefined) return {};
    const marker = markerData(e);
    const activityType = e.activityTaskScheduledEventAttributes?.activityType?.name ?? (marker?.marker === 'core_local_activity' ? marker.activity_type : undefined);
    const patch = marker?.marker === 'core_patch' ? marker.id : undefined;
    return { eventId: Number(e.eventId), ...(typeof e.eventType === 'string' ? { eventType: e.eventType.replace(/^EVENT_TYPE_/, '') } : {}),
      ...(activityType ? { activityType } : {}), ...(patch ? { patch } : {}) };
  };
  const byId = /HistoryEvent\(id:\s*(\d+)/.exec(message) ?? /event(?:\s+id)?\s*#?(\d+)/i.exec(message);
  if (byId) return { eventId: Number(byId[1]), ...describe(events.find((e) => Number(e.eventId) === Number(byId[1]))) };
  const bySeq = /\b(LocalActivity|Activity|Timer)\((\d+)\)/.exec(message);
  if (bySeq) {
    const [, kind, seq] = bySeq;
    const hit = events.find((e) => (kind === 'LocalActivity' ? (markerData(e)?.marker === 'core_local_activity' && markerData(e)?.seq === Number(seq))
      : kind === 'Activity' ? e.activityTaskScheduledEventAttributes?.activityId === seq
        : e.timerStartedEventAttributes?.timerId === seq));
    if (hit) return describe(hit);
  }
  // "patch marker encountered for change <id>, but there is no corresponding change command"
  const byPatch = /for change ([^\s,]+)/.exec(message);
  if (byPatch) {
    const hit = events.find((e) => { const m = markerData(e); return m?.marker === 'core_patch' && m.id === byPatch[1]; });
    if (hit) return describe(hit);
  }
  for (const [, quoted] of message.matchAll(/'([^']+)'/g)) {
    const hit = events.find((e) => markerData(e)?.activity_type === quoted || JSON.stringify(e).includes(`"${quoted}"`));
    if (hit) return describe(hit);
  }
  return {};
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
