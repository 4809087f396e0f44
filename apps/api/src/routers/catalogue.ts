import { z } from 'zod';
import type { AnyTRPCProcedure } from '@trpc/server';
import { callersOf, grantableOperations, type GrantableOperation } from '../auth/who-may-call.js';
import { jsonSchema } from '../rest/openapi.js';
import { REST_PREFIX } from '../rest/routes.js';
import { createTRPCRouter, procedure, type Meta } from '../trpc.js';

// What the API offers, derived from the router itself: the operations a connected system may be granted, and every
// procedure as a tRPC client calls it (next to the OpenAPI document of the REST face). The router is imported when
// first asked for, not at load: it contains this router.
// Typed structurally: naming AppRouter here would make its type refer to itself.
interface RouterLike { _def: { procedures: object } }
const router = async (): Promise<RouterLike> => (await import('../root.js')).appRouter as RouterLike;

const Grantable = z.object({ name: z.string(), procedures: z.array(z.string()), operationIds: z.array(z.string()) });

const ProcedureDoc = z.object({
  name: z.string(),
  type: z.enum(['query', 'mutation', 'subscription']),
  summary: z.string().nullable(),
  permission: z.object({ requires: z.string(), scope: z.string() }).nullable(),
  callers: z.object({ anonymous: z.boolean(), people: z.boolean(), systems: z.union([z.literal(false), z.object({ grant: z.string().nullable() })]) }),
  /** How to call it over tRPC; null: REST only (a streamed body, server-sent events, raw bytes). */
  trpc: z.object({ method: z.enum(['GET', 'POST']), path: z.string() }).nullable(),
  rest: z.object({ method: z.string(), path: z.string(), operationId: z.string(), query: z.array(z.string()), headers: z.array(z.string()) }).nullable(),
  input: z.record(z.string(), z.unknown()),
  output: z.record(z.string(), z.unknown()),
});
type ProcedureDoc = z.infer<typeof ProcedureDoc>;

let grantable: GrantableOperation[] | undefined;
let docs: ProcedureDoc[] | undefined;

function procedureDocs(r: RouterLike): ProcedureDoc[] {
  const procs = r._def.procedures as unknown as Record<string, AnyTRPCProcedure>;
  return Object.entries(procs).sort(([a], [b]) => a.localeCompare(b)).map(([name, p]) => {
    const def = p._def as { type: ProcedureDoc['type']; meta?: Meta; inputs?: unknown[]; output?: unknown };
    const m = def.meta;
    const rest = m?.rest;
    const restOnly = rest !== undefined && (rest.stream !== undefined || rest.events === true || rest.produces !== undefined);
    return {
      name, type: def.type, summary: rest?.summary ?? null,
      permission: m?.requires && m.scope ? { requires: m.requires, scope: m.scope } : null,
      callers: callersOf(m),
      trpc: restOnly ? null : { method: def.type === 'mutation' ? 'POST' as const : 'GET' as const, path: `/trpc/${name}` },
      rest: rest ? { method: rest.method, path: `${REST_PREFIX}${rest.path}`, operationId: name.replace('.', '_'), query: rest.query ?? [], headers: Object.keys(rest.headers ?? {}) } : null,
      input: def.inputs?.[0] ? jsonSchema(def.inputs[0], 'input') : {},
      output: def.output ? jsonSchema(def.output, 'output') : {},
    };
  });
}

export const catalogueRouter = createTRPCRouter({
  systemOperations: procedure
    .meta({ requires: 'registry.read', scope: 'shared', rest: { method: 'GET', path: '/system-operations',
      summary: 'Các thao tác có thể cấp cho hệ thống kết nối (giá trị của allowedOperations; rỗng = tất cả) / The operations a connected system may be granted (allowedOperations values; empty = all)', tags: ['registry'] } })
    .input(z.object({}).optional())
    .output(z.array(Grantable))
    .query(async () => (grantable ??= grantableOperations(await router())).map((g) => ({ ...g, operationIds: g.procedures.map((n) => n.replace('.', '_')) }))),

  procedures: procedure
    .meta({ requires: 'public', scope: 'public', rest: { method: 'GET', path: '/trpc.json',
      summary: 'Các thủ tục tRPC: tên, loại, quyền, lược đồ đầu vào/đầu ra, REST tương ứng / The tRPC procedures: name, type, permission, input/output schemas, REST twin', tags: ['docs'] } })
    .input(z.object({}).optional())
    .output(z.array(ProcedureDoc))
    .query(async () => (docs ??= procedureDocs(await router()))),
});

/** The `allowedOperations` values the API accepts (systems create/update). */
export async function grantableNames(): Promise<ReadonlySet<string>> {
  return new Set((grantable ??= grantableOperations(await router())).map((g) => g.name));
}
