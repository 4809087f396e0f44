import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { Worker, bundleWorkflowCode, type ReplayWorkerOptions } from '@temporalio/worker';
import type { PayloadCodec } from '@temporalio/common';
import { workflowsPath as currentWorkflowsPath } from './worker.js';

/** Where the interpreter stopped agreeing with the history: the SDK's message and the event it is about. */
export interface Divergence { message: string; eventId?: number; eventType?: string; activityType?: string; patch?: string }

/** What replaying one recorded history on a workflows build found. */
export interface ReplayOutcome {
  /** The build makes the same decisions from the recorded history. */
  deterministic: boolean;
  divergence?: Divergence;
  /** The replay could not be judged (a payload the key cannot decrypt, a build that does not bundle): not a divergence. */
  problem?: string;
  /** The workflows entry replayed against. */
  workflowsPath: string;
  /** The build replayed against: SHA-256 of its workflow bundle (the same code gives the same value). */
  workflowsBuild: string;
}

export interface HistoryReplayer {
  replay(history: unknown, runId: string): Promise<ReplayOutcome>;
}

export interface HistoryReplayerOptions {
  /** Decrypts the recorded payloads (the platform's EncryptionCodec). */
  payloadCodec: PayloadCodec;
  /** A worker build's workflows entry; default: this install's. */
  workflowsPath?: string;
}

/**
 * Replays recorded histories on a workflows build (the current worker's by default) and locates a divergence, for
 * `lienthong replay` and the console's "verify replay". The workflow bundle is built once, on first use, and reused:
 * webpack takes seconds and most of the memory of a replay.
 */
export function createHistoryReplayer(opts: HistoryReplayerOptions): HistoryReplayer {
  const path = resolve(opts.workflowsPath ?? currentWorkflowsPath);
  let built: Promise<{ code: string; build: string }> | undefined;
  const bundle = () => {
    built ??= bundleWorkflowCode({ workflowsPath: path }).then(({ code }) => ({ code, build: `sha256:${createHash('sha256').update(code).digest('hex')}` }));
    // A failed build is not cached: the next verification tries again.
    built.catch(() => { built = undefined; });
    return built;
  };
  return {
    async replay(history, runId) {
      let code: string;
      let build = 'unbuilt';
      try {
        ({ code, build } = await bundle());
      } catch (err) {
        return { deterministic: false, problem: `replay could not run: ${(err as Error).message}`, workflowsPath: path, workflowsBuild: build };
      }
      const options: ReplayWorkerOptions = { workflowBundle: { code }, replayName: `audit-${runId}`, dataConverter: { payloadCodecs: [opts.payloadCodec] } };
      const base = { workflowsPath: path, workflowsBuild: build };
      try {
        await Worker.runReplayHistory(options, history, runId);
        return { deterministic: true, ...base };
      } catch (err) {
        const { name, message } = err as Error;
        if (name !== 'DeterminismViolationError') return { deterministic: false, problem: `replay could not run: ${message}`, ...base };
        let at = divergingEvent(message, history);
        if (at.eventId === undefined) at = await divergingTask(options, runId, history);
        return { deterministic: false, divergence: { message, ...at }, ...base };
      }
    },
  };
}

/**
 * When the SDK's message does not say which event, find it by replaying growing prefixes of the history (each up
 * to a workflow task's start, so the commands of every earlier task are checked): the first prefix that fails
 * holds the task whose commands diverge, and the event named is that task's first recorded command.
 */
async function divergingTask(options: ReplayWorkerOptions, runId: string, recorded: unknown): Promise<Omit<Divergence, 'message'>> {
  const history = recorded as { events?: HistoryEvent[] };
  const events = history.events ?? [];
  const started = events.flatMap((e, i) => (e.eventType === 'EVENT_TYPE_WORKFLOW_TASK_STARTED' ? [i] : [])).slice(0, 200);
  const firstCommandAfter = (taskStartIndex: number) => {
    const completed = events.findIndex((e, i) => i > taskStartIndex && e.eventType === 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED');
    return completed >= 0 ? events[completed + 1] : undefined;
  };
  const prefixes = started.map((end) => ({ workflowId: runId, history: { ...history, events: events.slice(0, end + 1) } }));
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
function divergingEvent(message: string, history: unknown): Omit<Divergence, 'message'> {
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
