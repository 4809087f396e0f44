import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { LtError, LtErrors } from '@lienthong/errors';
import { clearAlert, raiseAlert } from '@lienthong/observability';
import { durationMs, evaluate, POLL_EVERY_DEFAULT } from '@lienthong/flow';
import type { TriggerNode } from '@lienthong/schemas';
import { TASK_QUEUE } from '@lienthong/temporal/keys';
import {
  POLL_TRIGGER_WORKFLOW, pollNowSignal, pollStateQuery, pollTriggerWorkflowId, type PollState, type PollTriggerInput, type TriggerPollActivities,
} from '@lienthong/temporal/contracts';
import type { AuditService } from '../audit.js';
import type { FlowService } from '../flows.js';
import type { RunService } from '../runs.js';
import { pollSources } from './sources.js';

/** Who starts triggered runs: the runs row's caller (which scopes their idempotency keys) and the audit row's actor. */
export const TRIGGER_ACTOR = 'system:trigger';
/** The designer's test-run copies (`<key>--thu`) never poll. */
const SANDBOX_SUFFIX = '--thu';

type PollTrigger = Extract<TriggerNode['trigger'], { type: 'poll' }>;

export interface PollTriggerDeps {
  temporal: Client;
  flows: FlowService;
  runs: RunService;
  audit: AuditService;
  /** The credential store (decrypts; checks the credential is granted to the flow). */
  credentials: { resolve(id: string, use?: { flowKey?: string }): Promise<Record<string, unknown>> };
  taskQueue?: string;
  log?: (line: string) => void;
}

/**
 * Poll triggers: publishing a flow whose trigger is `poll` starts (or wakes) its poller workflow; the poller's
 * activity reads the source after its cursor and starts one run per item through the run service, keyed by the
 * item, so that a page read twice (a worker killed mid-page, a retried activity) never starts a run twice.
 */
export function createPollTriggers(d: PollTriggerDeps) {
  const taskQueue = d.taskQueue ?? TASK_QUEUE;
  const log = d.log ?? (() => undefined);
  const workflowId = (flowKey: string) => pollTriggerWorkflowId(taskQueue, flowKey);

  async function pollTriggerOf(flowKey: string): Promise<{ nodeId: string; trigger: PollTrigger } | null> {
    let v;
    try {
      v = await d.flows.get(flowKey);
    } catch (err) {
      if (err instanceof LtError && err.code === 'FLOW_NOT_FOUND') return null;
      throw err;
    }
    const entry = v.plan.nodes[v.plan.entry];
    if (entry?.kind !== 'trigger' || entry.trigger.type !== 'poll' || flowKey.endsWith(SANDBOX_SUFFIX)) return null;
    return { nodeId: v.plan.entry, trigger: entry.trigger };
  }

  /** Starts one item's run; false when it was started before (or refused: recorded, then skipped so the feed moves on). */
  async function startOne(flowKey: string, t: { nodeId: string; trigger: PollTrigger }, key: string, item: Record<string, unknown>): Promise<boolean> {
    const idempotencyKey = `poll:${t.trigger.source}:${key}`;
    const row = { actorType: 'system' as const, actorId: TRIGGER_ACTOR, agency: null, action: 'runs.start', flowKey };
    try {
      const input = t.trigger.input
        ? await evaluate(t.trigger.input, { input: item, nodes: {}, vars: {}, run: { id: '', flowKey, version: 0, startedAt: '' } }, t.nodeId)
        : item;
      const r = await d.runs.start(flowKey, input, { trigger: 'poll', idempotencyKey, caller: { id: TRIGGER_ACTOR } });
      if (!r.replayed) await d.audit.record({ ...row, outcome: 'ok', status: 202, runId: r.runId, detail: { trigger: 'poll', source: t.trigger.source, item: key } });
      return !r.replayed;
    } catch (err) {
      const first = err instanceof LtErrors ? err.errors[0] : err instanceof LtError ? err : undefined;
      if (!first || first.retryable) throw err; // the database or Temporal: the activity is retried, the key keeps it once
      log(`poll ${flowKey}: item ${key} not started: ${first.code}`);
      await d.audit.record({ ...row, outcome: 'failed', status: first.status, code: first.code, detail: { trigger: 'poll', source: t.trigger.source, item: key, where: first.where } });
      return false;
    }
  }

  const activities: TriggerPollActivities = {
    async triggerPoll({ flowKey, cursor }) {
      const t = await pollTriggerOf(flowKey);
      if (!t) return { active: false, everyMs: 0, started: 0, more: false };
      const everyMs = durationMs(t.trigger.every ?? POLL_EVERY_DEFAULT);
      const source = pollSources[t.trigger.source];
      let page;
      try {
        const credential = await d.credentials.resolve(t.trigger.credentialId, { flowKey });
        // A new poller (or one whose source changed) starts at the source's head: what happens from now on.
        if (!cursor || cursor.source !== t.trigger.source) {
          const head = await source.head(credential);
          clearAlert(`trigger.poll_failed:${flowKey}`);
          return { active: true, cursor: { source: t.trigger.source, value: head }, everyMs, started: 0, more: false };
        }
        page = await source.changes(credential, cursor.value);
      } catch (err) {
        // The source or its connection failing: the poller keeps its cursor and tries again after its interval.
        const e = err instanceof LtError ? err : new LtError('TRIGGER_POLL_SOURCE_FAILED', { source: t.trigger.source, detail: (err as Error).name });
        log(`poll ${flowKey}: ${t.trigger.source} not read: ${e.code} ${e.message}`);
        const m = e.toJSON().message;
        raiseAlert(`trigger.poll_failed:${flowKey}`, { severity: 'warning',
          message: { vi: `Luồng ${flowKey} không đọc được nguồn ${t.trigger.source}: ${m.vi}`, en: `Flow ${flowKey} could not read its source ${t.trigger.source}: ${m.en}` },
          details: { flowKey, source: t.trigger.source, credentialId: t.trigger.credentialId, code: e.code } });
        return { active: true, ...(cursor ? { cursor } : {}), everyMs, started: 0, more: false,
          failure: { code: e.code, message: e.toJSON().message, at: new Date().toISOString() } };
      }
      clearAlert(`trigger.poll_failed:${flowKey}`);
      let started = 0;
      for (const { key, item } of page.items) if (await startOne(flowKey, t, key, item)) started += 1;
      return { active: true, cursor: { source: t.trigger.source, value: page.cursor }, everyMs, started, more: page.more };
    },
  };

  const service = {
    workflowId,
    activities,

    /** After a publish: a poll-triggered flow gets its poller (or wakes it to take the new version's settings); any other flow's poller ends at its next poll. */
    async sync(flowKey: string): Promise<{ workflowId: string } | null> {
      const t = await pollTriggerOf(flowKey);
      if (t) {
        try {
          const args: PollTriggerInput = { flowKey };
          await d.temporal.workflow.start(POLL_TRIGGER_WORKFLOW, { taskQueue, workflowId: workflowId(flowKey), args: [args] });
          return { workflowId: workflowId(flowKey) };
        } catch (err) {
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        }
      }
      await service.pollNow(flowKey);
      return t ? { workflowId: workflowId(flowKey) } : null;
    },

    /** Makes sure every poll-triggered flow has its poller (at start: a poller ended by an operator comes back). */
    async syncAll(): Promise<string[]> {
      const synced: string[] = [];
      for (const f of await d.flows.list()) {
        if (f.latestVersion === 0 || !(await pollTriggerOf(f.key))) continue;
        await service.sync(f.key);
        synced.push(f.key);
      }
      return synced;
    },

    /** Polls now instead of at the end of the interval; nothing when the flow has no running poller. */
    async pollNow(flowKey: string): Promise<void> {
      await d.temporal.workflow.getHandle(workflowId(flowKey)).signal(pollNowSignal).catch((err: unknown) => {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      });
    },

    /** Where a flow's poller stands, or null when it has none running. */
    async state(flowKey: string): Promise<PollState | null> {
      try {
        return await d.temporal.workflow.getHandle(workflowId(flowKey)).query(pollStateQuery);
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return null;
        throw err;
      }
    },

    /** Ends a flow's poller (a test platform going away: nothing would run it any more). */
    async stop(flowKey: string): Promise<void> {
      await d.temporal.workflow.getHandle(workflowId(flowKey)).terminate('stopped').catch((err: unknown) => {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      });
    },
  };
  return service;
}
export type PollTriggers = ReturnType<typeof createPollTriggers>;
