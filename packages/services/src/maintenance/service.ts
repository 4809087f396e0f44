import { and, eq, isNull } from 'drizzle-orm';
import { connections, maintenanceNoticeRules, maintenanceWindows, type Db, type MaintenanceScope, type MasterKey } from '@lienthong/db';
import { LtError } from '@lienthong/errors';
import type { EgressPolicy } from '@lienthong/observability';
import type { ConnectorManifest } from '@lienthong/schemas';
import type { AuditService } from '../audit.js';
import { announceWindow, type MaintenanceMailEnv } from './announce.js';
import { DEFAULT_NOTICE_MINUTES, regulatedMinutes, systemOf, systemsOfFamily } from './rules.js';
import { listMaintenanceWindows, noticeRules, windowsAhead, windowView, type MaintenanceWindowView } from './store.js';

export interface AnnounceInput { scope: MaintenanceScope; target?: string | undefined; startsAt: string; endsAt: string; reason: { vi: string; en: string } }
export interface NoticeRuleView { scope: MaintenanceScope; target: string; minNoticeMinutes: number; regulatedMinutes: number; configured: boolean }
/** A window as a simulator applies it: the connector systems it closes (a connection's window closes its family's systems). */
export interface SimulatorWindow { id: number; systems: string[]; startsAt: string; endsAt: string }

const hours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;

/**
 * Maintenance windows: announced ahead by at least the target's notice (24 h unless a rule says otherwise; never
 * below the regulated notice), sent to the connected systems, cancelled with a notice too; every change audited.
 */
export function createMaintenanceService(deps: { db: Db; audit: AuditService; egress: EgressPolicy; manifests: readonly ConnectorManifest[];
  masterKey?: MasterKey | undefined; olderMasterKeys?: readonly MasterKey[] | undefined; env: MaintenanceMailEnv; now?: () => Date }) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const knownSystems = [...new Set(deps.manifests.map((m) => systemOf(m.id)))].sort();

  /** The connection behind a target, with the systems it reaches; refuses an unknown target. */
  async function resolveTarget(scope: MaintenanceScope, target: string) {
    if (scope === 'platform') return { target: '', connection: undefined };
    if (scope === 'system') {
      if (!knownSystems.includes(target)) throw new LtError('MAINTENANCE_TARGET_UNKNOWN', { scope, target }, { pointer: '/target' });
      return { target, connection: undefined };
    }
    const [c] = await db.select({ family: connections.family, environment: connections.environment }).from(connections).where(eq(connections.id, target));
    if (!c) throw new LtError('MAINTENANCE_TARGET_UNKNOWN', { scope, target }, { pointer: '/target' });
    return { target, connection: { environment: c.environment, systems: systemsOfFamily(deps.manifests, c.family) } };
  }

  async function ruleOf(scope: MaintenanceScope, target: string, connection?: { environment: string; systems: readonly string[] }): Promise<NoticeRuleView> {
    const [row] = await noticeRules(db, scope, target);
    const regulated = regulatedMinutes(scope, target, connection);
    return { scope, target, minNoticeMinutes: row?.minNoticeMinutes ?? Math.max(DEFAULT_NOTICE_MINUTES, regulated), regulatedMinutes: regulated, configured: !!row };
  }

  const parseTime = (value: string, pointer: string): Date => {
    const d = new Date(value);
    if (Number.isNaN(d.getTime())) throw new LtError('MAINTENANCE_WINDOW_INVALID', { detail: `${pointer.slice(1)} is not an ISO 8601 time`, detailVi: `${pointer.slice(1)} không phải thời điểm ISO 8601` }, { pointer });
    return d;
  };

  return {
    list(f: { from?: string | undefined; to?: string | undefined; includeCancelled?: boolean | undefined } = {}): Promise<MaintenanceWindowView[]> {
      const at = now();
      return listMaintenanceWindows(db, {
        from: f.from ? parseTime(f.from, '/from') : new Date(at.getTime() - 30 * 86_400_000), to: f.to ? parseTime(f.to, '/to') : new Date(at.getTime() + 366 * 86_400_000),
        ...(f.includeCancelled ? { includeCancelled: true } : {}),
      });
    },

    /** Platform windows that have not ended and start within `withinHours`: the console's banner. */
    async upcoming(withinHours = 72): Promise<MaintenanceWindowView[]> {
      const at = now();
      return listMaintenanceWindows(db, { from: at, to: new Date(at.getTime() + withinHours * 3_600_000), scope: 'platform' });
    },

    async announce(actor: string, input: AnnounceInput): Promise<MaintenanceWindowView> {
      const startsAt = parseTime(input.startsAt, '/startsAt');
      const endsAt = parseTime(input.endsAt, '/endsAt');
      if (endsAt <= startsAt) throw new LtError('MAINTENANCE_WINDOW_INVALID', { detail: 'endsAt must be after startsAt', detailVi: 'thời điểm kết thúc phải sau thời điểm bắt đầu' }, { pointer: '/endsAt' });
      const { target, connection } = await resolveTarget(input.scope, input.target ?? '');
      const rule = await ruleOf(input.scope, target, connection);
      const at = now();
      const noticeMinutes = (startsAt.getTime() - at.getTime()) / 60_000;
      if (noticeMinutes < rule.minNoticeMinutes) {
        await deps.audit.record({ actorType: 'user', actorId: actor, action: 'maintenance.announce', outcome: 'refused', code: 'MAINTENANCE_NOTICE_TOO_SHORT',
          detail: { scope: input.scope, target, startsAt: startsAt.toISOString(), minNoticeMinutes: rule.minNoticeMinutes } });
        throw new LtError('MAINTENANCE_NOTICE_TOO_SHORT', { target: target || 'platform', minHours: hours(rule.minNoticeMinutes), hours: hours(Math.max(0, noticeMinutes)) }, { pointer: '/startsAt' });
      }
      const [row] = await db.insert(maintenanceWindows).values({ scope: input.scope, target, startsAt, endsAt, reason: input.reason, announcedAt: at, announcedBy: actor }).returning();
      if (!row) throw new LtError('INTERNAL');
      const view = windowView(row);
      const deliveries = await announceWindow(deps, 'maintenance.announced', view);
      await db.update(maintenanceWindows).set({ deliveries }).where(eq(maintenanceWindows.id, row.id));
      await deps.audit.record({ actorType: 'user', actorId: actor, action: 'maintenance.announce', outcome: 'ok',
        detail: { windowId: row.id, scope: row.scope, target, startsAt: view.startsAt, endsAt: view.endsAt, delivered: deliveries.filter((d) => d.ok).length } });
      return { ...view, deliveries };
    },

    async cancel(actor: string, id: number): Promise<MaintenanceWindowView> {
      const [row] = await db.update(maintenanceWindows).set({ cancelledAt: now(), cancelledBy: actor })
        .where(and(eq(maintenanceWindows.id, id), isNull(maintenanceWindows.cancelledAt))).returning();
      if (!row) throw new LtError('MAINTENANCE_WINDOW_NOT_FOUND', { windowId: id }, { pointer: '/id' });
      const view = windowView(row);
      const deliveries = [...row.deliveries, ...await announceWindow(deps, 'maintenance.cancelled', view)];
      await db.update(maintenanceWindows).set({ deliveries }).where(eq(maintenanceWindows.id, id));
      await deps.audit.record({ actorType: 'user', actorId: actor, action: 'maintenance.cancel', outcome: 'ok', detail: { windowId: id, scope: row.scope, target: row.target } });
      return { ...view, deliveries };
    },

    /** Every system's notice (configured or default) and the configured connection and platform rules. */
    async rules(): Promise<NoticeRuleView[]> {
      const rows = await noticeRules(db);
      const out = await Promise.all(knownSystems.map((s) => ruleOf('system', s)));
      for (const r of rows) if (r.scope !== 'system') out.push({ scope: r.scope, target: r.target, minNoticeMinutes: r.minNoticeMinutes, regulatedMinutes: 0, configured: true });
      const platform = out.some((r) => r.scope === 'platform') ? [] : [await ruleOf('platform', '')];
      return [...platform, ...out];
    },

    async setRule(actor: string, input: { scope: MaintenanceScope; target?: string | undefined; minNoticeMinutes: number }): Promise<NoticeRuleView> {
      const { target, connection } = await resolveTarget(input.scope, input.target ?? '');
      const regulated = regulatedMinutes(input.scope, target, connection);
      if (input.minNoticeMinutes < regulated) {
        throw new LtError('MAINTENANCE_NOTICE_BELOW_MINIMUM', { target: target || 'platform', minHours: hours(regulated) }, { pointer: '/minNoticeMinutes' });
      }
      await db.insert(maintenanceNoticeRules).values({ scope: input.scope, target, minNoticeMinutes: input.minNoticeMinutes, updatedBy: actor, updatedAt: now() })
        .onConflictDoUpdate({ target: [maintenanceNoticeRules.scope, maintenanceNoticeRules.target], set: { minNoticeMinutes: input.minNoticeMinutes, updatedBy: actor, updatedAt: now() } });
      await deps.audit.record({ actorType: 'user', actorId: actor, action: 'maintenance.notice_rule', outcome: 'ok', detail: { scope: input.scope, target, minNoticeMinutes: input.minNoticeMinutes } });
      return ruleOf(input.scope, target, connection);
    },

    /** Windows not yet ended, as the simulators apply them (the same rows the worker reads). */
    async simulatorWindows(): Promise<SimulatorWindow[]> {
      const rows = await windowsAhead(db, now());
      const families = new Map((await db.select({ id: connections.id, family: connections.family }).from(connections)).map((c) => [c.id, c.family]));
      return rows.flatMap((r) => {
        const systems = r.scope === 'system' ? [r.target] : r.scope === 'connection' ? systemsOfFamily(deps.manifests, families.get(r.target) ?? '') : [];
        return systems.length ? [{ id: r.id, systems, startsAt: r.startsAt.toISOString(), endsAt: r.endsAt.toISOString() }] : [];
      });
    },
  };
}

export type MaintenanceService = ReturnType<typeof createMaintenanceService>;
