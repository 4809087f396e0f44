import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '@lienthong/db';
import { createIncidentStore, incidentStats, listIncidents } from './store.js';

describe('incidents: the month\'s list and statistics the reports read', () => {
  let h: DbHandle;
  beforeAll(async () => { h = createDb({ DATA_DIR: ':memory:' }); await h.migrate(); });
  afterAll(async () => { await h.close(); });

  it('lists incidents opened in [from, to), by agency, and counts severities and mean time to recover per month', async () => {
    const store = createIncidentStore(h.db);
    const at = (s: string) => new Date(s);
    const base = { description: '', openedBy: 'user:op', affectedFlows: [], affectedSystems: [] };
    await store.insert({ ...base, id: 'inc-1', title: 'NGSP mất kết nối', severity: 'critical', agencies: ['000.00.00.H48', '000.00.00.H56'], openedAt: at('2027-03-02T01:00:00Z'), status: 'resolved', resolvedAt: at('2027-03-02T03:00:00Z') });
    await store.insert({ ...base, id: 'inc-2', title: 'Chậm', severity: 'low', agencies: ['000.00.00.H56'], openedAt: at('2027-03-20T01:00:00Z'), status: 'resolved', resolvedAt: at('2027-03-20T01:30:00Z') });
    await store.insert({ ...base, id: 'inc-3', title: 'Tháng sau', severity: 'high', agencies: ['000.00.00.H48'], openedAt: at('2027-04-01T00:00:00Z') });

    const march = await listIncidents(h.db, { from: at('2027-03-01T00:00:00Z'), to: at('2027-04-01T00:00:00Z') });
    expect(march.map((i) => i.id)).toEqual(['inc-1', 'inc-2']);
    expect(march[0]).toMatchObject({ recoveryMinutes: 120, reportRequired: true });
    expect((await listIncidents(h.db, { from: at('2027-03-01T00:00:00Z'), to: at('2027-05-01T00:00:00Z'), agency: '000.00.00.H48' })).map((i) => i.id)).toEqual(['inc-1', 'inc-3']);
    expect((await store.steps('inc-1')).map((s) => [s.step, s.state])).toEqual([['isolate', 'pending'], ['backup', 'pending'], ['onsite_log', 'pending'],
      ['escalate', 'pending'], ['announce_recovery', 'pending'], ['report', 'pending']]);

    const stats = incidentStats(await listIncidents(h.db, { from: at('2027-01-01T00:00:00Z'), to: at('2028-01-01T00:00:00Z') }));
    expect(stats).toEqual([
      { month: '2027-03', total: 2, bySeverity: { low: 1, medium: 0, high: 0, critical: 1 }, resolved: 2, meanMinutesToRecover: 75, reportRequired: 1 },
      { month: '2027-04', total: 1, bySeverity: { low: 0, medium: 0, high: 1, critical: 0 }, resolved: 0, meanMinutesToRecover: null, reportRequired: 0 },
    ]);
    expect((await store.list({ agencies: ['000.00.00.H56'] })).map((r) => r.id)).toEqual(['inc-2', 'inc-1']);
  });
});
