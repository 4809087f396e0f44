import { describe, expect, it } from 'vitest';
import { OutcomeWindow } from './rules.js';
import { systemOf } from './bus.js';

const C = 'ngsp:population:verifyCitizen@1';
const cfg = { failureWindowMs: 60_000, failureRate: 0.5, minCalls: 4, silentAfterMs: 120_000 };
const attempt = (at: number, answered: boolean, code?: string) => ({ connector: C, system: 'ngsp:population', answered, at, ...(code ? { code } : {}) });
const keys = (w: OutcomeWindow, now: number, firing: string[] = []) => w.evaluate(now, new Set(firing)).map((f) => f.key).sort();

describe('alert rules', () => {
  it('names the external system after system and area', () => {
    expect(systemOf(C)).toBe('ngsp:population');
    expect(systemOf('lgsp:dossier:send@2')).toBe('lgsp:dossier');
  });

  it('failure rate needs the minimum sample and the threshold, and forgets attempts older than the window', () => {
    const w = new OutcomeWindow(cfg);
    w.add(attempt(0, false, 'CONNECTOR_TIMEOUT')); w.add(attempt(1_000, true)); w.add(attempt(2_000, false, 'CONNECTOR_TIMEOUT'));
    expect(keys(w, 3_000)).toEqual([]); // 3 attempts < 4
    w.add(attempt(3_000, true));
    const [f] = w.evaluate(4_000, new Set());
    expect(f).toMatchObject({ key: `connector.failure_rate:${C}`, rule: 'connector.failure_rate', details: { attempts: 4, failed: 2, codes: { CONNECTOR_TIMEOUT: 2 } } });
    expect(f?.message.vi).toContain('50%');
    expect(keys(w, 200_000)).toEqual([]); // everything aged out
  });

  it('a firing failure-rate alert holds while failures remain and too few calls show recovery', () => {
    const w = new OutcomeWindow(cfg);
    for (let i = 0; i < 4; i++) w.add(attempt(i, false, 'CONNECTOR_UNAVAILABLE'));
    const key = `connector.failure_rate:${C}`;
    expect(keys(w, 10)).toEqual([key]);
    w.add(attempt(30_000, true));
    expect(keys(w, 61_000, [key])).toEqual([]); // the failures left the window: one answer, zero failures
    const w2 = new OutcomeWindow(cfg);
    for (let i = 0; i < 3; i++) w2.add(attempt(i, false));
    w2.add(attempt(3, true));
    expect(keys(w2, 10, [key])).toEqual([key]); // 3/4 still over
  });

  it('a system is silent after N without an answer while calls are attempted; its next answer clears it; refusals are answers', () => {
    const w = new OutcomeWindow(cfg);
    w.add(attempt(0, true));
    w.add(attempt(10_000, false, 'CONNECTOR_NETWORK'));
    expect(keys(w, 100_000).filter((k) => k.startsWith('system.'))).toEqual([]);
    w.add(attempt(125_000, false, 'CONNECTOR_NETWORK'));
    expect(keys(w, 131_000).filter((k) => k.startsWith('system.'))).toEqual(['system.silent:ngsp:population']);
    w.add(attempt(132_000, true /* e.g. NGSP_CITIZEN_NOT_FOUND: an answer */, 'NGSP_CITIZEN_NOT_FOUND'));
    expect(keys(w, 133_000).filter((k) => k.startsWith('system.'))).toEqual([]);
  });
});
