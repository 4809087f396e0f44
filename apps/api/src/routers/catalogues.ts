import { z } from 'zod';
import { CATALOGUE_KINDS, MAX_IMPORT_ROWS, workingCalendarOf, type CatalogueVersion, type CatalogueVersionInfo } from '@lienthong/services';
import { addWorkingDays, workingDaysBetween } from '@lienthong/flow';
import { iso } from '../auth/guard.js';
import { createTRPCRouter, procedure } from '../trpc.js';

// Catalogues as data (issue 17): the working calendar, administrative units, procedures, agencies. Platform-wide data:
// people with registry.read see them, registry.write (platform-wide) edits and imports; every change is a new version.
// (routers/catalogue.ts is something else: the API's own procedure catalogue.)
const I18n = z.object({ vi: z.string(), en: z.string() });
const Kind = z.enum(CATALOGUE_KINDS);
const Cell = z.union([z.string().max(1000), z.number(), z.array(z.string().max(100)).max(50)]);
const Row = z.record(z.string().max(64), Cell);
const Info = z.object({ kind: Kind, version: z.number().int(), id: z.string(), rowCount: z.number().int(), note: z.string().nullable(), source: z.string(),
  createdBy: z.string(), createdAt: z.string() });
const Column = z.object({ key: z.string(), title: I18n, required: z.boolean() });
const Version = Info.extend({ rows: z.array(Row), title: I18n, columns: z.array(Column), key: z.string() });
const dateOrTime = z.string().regex(/^\d{4}-\d{2}-\d{2}(T.+)?$/, 'YYYY-MM-DD or an ISO 8601 date-time').max(40);

const infoView = (v: CatalogueVersionInfo | CatalogueVersion) => ({ kind: v.kind, version: v.version, id: v.id,
  rowCount: 'rowCount' in v ? v.rowCount : v.rows.length, note: v.note, source: v.source, createdBy: v.createdBy, createdAt: iso(v.createdAt) as string });

const meta = (requires: 'registry.read' | 'registry.write', method: 'GET' | 'PUT' | 'POST', path: string, summary: string, query?: string[]) =>
  ({ requires, scope: 'platform' as const, systems: false as const, rest: { method, path, summary, tags: ['catalogues'], ...(query ? { query } : {}) } });

export const cataloguesRouter = createTRPCRouter({
  list: procedure
    .meta(meta('registry.read', 'GET', '/catalogues', 'Các danh mục và phiên bản hiện hành / Catalogues and their current versions'))
    .input(z.object({}).optional())
    .output(z.array(Info.extend({ title: I18n })))
    .query(async ({ ctx }) => (await ctx.services.catalogues.list()).map((v) => ({ ...infoView(v), title: ctx.services.catalogues.definition(v.kind).title }))),

  get: procedure
    .meta(meta('registry.read', 'GET', '/catalogues/{kind}', 'Một danh mục: phiên bản hiện hành hoặc phiên bản đã nêu / A catalogue: the current or a given version', ['version']))
    .input(z.object({ kind: Kind, version: z.coerce.number().int().min(1).optional() }))
    .output(Version)
    .query(async ({ ctx, input }) => {
      const v = await ctx.services.catalogues.get(input.kind, input.version);
      const def = ctx.services.catalogues.definition(v.kind);
      return { ...infoView(v), rows: v.rows, title: def.title, key: def.key, columns: def.columns.map((c) => ({ key: c.key, title: c.title, required: c.required })) };
    }),

  versions: procedure
    .meta(meta('registry.read', 'GET', '/catalogues/{kind}/versions', 'Các phiên bản của danh mục, mới nhất trước / A catalogue\'s versions, newest first'))
    .input(z.object({ kind: Kind }))
    .output(z.array(Info))
    .query(async ({ ctx, input }) => (await ctx.services.catalogues.versions(input.kind)).map(infoView)),

  save: procedure
    .meta(meta('registry.write', 'PUT', '/catalogues/{kind}', 'Lưu danh mục thành phiên bản mới (cả danh mục) / Save the whole catalogue as a new version'))
    .input(z.object({ kind: Kind, baseVersion: z.number().int().min(1), rows: z.array(Row).max(MAX_IMPORT_ROWS), note: z.string().max(500).optional() }))
    .output(Info)
    .mutation(async ({ ctx, input }) => infoView(await ctx.services.catalogues.save(input.kind, input.rows,
      { baseVersion: input.baseVersion, by: ctx.access.caller().id, ...(input.note ? { note: input.note } : {}) }))),

  import: procedure
    .meta(meta('registry.write', 'POST', '/catalogues/{kind}/import', 'Nhập danh mục từ tệp CSV hoặc XLSX (thay cả danh mục; dòng lỗi nêu dòng và cột) / Import a catalogue from CSV or XLSX (replaces it; bad rows named by row and column)'))
    .input(z.object({ kind: Kind, format: z.enum(['csv', 'xlsx']), contentBase64: z.string().max(8_000_000).regex(/^[A-Za-z0-9+/=\s]*$/, 'base64'),
      baseVersion: z.number().int().min(1), note: z.string().max(500).optional() }))
    .output(Info)
    .mutation(async ({ ctx, input }) => infoView(await ctx.services.catalogues.importFile(input.kind, input.format, Buffer.from(input.contentBase64, 'base64'),
      { baseVersion: input.baseVersion, by: ctx.access.caller().id, ...(input.note ? { note: input.note } : {}) }))),

  workingDays: procedure
    .meta(meta('registry.read', 'GET', '/catalogues/calendar/working-days', 'Tính hạn theo ngày làm việc (giờ Việt Nam) / Count working days (Vietnam time)', ['from', 'days', 'to', 'version']))
    .input(z.object({ from: dateOrTime, days: z.coerce.number().int().min(-3660).max(3660).optional(), to: dateOrTime.optional(), version: z.coerce.number().int().min(1).optional() }))
    .output(z.object({ calendarVersion: z.string(), date: z.string().optional(), workingDays: z.number().int().optional() }))
    .query(async ({ ctx, input }) => {
      const cal = workingCalendarOf(await ctx.services.catalogues.get('calendar', input.version));
      return { calendarVersion: cal.version, ...(input.days !== undefined ? { date: addWorkingDays(cal, input.from, input.days) } : {}),
        ...(input.to !== undefined ? { workingDays: workingDaysBetween(cal, input.from, input.to) } : {}) };
    }),
});
