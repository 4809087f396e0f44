import { asc } from 'drizzle-orm';
import { LtError } from '@lienthong/errors';
import { reportRegimes, type ReportIndicator, type ReportRegimeKind } from '@lienthong/db';
import { PLATFORM, type ReportActor, type ReportingDeps, type ReportingStore } from './store.js';
import { MEASUREMENT_UNITS } from './units.js';
import type { Frequency } from './calendar.js';
import { DEMO_REGIME } from './demo-regime.js';

export interface RegimeInput {
  code: string; name: { vi: string; en: string }; kind: ReportRegimeKind; leadAgencyCode: string; legalBasis?: string;
  frequency: Frequency; templateVersion: string; indicators: ReportIndicator[]; unitScope: string[]; reviewDueAt: Date;
}

/** Regimes: kinds are data, entered here or imported from the reporting system's list; each is reviewed yearly. */
export function regimeUseCases(deps: ReportingDeps, store: ReportingStore) {
  /** `keep`: only when no regime has this code yet (a regime someone saved is never overwritten). */
  async function save(r: RegimeInput, actor: ReportActor, source: 'national' | 'local' = 'local', keep = false): Promise<boolean> {
    const badUnit = r.indicators.findIndex((i) => !MEASUREMENT_UNITS[i.unit]);
    const bad = r.indicators[badUnit];
    if (bad) throw new LtError('REQUEST_VALIDATION_FAILED', { pointer: `/indicators/${badUnit}/unit`, detail: `unit ${bad.unit} of ${bad.code} is not in the unit catalogue`, detailVi: `đơn vị tính ${bad.unit} của chỉ tiêu ${bad.code} không có trong danh mục đơn vị tính` }, { pointer: `/indicators/${badUnit}/unit` });
    const row = { ...r, legalBasis: r.legalBasis ?? '', source, updatedAt: store.now() };
    const insert = deps.db.insert(reportRegimes).values(row);
    const written = await (keep ? insert.onConflictDoNothing() : insert.onConflictDoUpdate({ target: reportRegimes.code, set: row })).returning({ code: reportRegimes.code });
    if (written.length === 0) return false;
    await store.audit(actor, 'reporting.regime.saved', { regimeCode: r.code, kind: r.kind, source, units: r.unitScope.length });
    return true;
  }
  return {
    save,
    get: (code: string) => store.regime(code),
    /**
     * At start (npm start): the regime the example tong-hop-bao-cao-day-du runs on, so its schedule works on a fresh
     * install; through the same use case as the API's save, and never over a regime that exists (an admin's edit stays).
     */
    ensureDemo: (): Promise<boolean> => save({ ...DEMO_REGIME, reviewDueAt: new Date(store.now().getTime() + 365 * 86_400_000) }, PLATFORM, 'local', true),
    /**
     * The reporting system's listRegimes answer (reporting:national:listRegimes) merged in: its kind, lead agency and
     * frequency win; the template and unit scope the province keeps (a new regime starts with none: filled in here).
     */
    async importFromNational(items: readonly { code: string; name: string; kind: ReportRegimeKind; leadAgencyCode: string; frequency: string }[], actor: ReportActor): Promise<{ imported: number }> {
      const existing = new Map((await deps.db.select().from(reportRegimes)).map((r) => [r.code, r]));
      for (const it of items) {
        const prev = existing.get(it.code);
        const frequency = (['month', 'quarter', 'half', 'year'].includes(it.frequency) ? it.frequency : 'adhoc') as Frequency;
        await save({ code: it.code, name: prev?.name ?? { vi: it.name, en: it.name }, kind: it.kind, leadAgencyCode: it.leadAgencyCode, frequency,
          templateVersion: prev?.templateVersion ?? '1', indicators: prev?.indicators ?? [], unitScope: prev?.unitScope ?? [], legalBasis: prev?.legalBasis ?? '',
          reviewDueAt: prev?.reviewDueAt ?? new Date(store.now().getTime() + 365 * 86_400_000) }, actor, 'national');
      }
      return { imported: items.length };
    },
    async list(): Promise<(typeof reportRegimes.$inferSelect & { reviewOverdue: boolean })[]> {
      const now = store.now();
      return (await deps.db.select().from(reportRegimes).orderBy(asc(reportRegimes.code))).map((r) => ({ ...r, reviewOverdue: r.reviewDueAt < now }));
    },
  };
}
