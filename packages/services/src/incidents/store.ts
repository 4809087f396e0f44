import { and, asc, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { incidents, incidentSteps, INCIDENT_STEPS, type Db, type IncidentAnnouncement, type IncidentSeverity, type IncidentStatus, type IncidentStepKey, type IncidentStepState } from '@lienthong/db';
import { LtError } from '@lienthong/errors';

export type IncidentRow = typeof incidents.$inferSelect;
export type IncidentStepRow = typeof incidentSteps.$inferSelect;
export const INCIDENT_SEVERITIES: readonly IncidentSeverity[] = ['low', 'medium', 'high', 'critical'];

export interface IncidentStepView {
  step: IncidentStepKey; position: number; state: IncidentStepState; doneBy: string | null; doneAt: string | null;
  note: string | null; link: string | null; detail: Record<string, unknown>;
}

export interface IncidentView {
  id: string; title: string; description: string; severity: IncidentSeverity; status: IncidentStatus; alertId: number | null;
  affectedFlows: string[]; affectedSystems: string[]; agencies: string[];
  openedBy: string; openedAt: string; recoveryEta: string | null; resolvedBy: string | null; resolvedAt: string | null;
  /** Minutes from opening to resolution (null while not resolved). */
  recoveryMinutes: number | null;
  /** Serious (high or critical) and touching two or more agencies: the regulation asks for a report (R-17). */
  reportRequired: boolean;
  announcements: IncidentAnnouncement[];
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
export const isSerious = (s: IncidentSeverity): boolean => s === 'high' || s === 'critical';

export function incidentView(r: IncidentRow): IncidentView {
  return {
    id: r.id, title: r.title, description: r.description, severity: r.severity, status: r.status, alertId: r.alertId,
    affectedFlows: r.affectedFlows, affectedSystems: r.affectedSystems, agencies: r.agencies,
    openedBy: r.openedBy, openedAt: r.openedAt.toISOString(), recoveryEta: iso(r.recoveryEta), resolvedBy: r.resolvedBy, resolvedAt: iso(r.resolvedAt),
    recoveryMinutes: r.resolvedAt ? Math.round((r.resolvedAt.getTime() - r.openedAt.getTime()) / 60_000) : null,
    reportRequired: isSerious(r.severity) && r.agencies.length >= 2,
    announcements: r.announcements,
  };
}

export const incidentStepView = (s: IncidentStepRow): IncidentStepView => ({
  step: s.step, position: s.position, state: s.state, doneBy: s.doneBy, doneAt: iso(s.doneAt), note: s.note, link: s.link, detail: s.detail,
});

export interface IncidentRange {
  /** Opened at or after (inclusive). */
  from: Date;
  /** Opened before (exclusive). */
  to: Date;
  /** Only incidents affecting this agency. */
  agency?: string;
}

/** Incidents opened in [from, to), oldest first: what the operations reports (services/reports) and statistics read. */
export async function listIncidents(db: Db, r: IncidentRange): Promise<IncidentView[]> {
  const conds: SQL[] = [gte(incidents.openedAt, r.from), lt(incidents.openedAt, r.to)];
  if (r.agency) conds.push(sql`${incidents.agencies} @> ${JSON.stringify([r.agency])}::jsonb`);
  const rows = await db.select().from(incidents).where(and(...conds)).orderBy(asc(incidents.openedAt));
  return rows.map(incidentView);
}

export interface IncidentMonthStats {
  /** YYYY-MM (UTC). */
  month: string;
  total: number;
  bySeverity: Record<IncidentSeverity, number>;
  resolved: number;
  /** Mean minutes from opening to resolution over the month's resolved incidents (null when none). */
  meanMinutesToRecover: number | null;
  reportRequired: number;
}

/** Count by severity and mean time to recover, per month of opening (UTC). */
export function incidentStats(list: readonly IncidentView[]): IncidentMonthStats[] {
  const months = new Map<string, IncidentView[]>();
  for (const i of list) {
    const m = i.openedAt.slice(0, 7);
    months.set(m, [...(months.get(m) ?? []), i]);
  }
  return [...months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, items]) => {
    const recovered = items.filter((i) => i.recoveryMinutes !== null).map((i) => i.recoveryMinutes as number);
    return {
      month, total: items.length,
      bySeverity: Object.fromEntries(INCIDENT_SEVERITIES.map((s) => [s, items.filter((i) => i.severity === s).length])) as Record<IncidentSeverity, number>,
      resolved: recovered.length,
      meanMinutesToRecover: recovered.length ? Math.round(recovered.reduce((a, b) => a + b, 0) / recovered.length) : null,
      reportRequired: items.filter((i) => i.reportRequired).length,
    };
  });
}

/** The incidents and incident_steps tables. */
export function createIncidentStore(db: Db) {
  return {
    async get(id: string): Promise<IncidentRow> {
      const [row] = await db.select().from(incidents).where(eq(incidents.id, id));
      if (!row) throw new LtError('INCIDENT_NOT_FOUND', { incidentId: id }, { pointer: '/incidentId' });
      return row;
    },
    async steps(id: string): Promise<IncidentStepRow[]> {
      return db.select().from(incidentSteps).where(eq(incidentSteps.incidentId, id)).orderBy(asc(incidentSteps.position));
    },
    /** Inserts the incident and its checklist (every step pending) in one transaction. */
    async insert(row: typeof incidents.$inferInsert): Promise<IncidentRow> {
      return db.transaction(async (tx) => {
        const [inc] = await tx.insert(incidents).values(row).returning();
        await tx.insert(incidentSteps).values(INCIDENT_STEPS.map((step, position) => ({ incidentId: row.id, step, position })));
        return inc as IncidentRow;
      });
    },
    async update(id: string, set: Partial<typeof incidents.$inferInsert>): Promise<IncidentRow> {
      const [row] = await db.update(incidents).set({ ...set, updatedAt: new Date() }).where(eq(incidents.id, id)).returning();
      if (!row) throw new LtError('INCIDENT_NOT_FOUND', { incidentId: id }, { pointer: '/incidentId' });
      return row;
    },
    async setStep(id: string, step: IncidentStepKey, set: Partial<typeof incidentSteps.$inferInsert>): Promise<IncidentStepRow> {
      const [row] = await db.update(incidentSteps).set(set).where(and(eq(incidentSteps.incidentId, id), eq(incidentSteps.step, step))).returning();
      if (!row) throw new LtError('INCIDENT_NOT_FOUND', { incidentId: id }, { pointer: '/incidentId' });
      return row;
    },
    async addAnnouncements(id: string, list: IncidentAnnouncement[]): Promise<void> {
      await db.update(incidents).set({ announcements: sql`${incidents.announcements} || ${JSON.stringify(list)}::jsonb`, updatedAt: new Date() }).where(eq(incidents.id, id));
    },
    /** Newest first; `agencies` limits to incidents affecting one of them (undefined: all). */
    async list(f: { agencies?: readonly string[]; status?: IncidentStatus | 'active'; limit?: number }): Promise<IncidentRow[]> {
      if (f.agencies && f.agencies.length === 0) return [];
      const conds: SQL[] = [];
      if (f.agencies) conds.push(sql`${incidents.agencies} ?| array[${sql.join(f.agencies.map((a) => sql`${a}`), sql`, `)}]::text[]`);
      if (f.status === 'active') conds.push(sql`${incidents.status} <> 'resolved'`);
      else if (f.status) conds.push(eq(incidents.status, f.status));
      return db.select().from(incidents).where(conds.length ? and(...conds) : undefined).orderBy(desc(incidents.openedAt)).limit(Math.min(f.limit ?? 100, 500));
    },
  };
}
export type IncidentStore = ReturnType<typeof createIncidentStore>;
