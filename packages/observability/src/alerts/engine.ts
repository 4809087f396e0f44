import { readFileSync } from 'node:fs';
import { onAlertBus, type AlertBusEvent, type ExternalAlert } from './bus.js';
import { deliverWithRetry, emailChannel, hostOf, safeError, webhookChannel, type AlertChannel, type AlertEvent } from './deliver.js';
import { DEFAULT_RULES, OutcomeWindow, type Finding, type RuleConfig } from './rules.js';
import type { AlertStore, AlertView } from './store.js';
import { egressPolicy, type EgressPolicy } from '../egress.js';

/** A check run on every evaluation (e.g. "worker down"): returns what is wrong now; keys of its rules it stops returning resolve. */
export interface AlertProbe {
  rules: readonly string[];
  check(now: Date): Promise<Finding[]>;
}

export interface AlertEngineOptions {
  store: AlertStore;
  channels?: readonly AlertChannel[];
  rules?: Partial<RuleConfig>;
  probes?: readonly AlertProbe[];
  /** How often the rules are evaluated (default 15 s). */
  intervalMs?: number;
  clock?: () => Date;
  /** Replaces setInterval (tests drive evaluation themselves). */
  every?: (fn: () => void, ms: number) => () => void;
  retry?: { attempts?: number; baseDelayMs?: number };
  log?: (line: string) => void;
}

export interface AlertEngine {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Evaluates every rule now (the interval calls it). */
  evaluate(): Promise<void>;
  raise(key: string, alert: Omit<ExternalAlert, 'key'>): Promise<void>;
  clear(key: string): Promise<void>;
  /** Resolves once every queued delivery has been tried. */
  idle(): Promise<void>;
}

const BUILT_IN_RULES = ['connector.failure_rate', 'system.silent'];
const ruleOf = (key: string): string => key.split(':')[0] ?? key;

/**
 * Evaluates the rules on an interval over connector outcomes from the bus, keeps one open alert per key in
 * the store (firing → acknowledged → resolved) and tells every channel when an alert fires and when it resolves.
 */
export function createAlertEngine(o: AlertEngineOptions): AlertEngine {
  const clock = o.clock ?? (() => new Date());
  const log = o.log ?? (() => undefined);
  const window = new OutcomeWindow({ ...DEFAULT_RULES, ...o.rules });
  const managed = new Set([...BUILT_IN_RULES, ...(o.probes ?? []).flatMap((p) => p.rules)]);
  const open = new Map<string, number>(); // key → alert id
  const deliveries = new Map<string, Promise<void>>();
  let queue: Promise<void> = Promise.resolve();
  let stopTimer: (() => void) | null = null;
  let unsubscribe: (() => void) | null = null;

  /** Store operations run one at a time (evaluation, raise and clear never interleave). */
  const serial = (fn: () => Promise<void>): Promise<void> => {
    const next = queue.then(fn).catch((err: unknown) => log(`alerts: ${safeError(err)}`));
    queue = next;
    return next;
  };

  function notify(event: AlertEvent, alert: AlertView): void {
    log(`alert ${event}: ${alert.key} (#${alert.id})`);
    for (const ch of o.channels ?? []) {
      const prev = deliveries.get(ch.name) ?? Promise.resolve();
      const next = prev.then(async () => {
        const r = await deliverWithRetry(ch, event, alert, o.retry);
        if (!r.ok) log(`alert ${alert.key}: ${ch.name} delivery failed after ${r.attempts} attempts: ${r.error ?? ''}`);
        await o.store.recordDelivery(alert.id, { channel: ch.name, event, ok: r.ok, attempts: r.attempts, at: clock().toISOString(), ...(r.error ? { error: r.error } : {}) });
      }).catch((err: unknown) => log(`alert delivery: ${safeError(err)}`));
      deliveries.set(ch.name, next);
    }
  }

  async function fire(f: Omit<Finding, 'rule' | 'subject'> & { rule: string; subject: string }, now: Date): Promise<void> {
    if (open.has(f.key)) return o.store.touch(f.key, { message: f.message, details: f.details, severity: f.severity }, now);
    const row = await o.store.open({ key: f.key, rule: f.rule, subject: f.subject, severity: f.severity, message: f.message, details: f.details }, now);
    if (row) { open.set(f.key, row.id); notify('firing', row); return; }
    // Opened by another process on the same database: adopt it without telling anyone twice.
    const existing = (await o.store.list({ status: 'open', limit: 500 })).find((a) => a.key === f.key);
    if (existing) open.set(f.key, existing.id);
  }

  async function resolve(key: string, now: Date): Promise<void> {
    open.delete(key);
    const row = await o.store.resolve(key, now);
    if (row) notify('resolved', row);
  }

  async function evaluateNow(): Promise<void> {
    const now = clock();
    const findings = window.evaluate(now.getTime(), new Set(open.keys()));
    for (const p of o.probes ?? []) {
      try { findings.push(...(await p.check(now))); } catch (err) { log(`alert probe ${p.rules.join(',')}: ${safeError(err)}`); }
    }
    const wanted = new Set(findings.map((f) => f.key));
    for (const f of findings) await fire(f, now);
    for (const key of [...open.keys()]) if (managed.has(ruleOf(key)) && !wanted.has(key)) await resolve(key, now);
  }

  function onBus(e: AlertBusEvent): void {
    if (e.type === 'outcome') window.add({ connector: e.outcome.connector, system: e.outcome.system, answered: e.outcome.answered, code: e.outcome.code, at: e.outcome.at.getTime() });
    else if (e.type === 'raise') void engine.raise(e.alert.key, e.alert);
    else void engine.clear(e.key);
  }

  const engine: AlertEngine = {
    async start() {
      for (const a of await o.store.list({ status: 'open', limit: 500 })) open.set(a.key, a.id);
      unsubscribe = onAlertBus(onBus);
      const every = o.every ?? ((fn, ms) => { const t = setInterval(fn, ms); t.unref(); return () => clearInterval(t); });
      stopTimer = every(() => void engine.evaluate(), o.intervalMs ?? 15_000);
    },
    async stop() {
      stopTimer?.(); stopTimer = null;
      unsubscribe?.(); unsubscribe = null;
      await queue;
      // Deliveries still retrying get a few seconds, not the whole backoff.
      await Promise.race([engine.idle(), new Promise((r) => setTimeout(r, 5_000).unref())]);
    },
    evaluate: () => serial(evaluateNow),
    raise: (key, alert) => serial(() => fire({ key, rule: ruleOf(key), subject: key.slice(ruleOf(key).length + 1) || key, severity: alert.severity ?? 'warning',
      message: alert.message, details: alert.details ?? {} }, clock())),
    clear: (key) => serial(() => (open.has(key) ? resolve(key, clock()) : o.store.resolve(key, clock()).then((row) => { if (row) notify('resolved', row); }))),
    async idle() { await queue; await Promise.all(deliveries.values()); },
  };
  return engine;
}

export interface AlertEnv {
  LT_ALERT_WEBHOOK_URL?: string | undefined;
  LT_ALERT_WEBHOOK_SECRET?: string | undefined;
  LT_ALERT_SMTP_URL?: string | undefined;
  LT_ALERT_EMAIL_TO?: string | undefined;
  LT_ALERT_EMAIL_FROM?: string | undefined;
  /** A PEM file of the certificate authority the mail server's certificate chains to, when not a public one. */
  LT_ALERT_SMTP_CA?: string | undefined;
  LT_ALERT_INTERVAL_MS?: string | undefined;
  LT_ALERT_FAILURE_WINDOW_S?: string | undefined;
  LT_ALERT_FAILURE_RATE?: string | undefined;
  LT_ALERT_FAILURE_MIN_CALLS?: string | undefined;
  LT_ALERT_SILENT_AFTER_S?: string | undefined;
  LT_ALERT_RETRY_BASE_MS?: string | undefined;
  /** The egress policy's allow list (egress.ts), when no policy is passed. */
  LT_EGRESS_ALLOW?: string | undefined;
}

const num = (v: string | undefined): number | undefined => (v !== undefined && v !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);

/** Channels, rule thresholds and interval from LT_ALERT_* (see README's configuration table). */
export function alertConfigFromEnv(env: AlertEnv, log: (line: string) => void = () => undefined, egress: EgressPolicy = egressPolicy(env.LT_EGRESS_ALLOW)):
  Pick<AlertEngineOptions, 'channels' | 'rules' | 'intervalMs' | 'retry'> {
  const channels: AlertChannel[] = [];
  if (env.LT_ALERT_WEBHOOK_URL) {
    if (env.LT_ALERT_WEBHOOK_SECRET) {
      channels.push(webhookChannel(env.LT_ALERT_WEBHOOK_URL, env.LT_ALERT_WEBHOOK_SECRET, { egress }));
      log(`cảnh báo gửi tới webhook / alerts go to webhook ${hostOf(env.LT_ALERT_WEBHOOK_URL)}`);
    } else {
      log('ALERT_WEBHOOK_SECRET_MISSING: thiếu LT_ALERT_WEBHOOK_SECRET nên không gửi webhook cảnh báo / LT_ALERT_WEBHOOK_SECRET is not set, alert webhook disabled');
    }
  }
  if (env.LT_ALERT_SMTP_URL && env.LT_ALERT_EMAIL_TO) {
    try {
      const ca = env.LT_ALERT_SMTP_CA ? readFileSync(env.LT_ALERT_SMTP_CA) : undefined;
      channels.push(emailChannel(env.LT_ALERT_SMTP_URL, env.LT_ALERT_EMAIL_TO, env.LT_ALERT_EMAIL_FROM, ca ? { ca } : {}));
      log(`cảnh báo gửi email qua / alerts are emailed through ${hostOf(env.LT_ALERT_SMTP_URL)}`);
    } catch (err) {
      log(`ALERT_SMTP_INVALID: không gửi email cảnh báo / alert email disabled: ${safeError(err)}`);
    }
  }
  const rules: Partial<RuleConfig> = {};
  const w = num(env.LT_ALERT_FAILURE_WINDOW_S); if (w !== undefined) rules.failureWindowMs = w * 1000;
  const r = num(env.LT_ALERT_FAILURE_RATE); if (r !== undefined) rules.failureRate = r;
  const m = num(env.LT_ALERT_FAILURE_MIN_CALLS); if (m !== undefined) rules.minCalls = m;
  const s = num(env.LT_ALERT_SILENT_AFTER_S); if (s !== undefined) rules.silentAfterMs = s * 1000;
  const interval = num(env.LT_ALERT_INTERVAL_MS);
  const base = num(env.LT_ALERT_RETRY_BASE_MS);
  return { channels, rules, ...(interval !== undefined ? { intervalMs: interval } : {}), ...(base !== undefined ? { retry: { baseDelayMs: base } } : {}) };
}
