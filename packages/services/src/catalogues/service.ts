// Catalogues as data: read the current or a given version, save an edit or an import as a new version (the old ones
// stay, runs pin them), and the working calendar as the flow package's WorkingCalendar.
import { and, desc, eq, sql } from 'drizzle-orm';
import { LtError, LtErrors } from '@lienthong/errors';
import { catalogueVersions, type Db } from '@lienthong/db';
import type { WorkingCalendar } from '@lienthong/flow';
import { CATALOGUE_KINDS, checkRows, kindOf, type CatalogueKind, type CatalogueRow } from './kinds.js';
import { readCatalogueFile, type ImportFormat } from './import.js';
import { SEED } from './seed.js';

export interface CatalogueVersion {
  kind: CatalogueKind;
  version: number;
  /** "calendar@3": what a run records as the version it read. */
  id: string;
  rows: CatalogueRow[];
  note: string | null;
  source: string;
  createdBy: string;
  createdAt: Date;
}
export type CatalogueVersionInfo = Omit<CatalogueVersion, 'rows'> & { rowCount: number };

export interface SaveOptions {
  /** The version the edit started from: a newer one in between is a conflict (409), never silently overwritten. */
  baseVersion: number;
  by: string;
  note?: string;
}

/** Reads for the catalogue connector (the worker's side): the current version, or the one a run pinned. */
export interface CatalogueReader {
  calendar(version?: number): Promise<WorkingCalendar>;
  rows(kind: string, version?: number): Promise<{ rows: CatalogueRow[]; version: string }>;
}

const idOf = (kind: string, version: number) => `${kind}@${version}`;
const UNIQUE_VIOLATION = '23505';

/** The calendar rows as the flow package's calendar: years covered are the years the rows name. */
export function workingCalendarOf(v: { id: string; rows: readonly CatalogueRow[] }): WorkingCalendar {
  const dates = (type: string) => v.rows.filter((r) => r.type === type).map((r) => String(r.date)).sort();
  return {
    kind: 'working-calendar', version: v.id, timeZone: 'Asia/Ho_Chi_Minh', weekend: [0, 6],
    years: [...new Set(v.rows.map((r) => Number(String(r.date).slice(0, 4))))].sort(),
    holidays: dates('holiday'), workingDays: dates('working'),
  };
}

export function createCatalogueService(db: Db) {
  let seeded: Promise<void> | undefined;
  /** Version 1 of every kind from the seed, once (a concurrent first start inserts nothing twice). */
  const ensureSeeded = () => (seeded ??= (async () => {
    const rows = CATALOGUE_KINDS.map((kind) => ({ kind, version: 1, rows: SEED[kind], source: 'seed', note: 'Dữ liệu ban đầu / initial data', createdBy: 'system:seed' }));
    await db.insert(catalogueVersions).values(rows).onConflictDoNothing();
  })().catch((err: unknown) => { seeded = undefined; throw err; }));

  const view = (r: typeof catalogueVersions.$inferSelect): CatalogueVersion => ({
    kind: r.kind as CatalogueKind, version: r.version, id: idOf(r.kind, r.version), rows: r.rows as CatalogueRow[],
    note: r.note, source: r.source, createdBy: r.createdBy, createdAt: r.createdAt,
  });

  async function get(kind: string, version?: number): Promise<CatalogueVersion> {
    const def = kindOf(kind);
    await ensureSeeded();
    const [row] = await db.select().from(catalogueVersions)
      .where(version === undefined ? eq(catalogueVersions.kind, def.kind) : and(eq(catalogueVersions.kind, def.kind), eq(catalogueVersions.version, version)))
      .orderBy(desc(catalogueVersions.version)).limit(1);
    if (!row) throw new LtError('CATALOGUE_VERSION_NOT_FOUND', { kind, version: String(version ?? '-') }, { field: 'version' });
    return view(row);
  }

  async function insertVersion(kind: CatalogueKind, rows: CatalogueRow[], source: string, o: SaveOptions): Promise<CatalogueVersion> {
    const current = await get(kind);
    if (current.version !== o.baseVersion) {
      throw new LtError('CATALOGUE_VERSION_CONFLICT', { kind, current: current.version, base: o.baseVersion }, { field: 'baseVersion' });
    }
    try {
      const [row] = await db.insert(catalogueVersions)
        .values({ kind, version: current.version + 1, rows, source, note: o.note ?? null, createdBy: o.by }).returning();
      return view(row as typeof catalogueVersions.$inferSelect);
    } catch (err) {
      // Two editors saving from the same version: the second finds the version number taken.
      const code = (err as { code?: string; cause?: { code?: string } }).code ?? (err as { cause?: { code?: string } }).cause?.code;
      if (code === UNIQUE_VIOLATION) throw new LtError('CATALOGUE_VERSION_CONFLICT', { kind, current: current.version + 1, base: o.baseVersion }, { field: 'baseVersion' });
      throw err;
    }
  }

  return {
    kinds: CATALOGUE_KINDS,
    definition: (kind: string) => kindOf(kind),
    get,

    /** Every kind with its current version. */
    async list(): Promise<CatalogueVersionInfo[]> {
      return Promise.all(CATALOGUE_KINDS.map(async (k) => { const { rows, ...v } = await get(k); return { ...v, rowCount: rows.length }; }));
    },

    /** A kind's versions, newest first. */
    async versions(kind: string): Promise<CatalogueVersionInfo[]> {
      const def = kindOf(kind);
      await ensureSeeded();
      const rows = await db.select({ kind: catalogueVersions.kind, version: catalogueVersions.version, note: catalogueVersions.note, source: catalogueVersions.source,
        createdBy: catalogueVersions.createdBy, createdAt: catalogueVersions.createdAt, rowCount: sql<number>`jsonb_array_length(${catalogueVersions.rows})` })
        .from(catalogueVersions).where(eq(catalogueVersions.kind, def.kind)).orderBy(desc(catalogueVersions.version));
      return rows.map((r) => ({ ...r, kind: r.kind as CatalogueKind, id: idOf(r.kind, r.version), rowCount: Number(r.rowCount) }));
    },

    /** An edit: the whole catalogue as rows (each cell checked; every problem reported with its row and column). */
    async save(kind: string, rows: readonly Record<string, unknown>[], o: SaveOptions): Promise<CatalogueVersion> {
      const def = kindOf(kind);
      const checked = checkRows(def, rows, (i) => i + 1);
      if ('problems' in checked) throw new LtErrors(checked.problems);
      return insertVersion(def.kind, checked.rows, 'edit', o);
    },

    /** An import: the file replaces the catalogue as a new version, or nothing is written when any row is bad. */
    async importFile(kind: string, format: ImportFormat, content: Buffer, o: SaveOptions): Promise<CatalogueVersion> {
      const def = kindOf(kind);
      const file = await readCatalogueFile(def, format, content);
      const checked = checkRows(def, file.rows, (i) => file.rowNumbers[i] ?? i + 2);
      if ('problems' in checked) throw new LtErrors(checked.problems);
      return insertVersion(def.kind, checked.rows, `import:${format}`, o);
    },

    /** The current calendar, or a pinned version of it. */
    async calendar(version?: number): Promise<WorkingCalendar> {
      return workingCalendarOf(await get('calendar', version));
    },

    /** For the connectors: a version's rows with the version they came from. */
    async rows(kind: string, version?: number): Promise<{ rows: CatalogueRow[]; version: string }> {
      const v = await get(kind, version);
      return { rows: v.rows, version: v.id };
    },
  };
}
export type CatalogueService = ReturnType<typeof createCatalogueService>;
