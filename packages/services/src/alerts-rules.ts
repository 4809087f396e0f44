import { alertConfigFromEnv, DEFAULT_RULES, type AlertEnv } from '@lienthong/observability';

/** One alert rule as it is evaluated on this install: its thresholds in the units an operator reads (seconds, a fraction, a count). */
export interface AlertRuleInForce {
  rule: 'connector.failure_rate' | 'system.silent' | 'worker.down' | 'task.deadline' | 'trigger.poll_failed';
  severity: 'warning' | 'critical' | 'warning|critical';
  thresholds: Record<string, number>;
  description: { vi: string; en: string };
}

export interface AlertRulesInForce {
  rules: AlertRuleInForce[];
  /** How often the rules are evaluated. */
  intervalSeconds: number;
  /** Where firing and resolved alerts are sent besides this screen (no addresses: they may hold credentials). */
  channels: ('webhook' | 'email')[];
}

/** workerDownProbe's default (observability/alerts/worker-probe.ts); the platform does not change it. */
const WORKER_STALE_AFTER_S = 180;
const DEFAULT_INTERVAL_MS = 15_000;

/**
 * The rules in force, read from the same LT_ALERT_* variables and defaults the alert engine starts with
 * (alertConfigFromEnv), so what the alerts screen shows is what fires. Secrets and URLs are never part of it.
 */
export function alertRulesInForce(env: AlertEnv): AlertRulesInForce {
  const config = alertConfigFromEnv(env);
  const r = { ...DEFAULT_RULES, ...config.rules };
  const windowS = Math.round(r.failureWindowMs / 1000);
  const silentS = Math.round(r.silentAfterMs / 1000);
  const pct = Math.round(r.failureRate * 100);
  return {
    intervalSeconds: Math.round((config.intervalMs ?? DEFAULT_INTERVAL_MS) / 1000),
    channels: [...new Set((config.channels ?? []).map((c) => c.name))],
    rules: [
      { rule: 'connector.failure_rate', severity: 'warning|critical', thresholds: { windowSeconds: windowS, failureRate: r.failureRate, minCalls: r.minCalls },
        description: {
          vi: `Một connector có từ ${pct}% lượt gọi lỗi trở lên trong ${windowS} giây gần nhất (ít nhất ${r.minCalls} lượt gọi); nghiêm trọng từ 90%`,
          en: `A connector has ${pct}% or more failed calls in the last ${windowS} s (at least ${r.minCalls} calls); critical from 90%` } },
      { rule: 'system.silent', severity: 'critical', thresholds: { silentAfterSeconds: silentS },
        description: {
          vi: `Một hệ thống bên ngoài không trả lời lượt gọi nào trong ${silentS} giây; hết khi hệ thống trả lời lại`,
          en: `An external system has answered no call for ${silentS} s; resolves with its next answer` } },
      { rule: 'worker.down', severity: 'critical', thresholds: { staleAfterSeconds: WORKER_STALE_AFTER_S },
        description: {
          vi: `Không có worker nào nhận việc từ hàng đợi trong ${WORKER_STALE_AFTER_S} giây`,
          en: `No worker has polled the task queue for ${WORKER_STALE_AFTER_S} s` } },
      // Raised by the human tasks themselves (services/tasks): the task's own reminder and escalation settings are the thresholds.
      { rule: 'task.deadline', severity: 'warning|critical', thresholds: {},
        description: {
          vi: 'Một nhiệm vụ của người xử lý qua mốc nhắc việc (cảnh báo) hoặc quá hạn và được chuyển cấp (nghiêm trọng); hết khi nhiệm vụ kết thúc',
          en: 'A human task passed a reminder point (warning) or its deadline and was escalated (critical); resolves when the task ends' } },
      // Raised by the pollers themselves (services/triggers): a trigger that cannot read its source starts no run.
      { rule: 'trigger.poll_failed', severity: 'warning', thresholds: {},
        description: {
          vi: 'Một trình kích hoạt thăm dò không đọc được nguồn (cổng DVC quốc gia, IOC) qua kết nối của nó; hết ở lần thăm dò đọc được tiếp theo',
          en: 'A poll trigger could not read its source (the national portal, the IOC) over its connection; resolves with the next poll that reads it' } },
    ],
  };
}
