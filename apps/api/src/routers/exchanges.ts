import { z } from 'zod';
import { LtError } from '@lienthong/errors';
import { procedurePolicy, quietProcedures } from '../auth/policy.js';
import { authedProcedure, createTRPCRouter } from '../trpc.js';

// Every exchange procedure needs a signed-in caller at the gate; which side may do what (source, destination,
// auditor) is decided by the exchange service, which knows the exchange.
for (const proc of ['create', 'upload', 'uploadStream', 'inbox', 'inboxEvents', 'ready', 'fetch', 'fetchRaw', 'acknowledge', 'refuse', 'get', 'list', 'alerts', 'stats']) procedurePolicy[`exchanges.${proc}`] = 'self';
// A long-polling inbox would fill the log; the exchange service records each exchange's own steps.
quietProcedures.add('exchanges.inbox');
quietProcedures.add('exchanges.inboxEvents');

const Status = z.enum(['connected', 'space_allocated', 'uploaded', 'notified', 'destination_connected', 'ready', 'delivered', 'content_purged',
  'rejected', 'expired', 'refused_by_destination', 'failed']);
const Protocol = z.enum(['json', 'edxml', 'xml', 'binary']);
const Sha256 = z.string().regex(/^[0-9a-fA-F]{64}$/, 'a SHA-256 in hex');
const Content = z.object({ contentType: z.string().nullable(), size: z.number().int().nullable(), sha256: z.string().nullable() });
const Policy = z.object({ allowedRecipients: z.array(z.string()), expiresAt: z.string().nullable(), transformAllowed: z.boolean() });

export const ExchangeView = z.object({
  exchangeId: z.string(), status: Status,
  source: z.object({ system: z.string(), agency: z.string() }), destination: z.object({ system: z.string(), agency: z.string().nullable() }),
  subject: z.string(), priority: z.enum(['urgent', 'normal']), dataType: z.string(), protocol: z.string(), declaredSize: z.number().int(),
  deadline: z.string().nullable(), code: z.string().nullable(), reason: z.string().nullable(), policy: Policy.nullable(),
  uploaded: Content, delivered: Content.extend({ transformed: z.boolean() }),
  notification: z.object({ attempts: z.number().int(), deliveredAt: z.string().nullable(), lastError: z.string().nullable() }),
  createdAt: z.string(), updatedAt: z.string(), uploadedAt: z.string().nullable(), notifiedAt: z.string().nullable(), fetchedAt: z.string().nullable(),
  settledAt: z.string().nullable(), purgedAt: z.string().nullable(),
});
const Id = z.object({ exchangeId: z.string().regex(/^ex-[0-9a-f-]{36}$/, 'an exchange id') });

/** "20s", "500ms" or a number of seconds. */
function waitMs(wait: string | undefined): number {
  if (!wait) return 0;
  const m = /^(\d+)(ms|s)?$/.exec(wait.trim());
  if (!m) throw new LtError('REQUEST_VALIDATION_FAILED', { pointer: 'wait', detail: 'expected e.g. 20s or 500ms' }, { field: 'wait' });
  return m[2] === 'ms' ? Number(m[1]) : Number(m[1]) * 1000;
}

const tags = ['exchanges'];
const Counted = z.array(z.object({ key: z.string(), count: z.number().int(), bytes: z.number() }));

/** The eight-step data exchange between connected systems (REG 001 Đ11; docs/exchange.md). */
export const exchangesRouter = createTRPCRouter({
  create: authedProcedure
    .meta({ rest: { method: 'POST', path: '/exchanges', summary: 'Bước 1–3: yêu cầu gửi gói tin, cấp không gian / Steps 1–3: request an exchange, get a space', tags,
      headers: { 'idempotency-key': 'idempotencyKey' } } })
    .input(z.object({
      idempotencyKey: z.string().min(1).max(200).optional(),
      recipient: z.string().min(1).max(100), subject: z.string().min(1).max(500), priority: z.enum(['urgent', 'normal']).default('normal'),
      dataType: z.string().min(1).max(100), protocol: Protocol, size: z.number().int().min(0), deadline: z.iso.datetime({ offset: true }).nullable().optional(),
    }))
    .output(ExchangeView.extend({ upload: z.object({ path: z.string(), maxBytes: z.number().int(), jsonMaxBytes: z.number().int() }), pendingForYou: z.number().int() }))
    .mutation(({ ctx, input }) => {
      const { idempotencyKey, ...rest } = input;
      return ctx.services.exchange.create(ctx.caller, { ...rest, deadline: input.deadline ?? null, ...(idempotencyKey ? { idempotencyKey } : {}) });
    }),

  upload: authedProcedure
    .meta({ rest: { method: 'PUT', path: '/exchanges/{exchangeId}/content', summary: 'Bước 4: tải nội dung và chính sách / Step 4: upload the content and the policy', tags } })
    .input(Id.extend({
      content: z.string().optional(), text: z.string().optional(), contentType: z.string().max(200).optional(), sha256: Sha256,
      policy: z.object({ allowedRecipients: z.array(z.string()).min(1), expiresAt: z.iso.datetime({ offset: true }).nullable().optional(), transformAllowed: z.boolean().optional() }),
    }))
    .output(ExchangeView)
    .mutation(({ ctx, input }) => {
      const { exchangeId, policy, ...rest } = input;
      const clean = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as typeof rest & { sha256: string };
      return ctx.services.exchange.upload(ctx.caller, exchangeId, { ...clean, policy: { allowedRecipients: policy.allowedRecipients, expiresAt: policy.expiresAt ?? null,
        ...(policy.transformAllowed !== undefined ? { transformAllowed: policy.transformAllowed } : {}) } });
    }),

  uploadStream: authedProcedure
    .meta({ rest: { method: 'PUT', path: '/exchanges/{exchangeId}/content', stream: 'application/octet-stream',
      summary: 'Bước 4 (truyền luồng): thân yêu cầu là nội dung thô, x-amz-content-sha256 là mã băm đã ký; chính sách trong tham số truy vấn / Step 4 (streamed): the raw content as the body, its signed x-amz-content-sha256 as the checksum, the policy in the query',
      tags, query: ['allowedRecipients', 'expiresAt', 'transformAllowed', 'contentType'], headers: { 'x-amz-content-sha256': 'sha256' } } })
    .input(Id.extend({
      sha256: Sha256, allowedRecipients: z.string().min(1).max(2000), expiresAt: z.iso.datetime({ offset: true }).optional(),
      transformAllowed: z.enum(['true', 'false']).optional(), contentType: z.string().max(200).optional(),
      // Set by the REST adapter: the request body, chunk by chunk, and its Content-Length.
      body: z.custom<AsyncIterable<Uint8Array>>((v) => !!v && typeof (v as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function', 'a streamed body'),
      length: z.number().int().min(0).nullable().optional(),
    }))
    .output(ExchangeView)
    .mutation(({ ctx, input }) => ctx.services.exchange.uploadStream(ctx.caller, input.exchangeId, {
      body: input.body, length: input.length ?? null, sha256: input.sha256, ...(input.contentType ? { contentType: input.contentType } : {}),
      policy: { allowedRecipients: input.allowedRecipients.split(',').map((c) => c.trim()).filter(Boolean), expiresAt: input.expiresAt ?? null,
        ...(input.transformAllowed ? { transformAllowed: input.transformAllowed === 'true' } : {}) },
    })),

  inbox: authedProcedure
    .meta({ rest: { method: 'GET', path: '/exchanges/inbox', summary: 'Bước 6: hộp nhận (khẩn trước; chờ dài với ?wait=20s) / Step 6: the inbox (urgent first; long-poll with ?wait=20s)', tags, query: ['wait', 'limit'] } })
    .input(z.object({ wait: z.string().optional(), limit: z.coerce.number().int().min(1).max(500).optional() }).optional())
    .output(z.array(ExchangeView))
    .query(({ ctx, input }) => ctx.services.exchange.inbox(ctx.caller, { waitMs: waitMs(input?.wait), ...(input?.limit ? { limit: input.limit } : {}) })),

  inboxEvents: authedProcedure
    .meta({ rest: { method: 'GET', path: '/exchanges/inbox/stream', events: true,
      summary: 'Bước 6: hộp nhận dạng server-sent events (text/event-stream; sự kiện exchange.available, gói khẩn trước) / Step 6: the inbox as server-sent events (text/event-stream; exchange.available events, urgent first)', tags } })
    .input(z.object({}).optional())
    .query(({ ctx, signal }) => ctx.services.exchange.inboxEvents(ctx.caller, signal ? { signal } : {})),

  alerts: authedProcedure
    .meta({ rest: { method: 'GET', path: '/exchanges/alerts', summary: 'Cảnh báo dữ liệu không lưu thông / Alerts: data that failed to flow', tags, query: ['limit'] } })
    .input(z.object({ limit: z.coerce.number().int().min(1).max(1000).optional() }).optional())
    .output(z.array(z.object({ id: z.number().int(), at: z.string(), kind: z.string(), exchangeId: z.string().nullable(), systemCode: z.string(), agency: z.string().nullable(), detail: z.record(z.string(), z.unknown()) })))
    .query(({ ctx, input }) => ctx.services.exchange.alerts(ctx.caller, input?.limit ? { limit: input.limit } : {})),

  stats: authedProcedure
    .meta({ rest: { method: 'GET', path: '/exchanges/stats', summary: 'Thống kê trao đổi theo nguồn, đích, loại, trạng thái, ngày / Exchange statistics', tags, query: ['from', 'to'] } })
    .input(z.object({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() }).optional())
    .output(z.object({
      bySource: Counted, byDestination: Counted, byDataType: Counted, byStatus: Counted, byDay: Counted,
      systems: z.array(z.object({ code: z.string(), agency: z.string(), status: z.string(), lastSeenAt: z.string().nullable() })),
      failedDeliveries: z.array(z.object({ exchangeId: z.string(), source: z.string(), destination: z.string(), status: z.string(), code: z.string().nullable(), notificationAttempts: z.number().int(), at: z.string() })),
    }))
    .query(({ ctx, input }) => ctx.services.exchange.stats(ctx.caller, { ...(input?.from ? { from: input.from } : {}), ...(input?.to ? { to: input.to } : {}) })),

  list: authedProcedure
    .meta({ rest: { method: 'GET', path: '/exchanges', summary: 'Danh sách gói tin đã gửi/nhận / Exchanges sent or received', tags, query: ['direction', 'status', 'limit'] } })
    .input(z.object({ direction: z.enum(['sent', 'received']).optional(), status: Status.optional(), limit: z.coerce.number().int().min(1).max(1000).optional() }).optional())
    .output(z.array(ExchangeView))
    .query(({ ctx, input }) => ctx.services.exchange.list(ctx.caller, Object.fromEntries(Object.entries(input ?? {}).filter(([, v]) => v !== undefined)))),

  get: authedProcedure
    .meta({ rest: { method: 'GET', path: '/exchanges/{exchangeId}', summary: 'Trạng thái và lịch sử gói tin / Status and history of an exchange', tags } })
    .input(Id)
    .output(ExchangeView.extend({ history: z.array(z.object({ status: Status, at: z.string(), actor: z.string(), code: z.string().nullable(), detail: z.record(z.string(), z.unknown()) })) }))
    .query(({ ctx, input }) => ctx.services.exchange.get(ctx.caller, input.exchangeId)),

  ready: authedProcedure
    .meta({ rest: { method: 'POST', path: '/exchanges/{exchangeId}/ready', summary: 'Bước 7: bên nhận sẵn sàng, nhận địa chỉ lấy gói tin / Step 7: the destination is ready; where to fetch', tags } })
    .input(Id)
    .output(ExchangeView.extend({ fetch: z.object({ path: z.string(), size: z.number().int(), sha256: z.string(), contentType: z.string() }) }))
    .mutation(({ ctx, input }) => ctx.services.exchange.ready(ctx.caller, input.exchangeId)),

  fetch: authedProcedure
    .meta({ rest: { method: 'GET', path: '/exchanges/{exchangeId}/content', summary: 'Bước 8: lấy nội dung kèm mã băm (410 sau khi hoàn tất) / Step 8: fetch the content and its checksum (410 once ended)', tags } })
    .input(Id)
    .output(z.object({ exchangeId: z.string(), contentType: z.string(), size: z.number().int(), sha256: z.string(), content: z.string() }))
    .query(({ ctx, input }) => ctx.services.exchange.fetch(ctx.caller, input.exchangeId)),

  fetchRaw: authedProcedure
    .meta({ rest: { method: 'GET', path: '/exchanges/{exchangeId}/content', produces: 'application/octet-stream',
      summary: 'Bước 8: lấy nội dung thô (Accept: application/octet-stream), mã băm ở tiêu đề x-checksum-sha256 / Step 8: fetch the raw content (Accept: application/octet-stream), its SHA-256 in the x-checksum-sha256 header', tags } })
    .input(Id)
    .query(async ({ ctx, input }) => {
      const c = await ctx.services.exchange.fetchRaw(ctx.caller, input.exchangeId);
      return { body: c.bytes, contentType: c.contentType, headers: { 'x-checksum-sha256': c.sha256, 'x-lienthong-exchange-id': c.exchangeId } };
    }),

  acknowledge: authedProcedure
    .meta({ rest: { method: 'POST', path: '/exchanges/{exchangeId}/ack', summary: 'Bước 8: xác nhận đã nhận (nội dung bị xóa) / Step 8: acknowledge (the content is deleted)', tags } })
    .input(Id.extend({ sha256: Sha256 }))
    .output(ExchangeView)
    .mutation(({ ctx, input }) => ctx.services.exchange.acknowledge(ctx.caller, input.exchangeId, { sha256: input.sha256 })),

  refuse: authedProcedure
    .meta({ rest: { method: 'POST', path: '/exchanges/{exchangeId}/refuse', summary: 'Bên nhận từ chối kèm lý do / The destination refuses, with a reason', tags } })
    .input(Id.extend({ code: z.string().regex(/^[A-Z0-9_]{1,64}$/), reason: z.string().min(1).max(2000) }))
    .output(ExchangeView)
    .mutation(({ ctx, input }) => ctx.services.exchange.refuse(ctx.caller, input.exchangeId, { code: input.code, reason: input.reason })),
});
