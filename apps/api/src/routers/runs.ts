import { z } from 'zod';
import { LtError } from '@lienthong/errors';
import { RunViewSchema, demandFlow, isPrincipal, type Action } from '@lienthong/services';
import type { Access } from '../auth/policy.js';
import { createTRPCRouter, procedure, type Context } from '../trpc.js';

/** "30s", "500ms", "2m" or a number of seconds; capped at 30 s (a synchronous answer never takes longer). */
export function parseWait(wait: string | undefined): number | undefined {
  if (wait === undefined || wait === '') return undefined;
  const m = /^(\d+)(ms|s|m)?$/.exec(wait.trim());
  if (!m) throw new LtError('REQUEST_VALIDATION_FAILED', { pointer: 'wait', detail: 'expected e.g. 30s, 500ms' }, { field: 'wait' });
  const n = Number(m[1]);
  const ms = m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000;
  return Math.min(ms, 30_000);
}

/** a synchronous call is answered within 30 s of its arrival; the last 2 s are kept for sending the reply. */
export const SYNC_ANSWER_BUDGET_MS = 28_000;

const RunStarted = z.object({
  runId: z.string(), flowKey: z.string(), version: z.number().int(), hash: z.string(),
  status: z.enum(['completed', 'running']), output: z.unknown().optional(), replayed: z.boolean(),
});

const RunRecord = z.object({
  runId: z.string(), flowKey: z.string(), version: z.number().int(), hash: z.string(), agency: z.string().nullable(), trigger: z.string(), status: z.string(),
  startedAt: z.string(), finishedAt: z.string().optional(), businessKeyHashes: z.array(z.string()), archived: z.boolean(),
  retention: z.object({ days: z.number().int().nullable(), expiresAt: z.string().optional(), destroyedAt: z.string().optional() }),
  personal: z.unknown().optional(), destroyed: z.unknown().optional(), dataHidden: z.boolean().optional(),
});

const BatchPage = z.object({
  total: z.number().int(), next: z.number().int().nullable(), dataHidden: z.boolean().optional(),
  items: z.array(z.object({ index: z.number().int(), ok: z.boolean(), output: z.unknown().optional(), error: z.unknown().optional() })),
});

/** People whose every role is agency-viewer see statuses and timings, not the data a run carried (personal data). */
function onlyViewsAgencyData(caller: unknown): boolean {
  const c = caller as { kind?: string; roles?: { role: string }[] } | null;
  return c?.kind === 'user' && (c.roles ?? []).length > 0 && (c.roles ?? []).every((g) => g.role === 'agency-viewer');
}

function hideRunData<T extends { output?: unknown; response?: unknown; nodes: Record<string, unknown> }>(run: T): T & { dataHidden: true } {
  const nodes = Object.fromEntries(Object.entries(run.nodes).map(([id, n]) => {
    const { output: _o, input: _i, ...rest } = (n ?? {}) as Record<string, unknown>;
    return [id, rest];
  }));
  const { output: _output, response: _response, ...rest } = run;
  return { ...(rest as T), nodes, dataHidden: true };
}

/** A run as its caller may see it; one whose retention ended has no history left, which is said (410 RUN_DATA_DESTROYED), not "never existed". */
export async function readRun(ctx: Context & { access: Access }, runId: string, action: Action = 'runs.read') {
  const caller = ctx.access.caller(action); // another agency's run is "not found"
  try {
    return await ctx.services.runs.get(runId, caller);
  } catch (err) {
    if (err instanceof LtError && err.code === 'RUN_NOT_FOUND') {
      const record = await ctx.services.retention.get(runId, caller).catch(() => undefined);
      if (record?.destroyed) throw new LtError('RUN_DATA_DESTROYED', { runId, destroyedAt: record.retention.destroyedAt ?? '' });
    }
    throw err;
  }
}

/**
 * A run's recorded data (its history: the bundle, the timeline): the archive answers first, so a run whose retention just
 * ended says 410 at once instead of serving the history until Temporal gets round to deleting it.
 */
export async function readRunData(ctx: Context & { access: Access }, runId: string, action: Action = 'runs.read') {
  const record = await ctx.services.retention.get(runId, ctx.access.caller(action)).catch(() => undefined);
  if (record?.destroyed) throw new LtError('RUN_DATA_DESTROYED', { runId, destroyedAt: record.retention.destroyedAt ?? '' });
  return readRun(ctx, runId, action);
}

export const runsRouter = createTRPCRouter({
  start: procedure
    .meta({ requires: 'runs.start', scope: 'agency', rest: { method: 'POST', path: '/flows/{flowKey}/runs', summary: 'Chạy luồng / Start a run (sync with ?wait=30s)', tags: ['runs'],
      bodyField: 'input', query: ['wait'], headers: { 'idempotency-key': 'idempotencyKey' } } })
    .input(z.object({ flowKey: z.string(), input: z.unknown(), wait: z.string().optional(), idempotencyKey: z.string().max(200).optional() }))
    .output(RunStarted)
    .mutation(async ({ ctx, input }) => {
      const caller = ctx.access.caller(); // the run belongs to the caller's agency
      demandFlow(caller, input.flowKey); // a system runs only the flows it is granted
      const waitMs = parseWait(input.wait);
      const flow = await ctx.services.flows.get(input.flowKey);
      const started = await ctx.services.runs.start(input.flowKey, input.input ?? {}, {
        // The version just read: the run is of the flow whose plan decided the wait (and the latest is read once).
        version: flow.version,
        waitMs: waitMs ?? (flow.plan.sync ? 25_000 : 0),
        // Answer (or 202) within 30 s of arrival, whatever queueing happened before (2 s kept for the reply itself).
        ...(ctx.receivedAt ? { answerBy: ctx.receivedAt + SYNC_ANSWER_BUDGET_MS } : {}),
        ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}),
        caller,
      });
      // Agency access: a system with a callback URL is told when the run ends.
      if (isPrincipal(ctx.caller) && ctx.caller.kind === 'system') await ctx.services.callbacks.track(started.runId, ctx.caller.systemCode);
      return started;
    }),

  get: procedure
    .meta({ requires: 'runs.read', scope: 'agency', rest: { method: 'GET', path: '/runs/{runId}', summary: 'Trạng thái lượt chạy / Get a run', tags: ['runs'] } })
    .input(z.object({ runId: z.string() }))
    .output(RunViewSchema)
    .query(async ({ ctx, input }) => {
      const run = await readRun(ctx, input.runId);
      return onlyViewsAgencyData(ctx.caller) ? hideRunData(run) : run;
    }),

  // A large foreach (engine 4) keeps its items' outcomes in our database; its output names the batch, this pages through it.
  items: procedure
    .meta({ requires: 'runs.read', scope: 'agency', rest: { method: 'GET', path: '/runs/{runId}/items/{nodeId}', summary: 'Kết quả từng mục của một foreach lớn / Item outcomes of a large foreach', tags: ['runs'], query: ['after', 'limit'] } })
    .input(z.object({ runId: z.string().min(1).max(300), nodeId: z.string().min(1).max(100), after: z.coerce.number().int().min(-1).optional(), limit: z.coerce.number().int().min(1).max(1000).optional() }))
    .output(BatchPage)
    .query(async ({ ctx, input }) => {
      const agency = await ctx.services.runControl.agencyOf(input.runId);
      const notFound = () => new LtError('RUN_NOT_FOUND', { runId: input.runId });
      if (agency === undefined) { ctx.access.own(null, notFound); throw notFound(); }
      ctx.access.own(agency, notFound);
      const page = ctx.services.batches ? await ctx.services.batches.page(input.runId, input.nodeId, input.after ?? -1, input.limit ?? 100) : { total: 0, items: [], next: null };
      // Outcomes are run data: people who see statuses and timings only get whether each item succeeded.
      return onlyViewsAgencyData(ctx.caller) ? { ...page, items: page.items.map((i) => ({ index: i.index, ok: i.ok })), dataHidden: true } : page;
    }),

  // Flow language: a wait node resumes on its named signal; the body is the payload (checked against the node's payloadSchema).
  signal: procedure
    .meta({ requires: 'runs.start', scope: 'agency', rest: { method: 'POST', path: '/runs/{runId}/signals/{name}', summary: 'Gửi tín hiệu cho lượt chạy / Send a signal to a run', tags: ['runs'], bodyField: 'payload' } })
    .input(z.object({ runId: z.string(), name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/), payload: z.unknown() }))
    .output(z.object({ runId: z.string(), signal: z.string(), accepted: z.boolean() }))
    .mutation(({ ctx, input }) => ctx.services.runs.signal(input.runId, input.name, input.payload, ctx.access.caller())),

  // Agency access: cancelling is scoped like reading (another agency's run is "not found").
  cancel: procedure
    .meta({ requires: 'runs.cancel', scope: 'agency', rest: { method: 'POST', path: '/runs/{runId}/cancel', summary: 'Hủy lượt chạy / Cancel a run', tags: ['runs'] } })
    .input(z.object({ runId: z.string() }))
    .output(z.object({ runId: z.string(), status: z.literal('cancelling') }))
    .mutation(({ ctx, input }) => ctx.services.runControl.cancel(input.runId, ctx.access.caller())),

  search: procedure
    .meta({ requires: 'runs.read', scope: 'agency', rest: { method: 'GET', path: '/runs', summary: 'Tra cứu lượt chạy (luồng, phiên bản, cơ quan, trạng thái, thời gian, khóa nghiệp vụ) / Search runs', tags: ['runs'],
      query: ['flowKey', 'version', 'agency', 'status', 'trigger', 'businessKey', 'from', 'to', 'limit', 'pageToken'] } })
    .input(z.object({
      flowKey: z.string().optional(), version: z.coerce.number().int().positive().optional(), agency: z.string().optional(),
      status: z.enum(['running', 'completed', 'failed', 'cancelled', 'terminated', 'timed_out']).optional(), trigger: z.string().optional(),
      businessKey: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*=.+$/).optional(), from: z.string().optional(), to: z.string().optional(),
      limit: z.coerce.number().int().min(1).max(200).optional(), pageToken: z.string().optional(),
    }))
    .output(z.object({ runs: z.array(z.object({ runId: z.string(), flowKey: z.string(), version: z.number().int(), agency: z.string().nullable(), trigger: z.string(),
      status: z.string(), businessKeys: z.array(z.string()), startedAt: z.string(), finishedAt: z.string().optional() })), nextPageToken: z.string().optional() }))
    .query(({ ctx, input }) => ctx.services.evidence.search(input, ctx.access.caller())),

  timeline: procedure
    .meta({ requires: 'runs.read', scope: 'agency', rest: { method: 'GET', path: '/runs/{runId}/timeline', summary: 'Dòng thời gian các bước / Step timeline of a run', tags: ['runs'] } })
    .input(z.object({ runId: z.string() }))
    .output(z.array(z.object({ eventId: z.number().int(), at: z.string(), type: z.string(), activity: z.string().optional(), attempt: z.number().int().optional(),
      failure: z.string().optional(), signal: z.string().optional(), timer: z.string().optional() })))
    .query(async ({ ctx, input }) => {
      await readRunData(ctx, input.runId); // refuses another agency's run, and a destroyed one's history
      return ctx.services.evidence.timeline(input.runId);
    }),

  // Retention: our archive of finished runs. Metadata stays readable and searchable for good; the data a run carried
  // until its flow's retention ends, then `destroyed` carries RUN_DATA_DESTROYED.
  record: procedure
    .meta({ requires: 'runs.read', scope: 'agency', rest: { method: 'GET', path: '/run-records/{runId}', summary: 'Hồ sơ lưu trữ của lượt chạy (siêu dữ liệu; dữ liệu đến hết thời hạn lưu trữ) / Archived record of a run', tags: ['runs', 'audit'] } })
    .input(z.object({ runId: z.string() }))
    .output(RunRecord)
    .query(({ ctx, input }) => ctx.services.retention.get(input.runId, ctx.access.caller(), { withData: !onlyViewsAgencyData(ctx.caller) })),

  records: procedure
    .meta({ requires: 'runs.read', scope: 'agency', rest: { method: 'GET', path: '/run-records', summary: 'Tra cứu hồ sơ lưu trữ theo siêu dữ liệu (cả lượt chạy đã hết hạn lưu trữ) / Search archived runs by metadata', tags: ['runs', 'audit'],
      query: ['flowKey', 'version', 'agency', 'status', 'businessKey', 'from', 'to', 'limit'] } })
    .input(z.object({
      flowKey: z.string().optional(), version: z.coerce.number().int().positive().optional(), agency: z.string().optional(), status: z.string().optional(),
      businessKey: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*=.+$/).optional(), from: z.string().optional(), to: z.string().optional(),
      limit: z.coerce.number().int().min(1).max(200).optional(),
    }))
    .output(z.object({ records: z.array(RunRecord) }))
    .query(async ({ ctx, input }) => ({ records: await ctx.services.retention.search(input, ctx.access.caller()) })),

  bundle: procedure
    .meta({ requires: 'audit.read', scope: 'agency', rest: { method: 'GET', path: '/runs/{runId}/bundle', summary: 'Xuất gói bằng chứng có chữ ký (lịch sử + phiên bản luồng) / Export the signed evidence bundle', tags: ['runs', 'audit'] } })
    .input(z.object({ runId: z.string() }))
    .output(z.object({ format: z.string(), runId: z.string(), exportedAt: z.string(), flow: z.object({ key: z.string(), version: z.number().int(), hash: z.string(), document: z.unknown() }),
      history: z.unknown(), historySha256: z.string(), signature: z.object({ alg: z.string(), publicKey: z.string(), value: z.string() }) }))
    .query(async ({ ctx, input }) => {
      await readRunData(ctx, input.runId, 'audit.read');
      return ctx.services.evidence.bundle(input.runId);
    }),
});
