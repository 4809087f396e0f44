import { describe, expect, it } from 'vitest';
import { alertRulesInForce } from './alerts-rules.js';

describe('the alert rules in force', () => {
  it('are the defaults without LT_ALERT_* variables, with no channel', () => {
    const r = alertRulesInForce({});
    expect(r.intervalSeconds).toBe(15);
    expect(r.channels).toEqual([]);
    expect(r.rules.find((x) => x.rule === 'connector.failure_rate')?.thresholds).toEqual({ windowSeconds: 300, failureRate: 0.5, minCalls: 5 });
    expect(r.rules.find((x) => x.rule === 'system.silent')?.thresholds).toEqual({ silentAfterSeconds: 600 });
    expect(r.rules.map((x) => x.rule)).toEqual(['connector.failure_rate', 'system.silent', 'worker.down', 'task.deadline', 'trigger.poll_failed']);
  });

  it('follow the variables the engine reads, and name channels without their addresses or secrets', () => {
    const env = { LT_ALERT_FAILURE_WINDOW_S: '60', LT_ALERT_FAILURE_RATE: '0.25', LT_ALERT_FAILURE_MIN_CALLS: '3', LT_ALERT_SILENT_AFTER_S: '90', LT_ALERT_INTERVAL_MS: '5000',
      LT_ALERT_WEBHOOK_URL: 'https://hooks.example.gov.vn/lt', LT_ALERT_WEBHOOK_SECRET: 'webhook-secret-value', LT_EGRESS_ALLOW: '' };
    const r = alertRulesInForce(env);
    expect(r.intervalSeconds).toBe(5);
    expect(r.channels).toEqual(['webhook']);
    expect(r.rules.find((x) => x.rule === 'connector.failure_rate')?.description.vi).toContain('25%');
    expect(r.rules.find((x) => x.rule === 'system.silent')?.thresholds.silentAfterSeconds).toBe(90);
    expect(JSON.stringify(r)).not.toMatch(/webhook-secret-value|hooks\.example/);
  });
});
