import { z } from 'zod';
import { LtError } from '@lienthong/errors';
import { EXCHANGE_READ_ACTIONS } from '@lienthong/services';
import type { Access } from '../auth/policy.js';
import { createTRPCRouter, procedure } from '../trpc.js';

// Every exchange procedure needs a signed-in caller ('self'); which side may do what (source, destination, a person
// reading the audit log of one of the two agencies) is decided by the exchange service, which knows the exchange, and
// each exchange answered is checked once more here (`seen`). The long-polling inbox is quiet in the audit log
// (auth/policy.ts): the exchange service records each exchange's own steps.

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
// The grants a system needs for each side (@lienthong/exchange EXCHANGE_OPERATIONS, checked by the exchange service,
// which refuses people, and the statistics are people's): declared here too, refused by the one authorisation middleware
// before the input is read, and the OpenAPI document and the grantable operations are derived from them.
const SEND = { grant: 'exchanges.send', only: true };
const RECEIVE = { grant: 'exchanges.receive', only: true };

type Seen = { exchangeId: string; source: { system: string; agency: string }; destination: { system: string; agency: string | null } };
/** The agency check of an exchange: a system sees what it sent or received; a person, what one of its agencies' audit logs covers. */
function visibleTo(access: Access, e: Seen): boolean {
  const p = access.caller();
  if (p.kind === 'system') return e.source.system === p.systemCode || e.destination.system === p.systemCode;
  return EXCHANGE_READ_ACTIONS.some((a) => access.reachesAny([e.source.agency, e.destination.agency], a));
}
function seen<T extends Seen>(access: Access, e: T): T {
  if (!visibleTo(access, e)) throw new LtError('EXCHANGE_NOT_FOUND', { exchangeId: e.exchangeId }, { field: 'exchangeId' });
  return e;
}
const seenAll = <T extends Seen>(access: Access, list: T[]): T[] => list.filter((e) => visibleTo(access, e));
const Counted = z.array(z.object({ key: z.string(), count: z.number().int(), bytes: z.number() }));

/** The eight-step data exchange between connected systems (REG 001 Đ11; docs/exchange.md). */
export const exchangesRouter = createTRPCRouter({
  create: procedure
    .meta({ requires: 'self', scope: 'agency', systems: SEND, rest: { method: 'POST', path: '/exchanges', summary: 'Bước 1–3: yêu cầu gửi gói tin, cấp không gian / Steps 1–3: request an exchange, get a space', tags,
      headers: { 'idempotency-key': 'idempotencyKey' } } })
    .input(z.object({
      idempotencyKey: z.string().min(1).max(200).optional(),
      recipient: z.string().min(1).max(100), subject: z.string().min(1).max(500), priority: z.enum(['urgent', 'normal']).default('normal'),
      dataType: z.string().min(1).max(100), protocol: Protocol, size: z.number().int().min(0), deadline: z.iso.datetime({ offset: true }).nullable().optional(),
    }))
    .output(ExchangeView.extend({ upload: z.object({ path: z.string(), maxBytes: z.number().int(), jsonMaxBytes: z.number().int() }), pendingForYou: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const { idempotencyKey, ...rest } = input;
      return seen(ctx.access, await ctx.services.exchange.create(ctx.access.caller(), { ...rest, deadline: input.deadline ?? null, ...(idempotencyKey ? { idempotencyKey } : {}) }));
    }),

  upload: procedure
    .meta({ requires: 'self', scope: 'agency', systems: SEND, rest: { method: 'PUT', path: '/exchanges/{exchangeId}/content', summary: 'Bước 4: tải nội dung và chính sách / Step 4: upload the content and the policy', tags } })
    .input(Id.extend({
      content: z.string().optional(), text: z.string().optional(), contentType: z.string().max(200).optional(), sha256: Sha256,
      policy: z.object({ allowedRecipients: z.array(z.string()).min(1), expiresAt: z.iso.datetime({ offset: true }).nullable().optional(), transformAllowed: z.boolean().optional() }),
    }))
    .output(ExchangeView)
    .mutation(async ({ ctx, input }) => {
      const { exchangeId, policy, ...rest } = input;
      const clean = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as typeof rest & { sha256: string };
      return seen(ctx.access, await ctx.services.exchange.upload(ctx.access.caller(), exchangeId, { ...clean, policy: { allowedRecipients: policy.allowedRecipients, expiresAt: policy.expiresAt ?? null,
        ...(policy.transformAllowed !== undefined ? { transformAllowed: policy.transformAllowed } : {}) } }));
    }),

  uploadStream: procedure
    .meta({ requires: 'self', scope: 'agency', systems: SEND, rest: { method: 'PUT', path: '/exchanges/{exchangeId}/content', stream: 'application/octet-stream',
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
    .mutation(async ({ ctx, input }) => seen(ctx.access, await ctx.services.exchange.uploadStream(ctx.access.caller(), input.exchangeId, {
      body: input.body, length: input.length ?? null, sha256: input.sha256, ...(input.contentType ? { contentType: input.contentType } : {}),
      policy: { allowedRecipients: input.allowedRecipients.split(',').map((c) => c.trim()).filter(Boolean), expiresAt: input.expiresAt ?? null,
        ...(input.transformAllowed ? { transformAllowed: input.transformAllowed === 'true' } : {}) },
    }))),

  inbox: procedure
    .meta({ requires: 'self', scope: 'agency', systems: RECEIVE, rest: { method: 'GET', path: '/exchanges/inbox', summary: 'Bước 6: hộp nhận (khẩn trước; chờ dài với ?wait=20s) / Step 6: the inbox (urgent first; long-poll with ?wait=20s)', tags, query: ['wait', 'limit'] } })
    .input(z.object({ wait: z.string().optional(), limit: z.coerce.number().int().min(1).max(500).optional() }).optional())
    .output(z.array(ExchangeView))
    .query(async ({ ctx, input }) => seenAll(ctx.access, await ctx.services.exchange.inbox(ctx.access.caller(), { waitMs: waitMs(input?.wait), ...(input?.limit ? { limit: input.limit } : {}) }))),

  inboxEvents: procedure
    .meta({ requires: 'self', scope: 'agency', systems: RECEIVE, rest: { method: 'GET', path: '/exchanges/inbox/stream', events: true,
      summary: 'Bước 6: hộp nhận dạng server-sent events (text/event-stream; sự kiện exchange.available, gói khẩn trước) / Step 6: the inbox as server-sent events (text/event-stream; exchange.available events, urgent first)', tags } })
    .input(z.object({}).optional())
    .query(async ({ ctx, signal }) => {
      const events = await ctx.services.exchange.inboxEvents(ctx.access.caller(), signal ? { signal } : {});
      const access = ctx.access;
      return (async function* () { for await (const e of events) if (visibleTo(access, e.data)) yield e; })();
    }),

  alerts: procedure
    .meta({ requires: 'self', scope: 'agency', rest: { method: 'GET', path: '/exchanges/alerts', summary: 'Cảnh báo dữ liệu không lưu thông / Alerts: data that failed to flow', tags, query: ['limit'] } })
    .input(z.object({ limit: z.coerce.number().int().min(1).max(1000).optional() }).optional())
    .output(z.array(z.object({ id: z.number().int(), at: z.string(), kind: z.string(), exchangeId: z.string().nullable(), systemCode: z.string(), agency: z.string().nullable(), detail: z.record(z.string(), z.unknown()) })))
    .query(({ ctx, input }) => ctx.services.exchange.alerts(ctx.access.caller(), input?.limit ? { limit: input.limit } : {})),

  stats: procedure
    .meta({ requires: 'self', scope: 'agency', systems: false, rest: { method: 'GET', path: '/exchanges/stats', summary: 'Thống kê trao đổi theo nguồn, đích, loại, trạng thái, ngày / Exchange statistics', tags, query: ['from', 'to'] } })
    .input(z.object({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() }).optional())
    .output(z.object({
      bySource: Counted, byDestination: Counted, byDataType: Counted, byStatus: Counted, byDay: Counted,
      systems: z.array(z.object({ code: z.string(), agency: z.string(), status: z.string(), lastSeenAt: z.string().nullable() })),
      failedDeliveries: z.array(z.object({ exchangeId: z.string(), source: z.string(), destination: z.string(), status: z.string(), code: z.string().nullable(), notificationAttempts: z.number().int(), at: z.string() })),
    }))
    .query(({ ctx, input }) => ctx.services.exchange.stats(ctx.access.caller(), { ...(input?.from ? { from: input.from } : {}), ...(input?.to ? { to: input.to } : {}) })),

  list: procedure
    .meta({ requires: 'self', scope: 'agency', rest: { method: 'GET', path: '/exchanges', summary: 'Danh sách gói tin đã gửi/nhận / Exchanges sent or received', tags, query: ['direction', 'status', 'limit'] } })
    .input(z.object({ direction: z.enum(['sent', 'received']).optional(), status: Status.optional(), limit: z.coerce.number().int().min(1).max(1000).optional() }).optional())
    .output(z.array(ExchangeView))
    .query(async ({ ctx, input }) => seenAll(ctx.access, await ctx.services.exchange.list(ctx.access.caller(), Object.fromEntries(Object.entries(input ?? {}).filter(([, v]) => v !== undefined))))),

  // The console's exchange screen: people (operators, admins, auditors and agency viewers within their agencies), metadata only.
  search: procedure
    .meta({ requires: 'self', scope: 'agency', systems: false, rest: { method: 'GET', path: '/exchanges/search',
      summary: 'Tra cứu gói tin theo trạng thái, bên gửi, bên nhận, thời gian, có phân trang (chỉ siêu dữ liệu) / Search exchanges by status, sender, recipient and time, paged (metadata only)', tags,
      query: ['status', 'sender', 'recipient', 'from', 'to', 'offset', 'limit'] } })
    .input(z.object({
      status: Status.optional(), sender: z.string().min(1).max(100).optional(), recipient: z.string().min(1).max(100).optional(),
      from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional(),
      offset: z.coerce.number().int().min(0).max(1_000_000).optional(), limit: z.coerce.number().int().min(1).max(200).optional(),
    }).optional())
    .output(z.object({ exchanges: z.array(ExchangeView), total: z.number().int() }))
    .query(async ({ ctx, input }) => {
      const found = await ctx.services.exchange.search(ctx.access.caller(), Object.fromEntries(Object.entries(input ?? {}).filter(([, v]) => v !== undefined)));
      return { exchanges: seenAll(ctx.access, found.exchanges), total: found.total };
    }),

  get: procedure
    .meta({ requires: 'self', scope: 'agency', rest: { method: 'GET', path: '/exchanges/{exchangeId}', summary: 'Trạng thái và lịch sử gói tin / Status and history of an exchange', tags } })
    .input(Id)
    .output(ExchangeView.extend({ history: z.array(z.object({ status: Status, at: z.string(), actor: z.string(), code: z.string().nullable(), detail: z.record(z.string(), z.unknown()) })) }))
    .query(async ({ ctx, input }) => seen(ctx.access, await ctx.services.exchange.get(ctx.access.caller(), input.exchangeId))),

  ready: procedure
    .meta({ requires: 'self', scope: 'agency', systems: RECEIVE, rest: { method: 'POST', path: '/exchanges/{exchangeId}/ready', summary: 'Bước 7: bên nhận sẵn sàng, nhận địa chỉ lấy gói tin / Step 7: the destination is ready; where to fetch', tags } })
    .input(Id)
    .output(ExchangeView.extend({ fetch: z.object({ path: z.string(), size: z.number().int(), sha256: z.string(), contentType: z.string() }) }))
    .mutation(async ({ ctx, input }) => seen(ctx.access, await ctx.services.exchange.ready(ctx.access.caller(), input.exchangeId))),

  fetch: procedure
    .meta({ requires: 'self', scope: 'agency', systems: RECEIVE, rest: { method: 'GET', path: '/exchanges/{exchangeId}/content', summary: 'Bước 8: lấy nội dung kèm mã băm (410 sau khi hoàn tất) / Step 8: fetch the content and its checksum (410 once ended)', tags } })
    .input(Id)
    .output(z.object({ exchangeId: z.string(), contentType: z.string(), size: z.number().int(), sha256: z.string(), content: z.string() }))
    .query(({ ctx, input }) => ctx.services.exchange.fetch(ctx.access.caller(), input.exchangeId)),

  fetchRaw: procedure
    .meta({ requires: 'self', scope: 'agency', systems: RECEIVE, rest: { method: 'GET', path: '/exchanges/{exchangeId}/content', produces: 'application/octet-stream',
      summary: 'Bước 8: lấy nội dung thô (Accept: application/octet-stream), mã băm ở tiêu đề x-checksum-sha256 / Step 8: fetch the raw content (Accept: application/octet-stream), its SHA-256 in the x-checksum-sha256 header', tags } })
    .input(Id)
    .query(async ({ ctx, input }) => {
      const c = await ctx.services.exchange.fetchRaw(ctx.access.caller(), input.exchangeId);
      return { body: c.bytes, contentType: c.contentType, headers: { 'x-checksum-sha256': c.sha256, 'x-lienthong-exchange-id': c.exchangeId } };
    }),

  acknowledge: procedure
    .meta({ requires: 'self', scope: 'agency', systems: RECEIVE, rest: { method: 'POST', path: '/exchanges/{exchangeId}/ack', summary: 'Bước 8: xác nhận đã nhận (nội dung bị xóa) / Step 8: acknowledge (the content is deleted)', tags } })
    .input(Id.extend({ sha256: Sha256 }))
    .output(ExchangeView)
    .mutation(async ({ ctx, input }) => seen(ctx.access, await ctx.services.exchange.acknowledge(ctx.access.caller(), input.exchangeId, { sha256: input.sha256 }))),

  refuse: procedure
    .meta({ requires: 'self', scope: 'agency', systems: RECEIVE, rest: { method: 'POST', path: '/exchanges/{exchangeId}/refuse', summary: 'Bên nhận từ chối kèm lý do / The destination refuses, with a reason', tags } })
    .input(Id.extend({ code: z.string().regex(/^[A-Z0-9_]{1,64}$/), reason: z.string().min(1).max(2000) }))
    .output(ExchangeView)
    .mutation(async ({ ctx, input }) => seen(ctx.access, await ctx.services.exchange.refuse(ctx.access.caller(), input.exchangeId, { code: input.code, reason: input.reason }))),
});
