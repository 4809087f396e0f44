import type { ConnectorManifest } from '@lienthong/schemas';
import type { MaintenanceScope } from '@lienthong/db';

/** Without a rule, a window is announced at least this long before it starts. */
export const DEFAULT_NOTICE_MINUTES = 24 * 60;

/**
 * Notice the regulations fix per external system (R-18: 24 h for the reporting system). A rule for the system, or for a
 * production connection to it, may not go below; a test or staging connection may (a province's own test account).
 */
export const REGULATED_NOTICE_MINUTES: Readonly<Record<string, number>> = { reporting: 24 * 60 };

/** The external system a connector (or its activity, "<id>@<major>") talks to: the id's first part, e.g. `reporting`. */
export const systemOf = (connectorOrActivity: string): string => connectorOrActivity.split(':')[0] ?? connectorOrActivity;

/** The systems whose connectors use a connection family (credential type), e.g. reporting-national → reporting. */
export function systemsOfFamily(manifests: readonly ConnectorManifest[], family: string): string[] {
  return [...new Set(manifests.filter((m) => m.credential === family).map((m) => systemOf(m.id)))].sort();
}

/** The regulated minimum for a target (0 when none applies). */
export function regulatedMinutes(scope: MaintenanceScope, target: string, connection?: { environment: string; systems: readonly string[] }): number {
  if (scope === 'system') return REGULATED_NOTICE_MINUTES[target] ?? 0;
  if (scope === 'connection' && connection?.environment === 'production') return Math.max(0, ...connection.systems.map((s) => REGULATED_NOTICE_MINUTES[s] ?? 0));
  return 0;
}

/** Windows as the worker and the simulators read them. */
export interface ClosingWindow { scope: MaintenanceScope; target: string; startsAt: Date; endsAt: Date }

/**
 * Until when a call to `system` (through connection `connectionId`) must wait at `now`, or null: the end of the windows
 * that cover now, followed through windows that start before the previous one ends. Platform windows do not stop calls.
 */
export function closedUntil(windows: readonly ClosingWindow[], system: string, connectionId: string | undefined, now: Date): Date | null {
  const applies = windows.filter((w) => (w.scope === 'system' && w.target === system) || (w.scope === 'connection' && connectionId !== undefined && w.target === connectionId));
  let until = now.getTime();
  for (let changed = true; changed;) {
    changed = false;
    for (const w of applies) {
      if (w.startsAt.getTime() <= until && w.endsAt.getTime() > until) { until = w.endsAt.getTime(); changed = true; }
    }
  }
  return until > now.getTime() ? new Date(until) : null;
}
