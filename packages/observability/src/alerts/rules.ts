/**
 * The rules, pure: a sliding window of connector attempts in, the alerts that should be firing out.
 * - connector.failure_rate: over `failureWindowMs`, a connector's failed attempts (no answer: timeouts, network, 5xx,
 *   429, unclassified) reach `failureRate` of at least `minCalls` attempts. Once firing it stays firing
 *   while the window still holds failures, until enough attempts show a rate below the threshold.
 * - system.silent: an external system has given no answer for `silentAfterMs` while calls to it were
 *   attempted; resolved by its next answer.
 */
export interface RuleConfig {
  failureWindowMs: number;
  failureRate: number;
  minCalls: number;
  silentAfterMs: number;
}

export const DEFAULT_RULES: RuleConfig = { failureWindowMs: 5 * 60_000, failureRate: 0.5, minCalls: 5, silentAfterMs: 10 * 60_000 };

export interface Attempt { connector: string; system: string; answered: boolean; code?: string | undefined; at: number }

export interface Finding {
  key: string;
  /** The key's prefix: connector.failure_rate, system.silent, worker.down, … */
  rule: string;
  subject: string;
  severity: 'warning' | 'critical';
  message: { vi: string; en: string };
  details: Record<string, unknown>;
}

export class OutcomeWindow {
  private readonly attempts = new Map<string, Attempt[]>(); // by connector, oldest first
  /** Per system: first unanswered attempt since its last answer, and the last attempt. */
  private readonly systems = new Map<string, { failingSince: number | null; lastAnswer: number | null; lastAttempt: number; failedAttempts: number }>();

  constructor(private readonly config: RuleConfig) {}

  add(a: Attempt): void {
    const list = this.attempts.get(a.connector) ?? [];
    list.push(a);
    this.attempts.set(a.connector, list);
    const s = this.systems.get(a.system) ?? { failingSince: null, lastAnswer: null, lastAttempt: a.at, failedAttempts: 0 };
    s.lastAttempt = Math.max(s.lastAttempt, a.at);
    if (a.answered) {
      s.lastAnswer = Math.max(s.lastAnswer ?? 0, a.at);
      s.failingSince = null;
      s.failedAttempts = 0;
    } else {
      if (s.failingSince === null) s.failingSince = a.at;
      s.failedAttempts += 1;
    }
    this.systems.set(a.system, s);
  }

  /** What should be firing at `now`; `firing` is the set of keys open now (for the failure-rate hysteresis). */
  evaluate(now: number, firing: ReadonlySet<string>): Finding[] {
    const out: Finding[] = [];
    const since = now - this.config.failureWindowMs;
    for (const [connector, list] of this.attempts) {
      while (list.length > 0 && (list[0]?.at ?? now) < since) list.shift();
      if (list.length === 0) { this.attempts.delete(connector); continue; }
      const failed = list.filter((a) => !a.answered);
      const rate = failed.length / list.length;
      const key = `connector.failure_rate:${connector}`;
      const over = list.length >= this.config.minCalls && rate >= this.config.failureRate;
      const stillBad = firing.has(key) && failed.length > 0 && !(list.length >= this.config.minCalls && rate < this.config.failureRate);
      if (!over && !stillBad) continue;
      const codes: Record<string, number> = {};
      for (const f of failed) codes[f.code ?? 'UNCLASSIFIED'] = (codes[f.code ?? 'UNCLASSIFIED'] ?? 0) + 1;
      const pct = Math.round(rate * 100);
      const windowS = Math.round(this.config.failureWindowMs / 1000);
      out.push({ key, rule: 'connector.failure_rate', subject: connector, severity: rate >= 0.9 ? 'critical' : 'warning',
        message: { vi: `Connector ${connector}: ${pct}% lượt gọi lỗi trong ${windowS} giây gần nhất (${failed.length}/${list.length})`,
          en: `Connector ${connector}: ${pct}% of calls failed in the last ${windowS} s (${failed.length}/${list.length})` },
        details: { connector, system: list[0]?.system, attempts: list.length, failed: failed.length, rate, threshold: this.config.failureRate, windowSeconds: windowS, codes } });
    }
    for (const [system, s] of this.systems) {
      if (s.failingSince === null || now - s.failingSince < this.config.silentAfterMs) continue;
      const silentS = Math.round((now - (s.lastAnswer ?? s.failingSince)) / 1000);
      out.push({ key: `system.silent:${system}`, rule: 'system.silent', subject: system, severity: 'critical',
        message: { vi: `Hệ thống ${system} không phản hồi từ ${new Date(s.failingSince).toISOString()} (${s.failedAttempts} lượt gọi không có trả lời)`,
          en: `System ${system} has not answered since ${new Date(s.failingSince).toISOString()} (${s.failedAttempts} calls without an answer)` },
        details: { system, failingSince: new Date(s.failingSince).toISOString(), lastAnswer: s.lastAnswer ? new Date(s.lastAnswer).toISOString() : null,
          failedAttempts: s.failedAttempts, silentSeconds: silentS, thresholdSeconds: Math.round(this.config.silentAfterMs / 1000) } });
    }
    return out;
  }
}
