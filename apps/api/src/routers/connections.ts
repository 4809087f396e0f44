import { z } from 'zod';
import type { ConnectionSecrets, ConnectionView } from '@lienthong/services';
import { iso } from '../auth/guard.js';
import { createTRPCRouter, procedure } from '../trpc.js';

const PEM = 64 * 1024;
const Secrets = z.object({
  credential: z.record(z.string().max(64), z.string().max(4096)).optional(),
  proxyUrl: z.string().max(2048).optional(),
  caCert: z.string().max(PEM).optional(),
  clientCert: z.string().max(PEM).optional(),
  clientKey: z.string().max(PEM).optional(),
  // Message-level security (WS-Security for SOAP, XML-DSig of edXML); '' removes the stored value on a rotation.
  wsSecurity: z.enum(['none', 'usernameToken', 'x509Signature', '']).optional(),
  signingKey: z.string().max(PEM).optional(),
  signingCert: z.string().max(PEM).optional(),
  signatureCaCert: z.string().max(PEM).optional(),
}).strict();
const Environment = z.enum(['production', 'staging', 'test']);
const Connection = z.object({
  id: z.string(), name: z.string(), family: z.string(), environment: z.string(), endpoint: z.string(),
  timeoutMs: z.number().nullable(), ratePerMinute: z.number().nullable(), secretFields: z.array(z.string()),
  transport: z.object({ proxy: z.string().nullable(), caCert: z.boolean(), clientCert: z.boolean(),
    wsSecurity: z.string().nullable().optional(), signingCert: z.boolean().optional(), signatureCaCert: z.boolean().optional() }),
  version: z.number(), updatedAt: z.string(), updatedBy: z.string().nullable(),
});
const TestResult = z.object({
  ok: z.boolean(), kind: z.enum(['ok', 'unreachable', 'tls', 'proxy', 'credentials', 'other']), checked: z.enum(['read', 'reachability']),
  code: z.string().optional(), message: z.object({ vi: z.string(), en: z.string() }).optional(), ms: z.number(),
});
const view = (c: ConnectionView) => ({ ...c, updatedAt: iso(c.updatedAt) as string });
/** zod's optional fields arrive as `undefined`; the service's inputs are exact. */
const secretsOf = (s: z.infer<typeof Secrets> | undefined): ConnectionSecrets | undefined =>
  s ? (Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as ConnectionSecrets) : undefined;
const Id = z.string().min(1).max(64);

// Connections to target systems: endpoint, write-only credential and transport options, timeouts, a shared rate limit.
export const connectionsRouter = createTRPCRouter({
  list: procedure
    .meta({ requires: 'credentials.manage', scope: 'platform', rest: { method: 'GET', path: '/connections', summary: 'Các kết nối tới hệ thống đích / Connections to target systems', tags: ['connections'] } })
    .input(z.object({}).optional())
    .output(z.array(Connection))
    .query(async ({ ctx }) => (await ctx.services.connections.list()).map(view)),

  choices: procedure
    .meta({ requires: 'flows.publish', scope: 'platform', rest: { method: 'GET', path: '/connection-choices', summary: 'Kết nối và thông tin xác thực chọn được cho một nút (chỉ mã, loại, tên) / Connections and credentials a node can use (ids, types and names only)', tags: ['connections'], query: ['family'] } })
    .input(z.object({ family: z.string().max(64).optional() }))
    .output(z.array(z.object({ id: z.string(), family: z.string(), name: z.string().nullable(), environment: z.string().nullable() })))
    .query(({ ctx, input }) => ctx.services.connections.choices(input.family)),

  get: procedure
    .meta({ requires: 'credentials.manage', scope: 'platform', rest: { method: 'GET', path: '/connections/{connectionId}', summary: 'Xem kết nối (không bao giờ hiện bí mật) / Get a connection (secrets are never shown)', tags: ['connections'] } })
    .input(z.object({ connectionId: Id }))
    .output(Connection)
    .query(async ({ ctx, input }) => view(await ctx.services.connections.get(input.connectionId))),

  create: procedure
    .meta({ requires: 'credentials.manage', scope: 'platform', rest: { method: 'POST', path: '/connections', summary: 'Tạo kết nối: địa chỉ, thông tin xác thực, proxy, CA, chứng thư máy khách (chỉ ghi) / Create a connection: endpoint, credential, proxy, CA, client certificate (write-only)', tags: ['connections'] } })
    .input(z.object({ id: Id, name: z.string().min(1).max(200), family: z.string().min(1).max(64), environment: Environment, endpoint: z.string().min(1).max(2048),
      timeoutMs: z.number().int().nullable().optional(), ratePerMinute: z.number().int().nullable().optional(), secrets: Secrets.optional() }))
    .output(Connection)
    .mutation(async ({ ctx, input }) => {
      const secrets = secretsOf(input.secrets);
      return view(await ctx.services.connections.create({ id: input.id, name: input.name, family: input.family, environment: input.environment, endpoint: input.endpoint,
        ...(input.timeoutMs !== undefined ? { timeoutMs: input.timeoutMs } : {}), ...(input.ratePerMinute !== undefined ? { ratePerMinute: input.ratePerMinute } : {}),
        ...(secrets ? { secrets } : {}) }, ctx.caller?.id ?? 'unknown'));
    }),

  update: procedure
    .meta({ requires: 'credentials.manage', scope: 'platform', rest: { method: 'PUT', path: '/connections/{connectionId}', summary: 'Sửa hoặc xoay vòng bí mật của kết nối (lượt chạy dở dùng phiên bản cũ đến khi xong bước) / Change or rotate a connection (steps in flight keep the old version)', tags: ['connections'] } })
    .input(z.object({ connectionId: Id, name: z.string().min(1).max(200).optional(), environment: Environment.optional(), endpoint: z.string().min(1).max(2048).optional(),
      timeoutMs: z.number().int().nullable().optional(), ratePerMinute: z.number().int().nullable().optional(), secrets: Secrets.optional() }))
    .output(Connection)
    .mutation(async ({ ctx, input }) => {
      const { connectionId, secrets: given, ...rest } = input;
      const secrets = secretsOf(given);
      const change = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
      return view(await ctx.services.connections.update(connectionId, { ...change, ...(secrets ? { secrets } : {}) }, ctx.caller?.id ?? 'unknown'));
    }),

  remove: procedure
    .meta({ requires: 'credentials.manage', scope: 'platform', rest: { method: 'DELETE', path: '/connections/{connectionId}', summary: 'Xóa kết nối / Delete a connection', tags: ['connections'] } })
    .input(z.object({ connectionId: Id }))
    .output(z.object({ removed: z.literal(true) }))
    .mutation(async ({ ctx, input }) => { await ctx.services.connections.remove(input.connectionId); return { removed: true as const }; }),

  test: procedure
    .meta({ requires: 'credentials.manage', scope: 'platform', rest: { method: 'POST', path: '/connections/{connectionId}/test', summary: 'Kiểm tra kết nối: gọi thao tác đọc rẻ nhất của hệ thống / Test a connection: the system\'s cheapest read', tags: ['connections'] } })
    .input(z.object({ connectionId: Id }))
    .output(TestResult)
    .mutation(({ ctx, input }) => ctx.services.connections.test(input.connectionId)),
});
