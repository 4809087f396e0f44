import { z } from 'zod';
import { createTRPCRouter, procedure } from '../trpc.js';

const I18n = z.object({ vi: z.string(), en: z.string() });

/** HTTP headers carry only Latin-1, so browsers send a Vietnamese note percent-encoded: store it decoded. */
function headerText(v: string): string {
  try {
    return /%[0-9A-Fa-f]{2}/.test(v) ? decodeURIComponent(v) : v;
  } catch {
    return v;
  }
}

export const flowsRouter = createTRPCRouter({
  list: procedure
    .meta({ requires: 'public', scope: 'public', rest: { method: 'GET', path: '/flows', summary: 'Danh sách luồng / List flows', tags: ['flows'] } })
    .input(z.object({}).optional())
    .output(z.array(z.object({ key: z.string(), title: I18n, latestVersion: z.number().int() })))
    .query(async ({ ctx }) => (await ctx.services.flows.list()).map((f) => ({ key: f.key, title: f.title, latestVersion: f.latestVersion }))),

  validate: procedure
    .meta({ requires: 'public', scope: 'public', rest: { method: 'POST', path: '/flows/validate', summary: 'Kiểm tra luồng / Validate a flow document', tags: ['flows'], bodyField: 'document' } })
    .input(z.object({ document: z.unknown() }))
    .output(z.object({ valid: z.boolean(), errors: z.array(z.unknown()) }))
    .mutation(({ ctx, input }) => {
      const errors = ctx.services.flows.validate(input.document);
      return { valid: errors.length === 0, errors: errors.map((e) => e.toJSON()) };
    }),

  publish: procedure
    .meta({ requires: 'flows.publish', scope: 'shared', rest: { method: 'POST', path: '/flows', summary: 'Phát hành phiên bản luồng / Publish a flow version', tags: ['flows'], bodyField: 'document', headers: { 'x-lt-note': 'note' } } })
    .input(z.object({ document: z.unknown(), note: z.string().max(500).optional() }))
    .output(z.object({ flowKey: z.string(), version: z.number().int(), hash: z.string() }))
    .mutation(({ ctx, input }) => {
      const note = input.note ? headerText(input.note) : undefined;
      return ctx.services.flows.publish(input.document, { ...(note ? { note } : {}), ...(ctx.caller ? { by: ctx.caller.id } : {}) });
    }),

  get: procedure
    .meta({ requires: 'public', scope: 'public', rest: { method: 'GET', path: '/flows/{flowKey}', summary: 'Xem luồng / Get a flow version', tags: ['flows'], query: ['version'] } })
    .input(z.object({ flowKey: z.string(), version: z.coerce.number().int().positive().optional() }))
    .output(z.object({ flowKey: z.string(), version: z.number().int(), hash: z.string(), document: z.unknown() }))
    .query(async ({ ctx, input }) => {
      const v = await ctx.services.flows.get(input.flowKey, input.version);
      return { flowKey: v.flowKey, version: v.version, hash: v.hash, document: v.document };
    }),

  versions: procedure
    .meta({ requires: 'public', scope: 'public', rest: { method: 'GET', path: '/flows/{flowKey}/versions', summary: 'Các phiên bản / List versions', tags: ['flows'] } })
    .input(z.object({ flowKey: z.string() }))
    .output(z.array(z.object({ version: z.number().int(), hash: z.string(), note: z.string().nullable(), publishedBy: z.string().nullable(), publishedAt: z.date() })))
    .query(({ ctx, input }) => ctx.services.flows.versions(input.flowKey)),
});
