import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError, WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import { z } from 'zod';
import { LtError, LtErrors, type LtErrorJson } from '@lienthong/errors';
import { answersWhenItEnds, contentHash, evaluate, resolveSubflows } from '@lienthong/flow';
import { runs, type Db } from '@lienthong/db';
import { checkAgainst } from '@lienthong/schemas';
import { metrics } from '@lienthong/observability';
import {
  RUN_FLOW_WORKFLOW, RUN_PURGE_WORKFLOW, awaitResponseUpdate, runPurgeWorkflowId, errorJsonOfFailure, progressQuery, runSearchAttributes, waitSignal, type NodeProgress, type RunFlowResult,
} from '@lienthong/temporal/contracts';
import { INTERPRETER_ENGINE, TASK_QUEUE } from '@lienthong/temporal/keys';
import type { FlowService } from './flows.js';

export interface Caller {
  /** "system:<code>" or "user:<name>"; scopes idempotency keys. */
  id: string;
  agency?: string;
}

export interface StartRunOptions {
  /** Wait up to this long for the flow's answer (respond node, or the end). 0 = do not wait. */
  waitMs?: number;
  /** Epoch ms by which a waiting caller must have its answer (R-03: 30 s from the request's arrival); the wait shrinks to fit. */
  answerBy?: number;
  idempotencyKey?: string;
  caller?: Caller;
  trigger?: string;
  version?: number;
}

export const RUN_STATUSES = ['running', 'completed', 'failed', 'cancelled', 'terminated', 'timed_out'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface StartRunResult {
  runId: string;
  flowKey: string;
  version: number;
  hash: string;
  /** "completed": `output` holds the flow's answer; "running": poll GET /runs/{runId} (`output` then holds a pending answer, if the flow gave one). */
  status: 'completed' | 'running';
  output?: unknown;
  /** True when an earlier request with the same Idempotency-Key already started this run. */
  replayed: boolean;
}

/**
 * A run as the API shows it (REST, tRPC, and through the router's inferred types the designer): declared here only,
 * as the schema the API validates its answers with. Nodes are as the interpreter reports them (NodeProgress).
 */
export const RunViewSchema = z.object({
  runId: z.string(), flowKey: z.string(), version: z.number().int(), hash: z.string(),
  status: z.enum(RUN_STATUSES),
  startedAt: z.string(), finishedAt: z.string().optional(),
  output: z.unknown().optional(), response: z.unknown().optional(),
  error: z.custom<LtErrorJson>((v) => typeof v === 'object' && v !== null).optional(),
  nodes: z.record(z.string(), z.custom<NodeProgress>((v) => typeof v === 'object' && v !== null)),
  /** Set when the caller may see statuses only (an agency viewer): outputs and response left out. */
  dataHidden: z.boolean().optional(),
});
export type RunView = z.infer<typeof RunViewSchema>;

const statusOf = (name: string): RunStatus =>
  ({ RUNNING: 'running', COMPLETED: 'completed', FAILED: 'failed', CANCELLED: 'cancelled', TERMINATED: 'terminated', TIMED_OUT: 'timed_out', CONTINUED_AS_NEW: 'running' } as const)[name as 'RUNNING'] ?? 'running';

/**
 * An ended run's answer: what its respond node answered, else its output; its failure as RunFailed; any other error
 * becomes `otherwise(error)`.
 */
async function endedRunAnswer(handle: WorkflowHandle, otherwise: (e: unknown) => unknown): Promise<{ done: true; output: unknown }> {
  try {
    const r = await handle.result() as RunFlowResult;
    return { done: true as const, output: 'response' in r ? r.response : r.output };
  } catch (e) {
    if (e instanceof WorkflowFailedError) throw new RunFailed(errorJsonOfFailure(e));
    throw otherwise(e);
  }
}

export function createRunService(db: Db, temporal: Client, flowService: FlowService, opts: { taskQueue?: string; eagerStart?: boolean; purgeAtClose?: boolean } = {}) {
  const taskQueue = opts.taskQueue ?? TASK_QUEUE;

  /** `atEnd`: the run answers only as it ends (answersWhenItEnds), so its result is the answer and no update is sent. */
  async function awaitAnswer(runId: string, waitMs: number, atEnd = false): Promise<{ done: true; output: unknown; pending?: boolean } | { done: false }> {
    const handle = temporal.workflow.getHandle(runId);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<{ done: false }>((resolve) => { timer = setTimeout(() => resolve({ done: false }), waitMs); });
    const answer = atEnd ? endedRunAnswer(handle, (e) => e) : handle.executeUpdate(awaitResponseUpdate)
      // The run ended without a respond node answering: its result, or its failure, is the answer.
      .then((r) => (r.responded ? { done: true as const, output: r.output, ...(r.pending ? { pending: true } : {}) } : endedRunAnswer(handle, (e) => e)))
      .catch((err: unknown) => {
        if (err instanceof RunFailed) throw err;
        // The run ended before the update could be accepted: its result (or failure) is the answer.
        return endedRunAnswer(handle, () => err);
      });
    try {
      return await Promise.race([answer, timeout]);
    } finally {
      clearTimeout(timer);
      answer.catch(() => undefined); // the loser of the race must not become an unhandled rejection
    }
  }

  /**
   * A run a Temporal Schedule started has no row yet: record it from its search attributes the
   * first time it is read, so it is listed, counted and readable like any other run.
   */
  async function adoptScheduledRun(runId: string) {
    let desc;
    try {
      desc = await temporal.workflow.getHandle(runId).describe();
    } catch {
      return undefined;
    }
    const sa = desc.searchAttributes as Record<string, unknown[] | undefined>;
    if (sa.LtTrigger?.[0] !== 'schedule' || typeof sa.LtFlowId?.[0] !== 'string') return undefined;
    await db.insert(runs).values({ runId, flowKey: String(sa.LtFlowId[0]), version: Number(sa.LtFlowVersion?.[0] ?? 0), hash: String(sa.LtFlowHash?.[0] ?? ''),
      trigger: 'schedule', caller: 'system:schedule', startedAt: desc.startTime }).onConflictDoNothing();
    const [row] = await db.select().from(runs).where(eq(runs.runId, runId));
    return row;
  }

  /** Starts the run's workflow under its recorded id; a twin that started it first is not an error (REJECT_DUPLICATE: never a second run). */
  async function launch(runId: string, flow: Awaited<ReturnType<FlowService['get']>>, input: unknown, trigger: string, o: StartRunOptions, businessKeys: Record<string, string>) {
    // Subflows' plans travel in the input: the workflow never fetches them.
    const subflows = await resolveSubflows(flow.plan, async (key, version) => (await flowService.get(key, version)).plan);
    try {
      await temporal.workflow.start(RUN_FLOW_WORKFLOW, {
        taskQueue, workflowId: runId, workflowIdReusePolicy: 'REJECT_DUPLICATE', ...(opts.eagerStart ? { requestEagerStart: true } : {}),
        args: [{ plan: flow.plan, input, trigger, engine: INTERPRETER_ENGINE, ...(o.caller?.agency ? { agency: o.caller.agency } : {}), ...(Object.keys(subflows).length > 0 ? { subflows } : {}) }],
        typedSearchAttributes: runSearchAttributes({ flowKey: flow.flowKey, version: flow.version, hash: flow.hash, trigger, agency: o.caller?.agency ?? null, businessKeys }),
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    // R-02 at close: a flow kept 0 days has its run's data destroyed as soon as the run ends, by a workflow of its own
    // (it outlives this process); one per run, a second start finds the first.
    if (opts.purgeAtClose && flow.document.settings?.retentionDays === 0) {
      await temporal.workflow.start(RUN_PURGE_WORKFLOW, { taskQueue, workflowId: runPurgeWorkflowId(runId), args: [runId],
        workflowIdReusePolicy: 'REJECT_DUPLICATE', workflowIdConflictPolicy: 'USE_EXISTING' }).catch((err: unknown) => {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      });
    }
  }

  return {
    async start(flowKey: string, input: unknown, o: StartRunOptions = {}): Promise<StartRunResult> {
      const flow = await flowService.get(flowKey, o.version);
      const schema = flow.document.inputSchema;
      if (schema) {
        const checked = checkAgainst(schema, input);
        if (!checked.ok) throw new LtErrors(checked.issues.map((i) => new LtError('REQUEST_VALIDATION_FAILED', { pointer: i.pointer, detail: i.message, detailVi: i.messageVi }, { pointer: i.pointer })));
      }
      const callerId = o.caller?.id ?? 'anonymous';
      const requestHash = contentHash({ flowKey, input });
      if (o.idempotencyKey) {
        const [prior] = await db.select().from(runs).where(and(eq(runs.caller, callerId), eq(runs.flowKey, flowKey), eq(runs.idempotencyKey, o.idempotencyKey)));
        if (prior) {
          if (prior.requestHash !== requestHash) throw new LtError('IDEMPOTENCY_KEY_CONFLICT', { key: o.idempotencyKey }, { field: 'Idempotency-Key' });
          // The first request may have died between recording the run and starting it (its API process killed): the
          // retry starts it, under the recorded id. A run that already started (or ended) is never started again.
          if (!prior.finishedAt) {
            const exists = await temporal.workflow.getHandle(prior.runId).describe().then(() => true, (e: unknown) => { if (e instanceof WorkflowNotFoundError) return false; throw e; });
            if (!exists) await launch(prior.runId, await flowService.get(flowKey, prior.version), input, prior.trigger, o, prior.businessKeys ?? {});
          }
          return this.answer({ runId: prior.runId, flowKey, version: prior.version, hash: prior.hash, replayed: true }, waitWithin(o));
        }
      }
      const runId = `run-${randomUUID()}`;
      const trigger = o.trigger ?? 'api';
      const businessKeys: Record<string, string> = {};
      for (const [k, expr] of Object.entries(flow.plan.businessKeys)) {
        const v = await evaluate(expr, { input, nodes: {}, vars: {}, run: { id: runId, flowKey, version: flow.version, startedAt: '' } }, 'settings').catch(() => null);
        if (v !== null && v !== undefined) businessKeys[k] = String(v);
      }
      // Recorded before the workflow starts: a crash in between leaves a row whose run does not exist, never a run we cannot find.
      try {
        await db.insert(runs).values({ runId, flowKey, version: flow.version, hash: flow.hash, trigger, agency: o.caller?.agency ?? null, caller: callerId,
          idempotencyKey: o.idempotencyKey ?? null, requestHash, businessKeys });
      } catch (err) {
        if (o.idempotencyKey) return this.start(flowKey, input, o); // a concurrent twin won the unique index
        throw err;
      }
      await launch(runId, flow, input, trigger, o, businessKeys);
      metrics.runsStarted.inc({ flow: flowKey, trigger });
      const answered = await this.answer({ runId, flowKey, version: flow.version, hash: flow.hash, replayed: false }, waitWithin(o), answersWhenItEnds(flow.plan));
      if ((o.waitMs ?? 0) > 0) metrics.syncAnswers.inc({ flow: flowKey, status: answered.status });
      return answered;
    },

    async answer(base: Omit<StartRunResult, 'status' | 'output'>, waitMs: number, atEnd = false): Promise<StartRunResult> {
      if (waitMs <= 0) return { ...base, status: 'running' };
      const r = await awaitAnswer(base.runId, waitMs, atEnd);
      // A pending answer (respond node with `pending`): the caller has the flow's word and a 202; the run goes on.
      if (r.done) return { ...base, status: r.pending ? 'running' : 'completed', output: r.output };
      return { ...base, status: 'running' };
    },

    async get(runId: string, caller?: Caller): Promise<RunView> {
      let [row] = await db.select().from(runs).where(eq(runs.runId, runId));
      if (!row && !caller?.agency) row = await adoptScheduledRun(runId);
      if (!row || (caller?.agency && row.agency !== caller.agency)) throw new LtError('RUN_NOT_FOUND', { runId });
      const handle = temporal.workflow.getHandle(runId);
      let desc;
      try {
        desc = await handle.describe();
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) throw new LtError('RUN_NOT_FOUND', { runId });
        throw err;
      }
      const status = statusOf(desc.status.name);
      const view: RunView = { runId, flowKey: row.flowKey, version: row.version, hash: row.hash, status, startedAt: desc.startTime.toISOString(),
        ...(desc.closeTime ? { finishedAt: desc.closeTime.toISOString() } : {}), nodes: {} };
      if (status === 'completed') {
        const r = await handle.result() as RunFlowResult;
        return { ...view, output: r.output, response: r.response, nodes: r.nodes };
      }
      if (status === 'failed') {
        const error = await handle.result().then(() => undefined, (e: unknown) => errorJsonOfFailure(e));
        return { ...view, ...(error ? { error } : {}) };
      }
      if (status === 'running') {
        const p = await handle.query(progressQuery).catch(() => ({ nodes: {} }));
        return { ...view, nodes: p.nodes };
      }
      return view;
    },

    async list(filter: { flowKey?: string; agency?: string; limit?: number } = {}) {
      const conds = [filter.flowKey ? eq(runs.flowKey, filter.flowKey) : undefined, filter.agency ? eq(runs.agency, filter.agency) : undefined].filter((c) => c !== undefined);
      return db.select().from(runs).where(conds.length ? and(...conds) : undefined).orderBy(runs.startedAt).limit(filter.limit ?? 100);
    },

    /**
     * Delivers a named signal to a run's wait node. The payload is checked against the wait node's
     * payloadSchema first, so the run only ever sees payloads that fit.
     */
    async signal(runId: string, name: string, payload: unknown, caller?: Caller): Promise<{ runId: string; signal: string; accepted: true }> {
      // A child run (subflow, foreach item: "<runId>/<nodeId>[/<index>]") is reached through the run that started it.
      const rootId = runId.split('/')[0] ?? runId;
      const [row] = await db.select().from(runs).where(eq(runs.runId, rootId));
      if (!row || (caller?.agency && row.agency !== caller.agency)) throw new LtError('RUN_NOT_FOUND', { runId });
      const flow = await flowService.get(row.flowKey, row.version);
      const plans = rootId === runId ? [flow.plan]
        : Object.values(await resolveSubflows(flow.plan, async (key, version) => (await flowService.get(key, version)).plan));
      const waits = plans.flatMap((pl) => Object.values(pl.nodes)).flatMap((n) => (n.kind === 'wait' && n.signal === name ? [n] : []));
      if (waits.length === 0) throw new LtError('RUN_SIGNAL_UNKNOWN', { flowKey: row.flowKey, version: row.version, signal: name }, { field: 'name' });
      const schema = waits.find((w) => w.payloadSchema !== undefined)?.payloadSchema;
      if (schema && typeof schema === 'object') {
        const checked = checkAgainst(schema, payload);
        if (!checked.ok) {
          throw new LtErrors(checked.issues.map((i) => new LtError('RUN_SIGNAL_PAYLOAD_INVALID', { signal: name, pointer: i.pointer, detail: i.message }, { pointer: i.pointer })));
        }
      }
      try {
        await temporal.workflow.getHandle(runId).signal(waitSignal(name), payload ?? null);
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) throw new LtError('RUN_NOT_RUNNING', { runId });
        throw err;
      }
      return { runId, signal: name, accepted: true };
    },

    /** Marks finished runs; used by the run view and by the sync path when it saw the result. */
    async markFinished(runId: string, status: RunStatus): Promise<void> {
      await db.update(runs).set({ status, finishedAt: new Date() }).where(and(eq(runs.runId, runId), isNull(runs.finishedAt)));
    },
  };
}
export type RunService = ReturnType<typeof createRunService>;

/** How long to wait now: the requested wait, cut so the answer (or the 202) leaves before `answerBy`. */
function waitWithin(o: StartRunOptions): number {
  const wanted = o.waitMs ?? 0;
  return o.answerBy === undefined ? wanted : Math.max(0, Math.min(wanted, o.answerBy - Date.now()));
}

/** A run that failed while the caller was waiting: its error is the answer. */
export class RunFailed extends Error {
  constructor(readonly json: LtErrorJson) {
    super(json.message.en);
  }
}
