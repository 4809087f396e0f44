/**
 * The in-process feed the alert engine listens to. Connector activities report every attempt's outcome
 * (apps/worker/src/activities/failures.ts); other services raise and clear their own alerts by key
 * (an exchange past its deadline, a worker down). Nothing is buffered: with no engine listening, calls are no-ops.
 */
export interface ConnectorOutcome {
  /** Activity name, e.g. "ngsp:population:verifyCitizen@1". */
  connector: string;
  /** The external system, e.g. "ngsp:population" (systemOf(connector) when omitted). */
  system?: string;
  /** The call succeeded. */
  ok: boolean;
  /**
   * The system gave an answer, even a refusal (a 4xx business error such as citizen not found). Timeouts,
   * network errors, 5xx, 429 and unclassified errors are not answers. Defaults to `ok`.
   */
  answered?: boolean;
  /** Error code when not ok (catalogue code or UNCLASSIFIED). */
  code?: string;
  at?: Date;
}

export interface ExternalAlert {
  /** Stable key, e.g. "exchange.deadline:EX-123" or "worker.down:lienthong". The part before ':' is the rule. */
  key: string;
  severity?: 'warning' | 'critical';
  /** Vietnamese first, then English. */
  message: { vi: string; en: string };
  /** Counts, codes and ids only: never personal data or secrets. */
  details?: Record<string, unknown>;
}

export type AlertBusEvent =
  | { type: 'outcome'; outcome: ConnectorOutcome & { system: string; answered: boolean; at: Date } }
  | { type: 'raise'; alert: ExternalAlert }
  | { type: 'clear'; key: string };

const listeners = new Set<(e: AlertBusEvent) => void>();

/** "ngsp:population:verifyCitizen@1" → "ngsp:population" (system and area name the external system). */
export function systemOf(connector: string): string {
  const parts = connector.split('@')[0]?.split(':') ?? [];
  return parts.length >= 3 ? parts.slice(0, 2).join(':') : (parts[0] ?? connector);
}

function emit(e: AlertBusEvent): void {
  for (const l of listeners) {
    try { l(e); } catch { /* a listener never breaks the caller (a connector call) */ }
  }
}

export function recordConnectorOutcome(o: ConnectorOutcome): void {
  if (listeners.size === 0) return;
  emit({ type: 'outcome', outcome: { ...o, system: o.system ?? systemOf(o.connector), answered: o.answered ?? o.ok, at: o.at ?? new Date() } });
}

/** Opens (or keeps open) the alert with this key until clearAlert(key). */
export function raiseAlert(key: string, alert: Omit<ExternalAlert, 'key'>): void {
  emit({ type: 'raise', alert: { ...alert, key } });
}

export function clearAlert(key: string): void {
  emit({ type: 'clear', key });
}

export function onAlertBus(listener: (e: AlertBusEvent) => void): () => void {
  listeners.add(listener);
  return () => { listeners.delete(listener); };
}
