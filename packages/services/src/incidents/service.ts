import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNotNull, lte, ne } from 'drizzle-orm';
import { alerts, connectedSystems, incidents, INCIDENT_STEPS, type Db, type IncidentSeverity, type IncidentStatus, type IncidentStepKey, type MasterKey } from '@lienthong/db';
import { LtError } from '@lienthong/errors';
import type { EgressPolicy } from '@lienthong/observability';
import type { AuditService } from '../audit.js';
import { announceRecovery, type IncidentMailEnv } from './announce.js';
import { incidentReportXlsx } from './report.js';
import { createIncidentStore, incidentStats, incidentStepView, incidentView, listIncidents, type IncidentMonthStats, type IncidentRow, type IncidentStepView, type IncidentView } from './store.js';

export interface OpenIncidentInput {
  title?: string | undefined;
  description?: string | undefined;
  severity?: IncidentSeverity | undefined;
  /** Open from this alert: title and severity default from it, and the alert's subject is kept in the description. */
  alertId?: number | undefined;
  affectedFlows?: string[] | undefined;
  affectedSystems?: string[] | undefined;
  /** Agencies affected besides those of the affected systems. */
  agencies?: string[] | undefined;
}

export interface StepInput { state: 'done' | 'skipped'; note?: string | undefined; link?: string | undefined; recoveryEta?: string | undefined }

export interface IncidentDetail extends IncidentView { steps: IncidentStepView[] }

/** An actor as the audit log names it: `user:<name>` (people) or `system:<code>`. */
export interface IncidentActor { id: string; kind: 'user' | 'system' | 'platform' }

/** How long a critical alert fires before the platform opens an incident for it (LT_INCIDENT_AUTO_OPEN_AFTER_S). */
export const AUTO_OPEN_AFTER_MS = 5 * 60_000;

const ALERT_SEVERITY: Record<'warning' | 'critical', IncidentSeverity> = { warning: 'medium', critical: 'critical' };

/**
 * Incidents: opened from an alert or by hand, worked through the regulation's checklist (isolate, back up before the
 * fix, log on site, escalate, announce the recovery time, report serious multi-agency incidents), every change audited.
 */
export function createIncidentService(deps: { db: Db; audit: AuditService; egress: EgressPolicy; masterKey?: MasterKey | undefined; olderMasterKeys?: readonly MasterKey[] | undefined;
  env: IncidentMailEnv & { LT_INCIDENT_AUTO_OPEN_AFTER_S?: string | undefined }; now?: () => Date }) {
  const store = createIncidentStore(deps.db);
  const now = deps.now ?? (() => new Date());
  const autoOpenAfterS = Number(deps.env.LT_INCIDENT_AUTO_OPEN_AFTER_S);
  const autoOpenAfterMs = deps.env.LT_INCIDENT_AUTO_OPEN_AFTER_S && Number.isFinite(autoOpenAfterS) && autoOpenAfterS >= 0 ? autoOpenAfterS * 1000 : AUTO_OPEN_AFTER_MS;

  const audit = (actor: IncidentActor, action: string, i: IncidentRow, detail: Record<string, unknown> = {}) =>
    deps.audit.record({ actorType: actor.kind, actorId: actor.id, action, outcome: 'ok', agency: i.agencies.length === 1 ? i.agencies[0] : null,
      detail: { incidentId: i.id, ...detail } });

  async function detail(id: string): Promise<IncidentDetail> {
    const row = await store.get(id);
    return { ...incidentView(row), steps: (await store.steps(id)).map(incidentStepView) };
  }

  async function agenciesOf(systems: readonly string[]): Promise<string[]> {
    if (!systems.length) return [];
    const rows = await deps.db.select({ code: connectedSystems.code, agency: connectedSystems.agencyCode }).from(connectedSystems).where(inArray(connectedSystems.code, [...systems]));
    const unknown = systems.find((s) => !rows.some((r) => r.code === s));
    if (unknown) throw new LtError('INCIDENT_SYSTEM_UNKNOWN', { systemCode: unknown }, { pointer: `/affectedSystems/${systems.indexOf(unknown)}` });
    return rows.map((r) => r.agency);
  }

  async function editable(id: string): Promise<IncidentRow> {
    const row = await store.get(id);
    if (row.status === 'resolved') throw new LtError('INCIDENT_RESOLVED', { incidentId: id }, { pointer: '/incidentId' });
    return row;
  }

  const service = {
    store,
    detail,
    /** The agencies an incident with these systems (and named agencies) affects: what the API checks the caller reaches before opening it. */
    async agenciesFor(systems: readonly string[], named: readonly string[] = []): Promise<string[]> {
      return [...new Set([...(await agenciesOf([...new Set(systems)])), ...named])].sort();
    },

    async open(input: OpenIncidentInput, actor: IncidentActor): Promise<IncidentDetail> {
      let fromAlert: typeof alerts.$inferSelect | undefined;
      if (input.alertId !== undefined) {
        [fromAlert] = await deps.db.select().from(alerts).where(inArray(alerts.id, [input.alertId]));
        if (!fromAlert) throw new LtError('ALERT_NOT_FOUND', { id: input.alertId }, { pointer: '/alertId' });
        const [active] = await deps.db.select({ id: incidents.id }).from(incidents).where(and(eq(incidents.alertId, input.alertId), ne(incidents.status, 'resolved'))).limit(1);
        if (active) throw new LtError('INCIDENT_ALREADY_OPEN', { alertId: input.alertId, incidentId: active.id }, { pointer: '/alertId' });
      }
      const title = input.title?.trim() || fromAlert?.message.vi;
      if (!title) throw new LtError('REQUEST_VALIDATION_FAILED', { pointer: '/title', detail: 'a title is required when no alert is named', detailVi: 'cần tiêu đề khi không mở từ cảnh báo' }, { pointer: '/title' });
      const systems = [...new Set(input.affectedSystems ?? [])];
      const agencies = [...new Set([...(await agenciesOf(systems)), ...(input.agencies ?? [])])].sort();
      const description = input.description ?? (fromAlert ? `${fromAlert.message.vi} / ${fromAlert.message.en} (${fromAlert.key})` : '');
      const row = await store.insert({ id: `inc-${randomUUID()}`, title, description, severity: input.severity ?? (fromAlert ? ALERT_SEVERITY[fromAlert.severity] : 'medium'),
        alertId: input.alertId ?? null, affectedFlows: [...new Set(input.affectedFlows ?? [])], affectedSystems: systems, agencies, openedBy: actor.id, openedAt: now() });
      await audit(actor, 'incident.opened', row, { severity: row.severity, ...(row.alertId !== null ? { alertId: row.alertId } : {}) });
      return detail(row.id);
    },

    async update(id: string, input: Pick<OpenIncidentInput, 'severity' | 'affectedFlows' | 'affectedSystems' | 'agencies' | 'description'>, actor: IncidentActor): Promise<IncidentDetail> {
      const row = await editable(id);
      const systems = input.affectedSystems ? [...new Set(input.affectedSystems)] : row.affectedSystems;
      const agencies = input.affectedSystems || input.agencies
        ? [...new Set([...(await agenciesOf(systems)), ...(input.agencies ?? [])])].sort() : row.agencies;
      const next = await store.update(id, { ...(input.severity ? { severity: input.severity } : {}), ...(input.affectedFlows ? { affectedFlows: [...new Set(input.affectedFlows)] } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}), affectedSystems: systems, agencies });
      await audit(actor, 'incident.updated', next, { severity: next.severity, affectedSystems: next.affectedSystems, affectedFlows: next.affectedFlows });
      return detail(id);
    },

    /** Marks one checklist step done (or skipped) by `actor` now; announcing the recovery time also sends it. */
    async step(id: string, step: IncidentStepKey, input: StepInput, actor: IncidentActor): Promise<IncidentDetail> {
      const row = await editable(id);
      const at = now();
      let detailOfStep: Record<string, unknown> = {};
      if (step === 'announce_recovery' && input.state === 'done') {
        const eta = input.recoveryEta ? new Date(input.recoveryEta) : null;
        if (!eta || Number.isNaN(eta.getTime())) throw new LtError('REQUEST_VALIDATION_FAILED', { pointer: '/recoveryEta', detail: 'the announced recovery time (ISO 8601) is required', detailVi: 'cần thời điểm dự kiến khôi phục (ISO 8601)' }, { pointer: '/recoveryEta' });
        if (eta.getTime() <= row.openedAt.getTime()) throw new LtError('INCIDENT_RECOVERY_TIME_INVALID', { recoveryEta: eta.toISOString(), openedAt: row.openedAt.toISOString() }, { pointer: '/recoveryEta' });
        const announcing = await store.update(id, { recoveryEta: eta, status: 'recovering' });
        const sent = await announceRecovery({ db: deps.db, egress: deps.egress, masterKey: deps.masterKey, olderMasterKeys: deps.olderMasterKeys, env: deps.env }, incidentView(announcing), at);
        await store.addAnnouncements(id, sent);
        detailOfStep = { recoveryEta: eta.toISOString(), delivered: sent.filter((s) => s.ok).map((s) => `${s.channel}:${s.target}`), failed: sent.filter((s) => !s.ok).map((s) => `${s.channel}:${s.target}`) };
      }
      await store.setStep(id, step, { state: input.state, doneBy: actor.id, doneAt: at, note: input.note ?? null, link: input.link ?? null, detail: detailOfStep });
      await audit(actor, 'incident.step', row, { step, state: input.state, ...(input.link ? { link: input.link } : {}), ...detailOfStep });
      return detail(id);
    },

    /**
     * Opens an incident for each critical alert still open after `afterMs` that has none yet (the alerts schedule calls it):
     * a critical alert that lasts is an incident under R-17, a short blip is not. Opened by `platform:incidents`.
     */
    async openForCriticalAlerts(at: Date, afterMs = autoOpenAfterMs): Promise<IncidentDetail[]> {
      const lasting = await deps.db.select({ id: alerts.id }).from(alerts)
        .where(and(eq(alerts.severity, 'critical'), ne(alerts.status, 'resolved'), lte(alerts.firedAt, new Date(at.getTime() - afterMs))));
      if (!lasting.length) return [];
      const known = new Set((await deps.db.select({ alertId: incidents.alertId }).from(incidents)
        .where(and(isNotNull(incidents.alertId), inArray(incidents.alertId, lasting.map((a) => a.id))))).map((r) => r.alertId));
      const opened: IncidentDetail[] = [];
      for (const a of lasting.filter((x) => !known.has(x.id))) opened.push(await service.open({ alertId: a.id }, { id: 'platform:incidents', kind: 'platform' }));
      return opened;
    },

    async resolve(id: string, note: string | undefined, actor: IncidentActor): Promise<IncidentDetail> {
      const row = await editable(id);
      const next = await store.update(id, { status: 'resolved' satisfies IncidentStatus, resolvedAt: now(), resolvedBy: actor.id,
        ...(note ? { description: row.description ? `${row.description}\n${note}` : note } : {}) });
      await audit(actor, 'incident.resolved', next, { minutes: incidentView(next).recoveryMinutes });
      return detail(id);
    },

    async list(f: { agencies?: readonly string[]; status?: IncidentStatus | 'active'; limit?: number }): Promise<IncidentView[]> {
      return (await store.list(f)).map(incidentView);
    },

    /** Per-month counts by severity and mean time to recover for incidents opened in [from, to), within `agencies`. */
    async stats(r: { from: Date; to: Date; agencies?: readonly string[] | undefined }): Promise<IncidentMonthStats[]> {
      const all = await listIncidents(deps.db, { from: r.from, to: r.to });
      const only = r.agencies;
      return incidentStats(only ? all.filter((i) => i.agencies.some((a) => only.includes(a))) : all);
    },

    /** The report R-17 asks for (serious multi-agency incidents; any incident may be exported): XLSX. */
    async report(id: string, actor: IncidentActor): Promise<{ filename: string; body: Buffer }> {
      const d = await detail(id);
      await audit(actor, 'incident.report', await store.get(id), { reportRequired: d.reportRequired });
      return { filename: `bao-cao-su-co-${d.id}.xlsx`, body: incidentReportXlsx(d) };
    },
  };
  return service;
}
export type IncidentService = ReturnType<typeof createIncidentService>;
export { INCIDENT_STEPS };
