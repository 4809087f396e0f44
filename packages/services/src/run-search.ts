import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Client } from '@temporalio/client';
import protoPkg from '@temporalio/proto';

const proto = protoPkg.temporal; // CommonJS package: named ESM imports are not available
import { LtError } from '@lienthong/errors';
import { RUN_FLOW_QUERY } from '@lienthong/temporal/contracts';
import type { Caller } from './runs.js';

export interface RunSearchFilter {
  flowKey?: string;
  version?: number;
  agency?: string;
  status?: 'running' | 'completed' | 'failed' | 'cancelled' | 'terminated' | 'timed_out';
  trigger?: string;
  /** Declared business key, e.g. dossierNo=000.25.94.H48-260115-0007 */
  businessKey?: string;
  from?: string;
  to?: string;
  limit?: number;
  pageToken?: string;
}

export interface RunSummary {
  runId: string;
  flowKey: string;
  version: number;
  agency: string | null;
  trigger: string;
  status: string;
  businessKeys: string[];
  startedAt: string;
  finishedAt?: string;
}

const STATUS: Record<NonNullable<RunSearchFilter['status']>, string> = {
  running: 'Running', completed: 'Completed', failed: 'Failed', cancelled: 'Canceled', terminated: 'Terminated', timed_out: 'TimedOut',
};
const quote = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function isoOrThrow(v: string, field: string): string {
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new LtError('REQUEST_VALIDATION_FAILED', { pointer: field, detail: 'expected an ISO 8601 date-time', detailVi: 'cần ngày giờ ISO 8601' }, { field });
  return d.toISOString();
}

/** The visibility query for a filter; values are quoted, never interpolated raw. An agency-scoped caller only sees its agency. */
export function visibilityQuery(f: RunSearchFilter, caller?: Caller): string {
  const parts = [RUN_FLOW_QUERY];
  const agency = caller?.agency ?? f.agency;
  if (caller?.agency && f.agency && f.agency !== caller.agency) parts.push(`LtAgency = '__none__'`);
  if (agency) parts.push(`LtAgency = ${quote(agency)}`);
  if (f.flowKey) parts.push(`LtFlowId = ${quote(f.flowKey)}`);
  if (f.version !== undefined) parts.push(`LtFlowVersion = ${quote(String(f.version))}`);
  if (f.trigger) parts.push(`LtTrigger = ${quote(f.trigger)}`);
  if (f.businessKey) parts.push(`LtBusinessKeys = ${quote(f.businessKey)}`);
  if (f.status) parts.push(`ExecutionStatus = ${quote(STATUS[f.status])}`);
  if (f.from) parts.push(`StartTime >= ${quote(isoOrThrow(f.from, 'from'))}`);
  if (f.to) parts.push(`StartTime <= ${quote(isoOrThrow(f.to, 'to'))}`);
  return parts.join(' AND ');
}

/** Proto enums arrive as numbers; name them for people. */
function enumName(e: Record<string | number, string | number>, v: unknown): string {
  return typeof v === 'number' ? String(e[v] ?? v) : String(v ?? '');
}

const statusName = (s: string) => ({ RUNNING: 'running', COMPLETED: 'completed', FAILED: 'failed', CANCELLED: 'cancelled', TERMINATED: 'terminated', TIMED_OUT: 'timed_out', CONTINUED_AS_NEW: 'running' } as Record<string, string>)[s] ?? s.toLowerCase();

/** Without the platform's key, page tokens are still checked for being ours and for this query (not secret then). */
const UNKEYED = Buffer.from('lienthong/run-search-page-token');

/** The page tokens' key, derived from the master key: the same in every API process of a platform, unforgeable. */
export function pageTokenKey(masterKey: { key: Buffer } | undefined): Buffer | undefined {
  return masterKey ? createHmac('sha256', masterKey.key).update(UNKEYED).digest() : undefined;
}

/** A page token's tag: bound to the query and page size it continues, so a token of another search is refused too. */
function pageTokenTag(key: Buffer, query: string, pageSize: number, raw: Buffer): Buffer {
  return createHmac('sha256', key).update(`${query}\n${pageSize}\n`).update(raw).digest().subarray(0, 16);
}

/** Temporal's token, wrapped as `<token>.<tag>` (base64url) so that only tokens we issued are handed back to Temporal. */
export function issuePageToken(key: Buffer, query: string, pageSize: number, raw: Uint8Array): string {
  const bytes = Buffer.from(raw);
  return `${bytes.toString('base64url')}.${pageTokenTag(key, query, pageSize, bytes).toString('base64url')}`;
}

/**
 * The Temporal token inside a page token we issued for this query, or a coded 400 at once: a foreign or altered token
 * used to reach Temporal, which answered with an internal error after seconds of retries.
 */
export function openPageToken(key: Buffer, query: string, pageSize: number, token: string): Buffer {
  const refuse = () => new LtError('REQUEST_VALIDATION_FAILED', { pointer: '/pageToken', detail: 'not a page token this server issued for this search', detailVi: 'không phải mã trang do máy chủ cấp cho tìm kiếm này' },
    { pointer: '/pageToken', field: 'pageToken' });
  const m = /^([A-Za-z0-9_-]{1,8192})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!m) throw refuse();
  const raw = Buffer.from(m[1] as string, 'base64url');
  const given = Buffer.from(m[2] as string, 'base64url');
  const expected = pageTokenTag(key, query, pageSize, raw);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refuse();
  return raw;
}

/**
 * Run search over Temporal visibility (search attributes), newest first, one page at a time. `tokenKey` signs the
 * page tokens (every API process of a platform must use the same one).
 */
export async function searchRuns(temporal: Client, f: RunSearchFilter, caller?: Caller, tokenKey: Buffer = UNKEYED): Promise<{ runs: RunSummary[]; nextPageToken?: string }> {
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 200);
  const query = visibilityQuery(f, caller);
  const res = await temporal.workflowService.listWorkflowExecutions({
    namespace: temporal.options.namespace, query, pageSize: limit,
    ...(f.pageToken ? { nextPageToken: openPageToken(tokenKey, query, limit, f.pageToken) } : {}),
  });
  const { decodeSearchAttributes } = await import('@temporalio/common/lib/converter/payload-search-attributes.js');
  const runs = (res.executions ?? []).map((e): RunSummary => {
    const sa = decodeSearchAttributes(e.searchAttributes?.indexedFields ?? {}) as Record<string, unknown[]>;
    const first = (k: string) => (sa[k]?.[0] as string | undefined) ?? '';
    const toIso = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) => t?.seconds ? new Date(Number(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6)).toISOString() : undefined;
    const finished = toIso(e.closeTime);
    return {
      runId: e.execution?.workflowId ?? '', flowKey: first('LtFlowId'), version: Number(first('LtFlowVersion') || 0), agency: first('LtAgency') || null,
      trigger: first('LtTrigger'), status: statusName(enumName(proto.api.enums.v1.WorkflowExecutionStatus, e.status).replace('WORKFLOW_EXECUTION_STATUS_', '')), businessKeys: (sa.LtBusinessKeys as string[] | undefined) ?? [],
      startedAt: toIso(e.startTime) ?? '', ...(finished ? { finishedAt: finished } : {}),
    };
  });
  const token = res.nextPageToken && res.nextPageToken.length > 0 ? issuePageToken(tokenKey, query, limit, res.nextPageToken) : undefined;
  return { runs, ...(token ? { nextPageToken: token } : {}) };
}

export interface TimelineEntry {
  eventId: number;
  at: string;
  type: string;
  activity?: string;
  attempt?: number;
  failure?: string;
  signal?: string;
  timer?: string;
}

/** The marker Temporal's core SDK records for each local activity. */
const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

/** The marker's own data (JSON written by the SDK, not a user payload): activity type and attempt. */
function localActivityOf(data: Uint8Array | null | undefined): { activity?: string; attempt?: number } {
  if (!data) return {};
  try {
    const d = JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type?: unknown; attempt?: unknown };
    return { ...(typeof d.activity_type === 'string' ? { activity: d.activity_type } : {}), ...(typeof d.attempt === 'number' ? { attempt: d.attempt } : {}) };
  } catch {
    return {};
  }
}

/** A run's step timeline from its history: what was scheduled, started, retried, failed, completed, signalled, when. */
export async function runTimeline(temporal: Client, runId: string): Promise<TimelineEntry[]> {
  let history;
  try {
    history = await temporal.workflow.getHandle(runId).fetchHistory();
  } catch {
    throw new LtError('RUN_NOT_FOUND', { runId });
  }
  const activityOf = new Map<string, string>();
  const out: TimelineEntry[] = [];
  for (const e of history.events ?? []) {
    const type = enumName(proto.api.enums.v1.EventType, e.eventType).replace('EVENT_TYPE_', '');
    if (type.startsWith('WORKFLOW_TASK_')) continue; // engine bookkeeping, not a step
    if (e.markerRecordedEventAttributes && e.markerRecordedEventAttributes.markerName !== LOCAL_ACTIVITY_MARKER) continue; // version markers (patched)
    const at = e.eventTime?.seconds ? new Date(Number(e.eventTime.seconds) * 1000 + Math.floor((e.eventTime.nanos ?? 0) / 1e6)).toISOString() : '';
    const entry: TimelineEntry = { eventId: Number(e.eventId), at, type };
    if (e.activityTaskScheduledEventAttributes) {
      const name = e.activityTaskScheduledEventAttributes.activityType?.name ?? '';
      activityOf.set(String(e.eventId), name);
      entry.activity = name;
    }
    const ref = e.activityTaskStartedEventAttributes?.scheduledEventId ?? e.activityTaskCompletedEventAttributes?.scheduledEventId ?? e.activityTaskFailedEventAttributes?.scheduledEventId ?? e.activityTaskTimedOutEventAttributes?.scheduledEventId;
    if (ref !== undefined && ref !== null) entry.activity = activityOf.get(String(ref));
    if (e.activityTaskStartedEventAttributes?.attempt) entry.attempt = e.activityTaskStartedEventAttributes.attempt;
    const failure = e.activityTaskFailedEventAttributes?.failure ?? e.workflowExecutionFailedEventAttributes?.failure ?? e.activityTaskStartedEventAttributes?.lastFailure;
    if (failure?.message) entry.failure = failure.message;
    const marker = e.markerRecordedEventAttributes;
    if (marker?.markerName === LOCAL_ACTIVITY_MARKER) {
      // A short read-only lookup run as a local activity: one marker records its type, attempts and outcome.
      const about = localActivityOf(marker.details?.data?.payloads?.[0]?.data);
      entry.type = marker.failure ? 'LOCAL_ACTIVITY_FAILED' : 'LOCAL_ACTIVITY_COMPLETED';
      if (about.activity) entry.activity = about.activity;
      if (about.attempt) entry.attempt = about.attempt;
      if (marker.failure?.message) entry.failure = marker.failure.message;
    }
    if (e.workflowExecutionSignaledEventAttributes) entry.signal = e.workflowExecutionSignaledEventAttributes.signalName ?? '';
    if (e.timerStartedEventAttributes) entry.timer = e.timerStartedEventAttributes.timerId ?? '';
    out.push(entry);
  }
  return out;
}
