import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createCredentialStore, masterKeyFrom, reportAssignments, reportPeriods, reportSubmissions } from '@lienthong/db';
import { canonicalJson } from '@lienthong/flow';
import type { ReportIndicator } from '@lienthong/db';
import { useRawTemporalClient, useTestPlatform } from '../helpers/suite.js';
import { sessionOfNewUser } from '../helpers/users.js';
import { waitFor } from '../helpers/wait.js';

// Issue 21 DW1, DW3 and the API half of DW5: the 7.c cycle (examples/tong-hop-bao-cao-day-du.json and its child
// bao-cao-xa-day-du.json) over 96 communes on the embedded server. One commune's report is returned by validation with
// a comment per indicator and resubmitted; one recalls before approval and resubmits; the lead agency approves every
// unit, then the roll-up in its task inbox, the platform signs it and submits it (subflow nop-bao-cao-quoc-gia). Every execution stays under Temporal's history
// warning limits; every aggregate value is computed back from its lineage; the progress numbers are the database's.

const LEAD = '000.00.04.H55';
const UNITS = Array.from({ length: 96 }, (_, i) => `000.${String(i + 1).padStart(2, '0')}.31.H55`);
const REGIME = 'BC-KTXH-THANG'; // the national simulator's regime and template (version 2)
const LABEL = '2027-03';
const indicators: ReportIndicator[] = [
  { code: 'A01', name: 'Hồ sơ tiếp nhận', unit: 'ho-so', type: 'number', aggregation: 'sum', required: true, min: 0 },
  { code: 'A02', name: 'Hồ sơ đúng hạn', unit: 'ho-so', type: 'number', aggregation: 'sum', required: true, min: 0 },
  { code: 'A03', name: 'Tỷ lệ đúng hạn', unit: 'phan-tram', type: 'percent', aggregation: 'rule', required: true, min: 0, max: 100, rule: 'A03 = A02/A01*100' },
  { code: 'A04', name: 'Thu ngân sách', unit: 'trieu-dong', type: 'number', aggregation: 'sum', min: 0 },
  { code: 'A05', name: 'Đánh giá chung', unit: 'van-ban', type: 'text', aggregation: 'text_concat' },
];
const valuesOf = (i: number) => {
  const A01 = 1000 + i * 13;
  const A02 = 400 + (i % 17) * 11;
  return { A01, A02, A03: Math.round((A02 / A01) * 10_000) / 100, A04: i % 5, ...(i % 10 === 0 ? { A05: `Xã ${i + 1} ổn định` } : {}) };
};

describe('reporting cycle 7.c over 96 communes', () => {
  const p = useTestPlatform();
  const temporal = useRawTemporalClient();

  it('returned with comments and resubmitted, recalled and resubmitted, approved, signed and sent; histories small; lineage and progress add up', async () => {
    const lead = await sessionOfNewUser(p, 'lanh-dao-skhdt', [{ role: 'officer', agency: LEAD }]);
    const commune0 = await sessionOfNewUser(p, 'can-bo-xa-01', [{ role: 'officer', agency: UNITS[0] as string }]);
    // The lead agency enters its regime as data; a commune may not, and a unit outside the unit catalogue names the field.
    const regime = { code: REGIME, name: { vi: 'Báo cáo KT-XH hằng tháng (Quảng Ngãi)', en: 'Monthly socio-economic report (Quảng Ngãi)' },
      kind: 'periodic', leadAgencyCode: LEAD, frequency: 'month', templateVersion: '2', indicators, unitScope: UNITS, reviewDueAt: '2027-12-31T00:00:00Z' };
    const notLead = await p.requestAs(commune0, 'POST', '/api/v1/reporting/regimes', regime);
    expect([notLead.status, notLead.body.error.code]).toEqual([403, 'ACCESS_FORBIDDEN']);
    const badUnit = await p.requestAs(lead, 'POST', '/api/v1/reporting/regimes', { ...regime, indicators: [{ ...indicators[0], unit: 'cai-gi-do' }] });
    expect([badUnit.status, badUnit.body.error.where]).toEqual([400, { pointer: '/indicators/0/unit' }]);
    const saved = await p.requestAs(lead, 'POST', '/api/v1/reporting/regimes', regime);
    expect([saved.status, saved.body]).toEqual([200, { code: REGIME, indicators: 5, units: 96 }]);

    const startedAt = Date.now();
    const started = await p.request('POST', '/api/v1/flows/tong-hop-bao-cao-day-du/runs?wait=0s', { regimeCode: REGIME, periodLabel: LABEL });
    expect(started.status).toBe(202);
    const runId = started.body.runId as string;
    const periods = await waitFor('the period', () => p.request('GET', `/api/v1/reporting/periods?regimeCode=${REGIME}`), (r) => r.body?.periods?.length === 1);
    const period = periods.body.periods[0] as { periodId: string; dataFrom: string; dataTo: string; deadline: string };
    expect(period).toMatchObject({ dataFrom: '2027-02-15', dataTo: '2027-03-14', deadline: '2027-03-20T10:00:00.000Z' });
    const progressPath = `/api/v1/reporting/periods/${period.periodId}/progress`;
    const assigned = await waitFor('96 assignments', () => p.request('GET', progressPath), (r) => r.body?.units?.length === 96, 60_000);
    const assignment = new Map((assigned.body.units as { unitCode: string; assignmentId: string }[]).map((u) => [u.unitCode, u.assignmentId]));
    const path = (i: number, what: string) => `/api/v1/reporting/assignments/${assignment.get(UNITS[i] as string) as string}/${what}`;

    // The commune sees its own assignment only; another commune's is "not found".
    const own = await p.requestAs(commune0, 'GET', progressPath);
    expect(own.body.units.map((u: { unitCode: string }) => u.unitCode)).toEqual([UNITS[0]]);
    expect(own.body.aggregate).toBeNull();
    expect((await p.requestAs(commune0, 'POST', path(1, 'submit'), { values: valuesOf(1) })).status).toBe(404);

    // Commune 0: a wrong unit and a rate that does not fit its formula: returned at once with a comment on each.
    const bad = await p.requestAs(commune0, 'POST', path(0, 'submit'), { values: { ...valuesOf(0), A03: 99 }, units: { A01: 'ho' } });
    expect(bad.status).toBe(200);
    expect(bad.body.state).toBe('returned');
    expect(Object.keys(bad.body.comments).sort()).toEqual(['A01', 'A03']);
    expect(bad.body.comments.A03.vi).toContain('A02/A01*100');
    const again = await p.requestAs(commune0, 'POST', path(0, 'submit'), { values: valuesOf(0), units: { A01: 'ho-so' } });
    expect([again.body.state, again.body.comments]).toEqual(['resubmitted', {}]);
    // A malformed body is a 400 with where, never a 5xx.
    const junk = await p.requestAs(commune0, 'POST', path(0, 'submit'), { values: { A01: { nested: true } } });
    expect(junk.status).toBe(400);

    // Commune 1 recalls before approval, then resubmits; a recall of an approved report is refused (409).
    expect((await p.request('POST', path(1, 'submit'), { values: { ...valuesOf(1), A04: 1 } })).body.state).toBe('submitted');
    expect((await p.request('POST', path(1, 'recall'), {})).body.state).toBe('recalled');
    expect((await p.request('POST', path(1, 'submit'), { values: valuesOf(1) })).body.state).toBe('resubmitted');
    for (let i = 2; i < UNITS.length; i++) expect((await p.request('POST', path(i, 'submit'), { values: valuesOf(i) })).body.state).toBe('submitted');

    // The lead agency: only its officer reviews (a commune may not); it approves every unit.
    expect((await p.requestAs(commune0, 'POST', path(0, 'review'), { decision: 'approve' })).status).toBe(403);
    for (let i = 0; i < UNITS.length; i++) expect((await p.requestAs(lead, 'POST', path(i, 'review'), { decision: 'approve' })).body.state).toBe('approved');
    const refused = await p.request('POST', path(1, 'recall'), {});
    expect([refused.status, refused.body.error.code]).toEqual([409, 'REPORT_TRANSITION_REFUSED']);

    // The roll-up reaches the lead agency's inbox; its officer approves; the platform signs.
    const inbox = await waitFor('the approval task', () => p.requestAs(lead, 'GET', '/api/v1/tasks?box=agency'),
      (r) => (r.body?.tasks ?? []).some((t: { runId: string }) => t.runId === runId), 90_000);
    const task = (inbox.body.tasks as { taskId: string; runId: string }[]).find((t) => t.runId === runId) as { taskId: string };
    expect((await p.requestAs(lead, 'POST', `/api/v1/tasks/${task.taskId}/decision`, { decision: 'duyet', note: 'Đồng ý' })).status).toBe(200);
    const done = await waitFor('the signed roll-up', () => p.request('GET', `/api/v1/runs/${runId}`), (r) => r.body?.status !== 'running', 60_000);
    // Then submitted through helper B's subflow nop-bao-cao-quoc-gia (the national simulator is up here).
    expect(done.body.error ?? null).toBeNull();
    expect(done.body).toMatchObject({ status: 'completed', output: { state: 'signed', delivery: 'submitted', submitted: 96, missing: [] } });
    expect(done.body.output.receiptId).toEqual(expect.any(String));
    // The national system holds it: the roll-up is "sent", with the time and the national receipt in the period's progress.
    const sent = (await p.request('GET', progressPath)).body.aggregate as { state: string; signed: boolean; receiptId: string | null; sentAt: string | null };
    expect(sent).toMatchObject({ state: 'sent', signed: true, receiptId: done.body.output.receiptId });
    expect(Date.parse(sent.sentAt ?? '')).toBeGreaterThanOrEqual(startedAt);
    expect((await p.requestAs(commune0, 'GET', progressPath)).body.aggregate).toBeNull(); // the lead agency's, not a unit's

    // DW3: every aggregate value computed back from its lineage, and every lineage value is the unit's approved value.
    const agg = (await p.request('GET', `/api/v1/reporting/periods/${period.periodId}/aggregate`)).body as {
      state: string; signature: { keyId: string; value: string; digest: string }; missing: string[];
      values: { indicatorCode: string; aggregation: string; value: number | string; sources: { submissionId: string; revision: number; value: number | string }[] }[] };
    expect(agg.state).toBe('sent');
    const rows = await p.db.db.select().from(reportSubmissions);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const computed: Record<string, number | string> = {};
    for (const v of agg.values) {
      for (const s of v.sources) expect([s.value, s.revision]).toEqual([byId.get(s.submissionId)?.values[v.indicatorCode], byId.get(s.submissionId)?.revision]);
      if (v.aggregation === 'sum') computed[v.indicatorCode] = v.sources.reduce((a, x) => a + (x.value as number), 0);
      if (v.aggregation === 'text_concat') computed[v.indicatorCode] = v.sources.map((x) => x.value).join('; ');
      expect(v.sources).toHaveLength(v.aggregation === 'rule' ? 0 : v.indicatorCode === 'A05' ? 10 : 96);
    }
    computed.A03 = Math.round(((computed.A02 as number) / (computed.A01 as number)) * 10_000) / 100;
    expect(Object.fromEntries(agg.values.map((v) => [v.indicatorCode, v.value]))).toEqual(computed);
    expect(computed.A01).toBe(UNITS.reduce((a, _, i) => a + valuesOf(i).A01, 0));

    // The signature verifies under the platform's key, which appears in no answer and no history.
    const key = await createCredentialStore(p.db.db, masterKeyFrom(p.masterKey)).resolve('bao-cao-ky-so');
    const document = canonicalJson({ regimeCode: REGIME, periodLabel: LABEL, values: agg.values.map((v) => ({ indicatorCode: v.indicatorCode, value: v.value })), missing: [] });
    expect(verify(null, Buffer.from(document), createPublicKey(key.privateKeyPem as string), Buffer.from(agg.signature.value, 'base64'))).toBe(true);

    // Every execution (the roll-up, its 96 children) under Temporal's warning limits: 10,240 events, 10 MB.
    const ids = [runId, `${runId}/nop`, ...UNITS.map((_, i) => `${runId}/thu_thap/${i}`)];
    let largest = { events: 0, bytes: 0 };
    for (const id of ids) {
      const history = await temporal.workflow.getHandle(id).fetchHistory();
      const bytes = Buffer.byteLength(JSON.stringify(history));
      expect(JSON.stringify(history)).not.toContain('PRIVATE KEY');
      largest = { events: Math.max(largest.events, history.events?.length ?? 0), bytes: Math.max(largest.bytes, bytes) };
    }
    expect(largest.events).toBeLessThan(10_240);
    expect(largest.bytes).toBeLessThan(10 * 1024 * 1024);

    // DW5 (API half): the progress numbers equal counts straight from the database.
    const progress = (await p.request('GET', progressPath)).body as { totals: { units: number; overdue: number; byState: Record<string, number> } };
    const counted = await p.db.db.select({ state: reportSubmissions.state, n: sql<number>`count(*)::int` }).from(reportSubmissions)
      .innerJoin(reportAssignments, eq(reportAssignments.id, reportSubmissions.assignmentId)).where(eq(reportAssignments.periodId, period.periodId)).groupBy(reportSubmissions.state);
    expect(Object.fromEntries(Object.entries(progress.totals.byState).filter(([, n]) => n > 0))).toEqual(Object.fromEntries(counted.map((c) => [c.state, c.n])));
    expect(progress.totals.units).toBe((await p.db.db.select().from(reportAssignments).where(eq(reportAssignments.periodId, period.periodId))).length);
    expect((await p.db.db.select().from(reportPeriods).where(eq(reportPeriods.id, period.periodId)))[0]?.state).toBe('closed');

    // Every transition is in the audit log with its actor.
    await p.services.audit.flush();
    const audit = await p.services.audit.search({ limit: 10_000 });
    const acts = (action: string) => audit.filter((r) => r.action === action);
    expect(acts('reporting.returned').map((r) => r.actorId)).toEqual(['platform:reporting']);
    expect(acts('reporting.recalled')).toHaveLength(1);
    expect(acts('reporting.resubmitted').map((r) => r.actorId).sort()).toEqual(['user:admin', 'user:can-bo-xa-01']);
    expect(acts('reporting.approved').every((r) => r.actorId === 'user:lanh-dao-skhdt' && r.agency === LEAD)).toBe(true);
    expect(acts('reporting.approved')).toHaveLength(96);
    expect(acts('reporting.aggregate.signed')[0]?.detail).toMatchObject({ keyId: 'bao-cao-ky-so', algorithm: 'Ed25519', digest: agg.signature.digest });
    expect(acts('reporting.aggregate.sent').map((r) => r.detail)).toEqual([expect.objectContaining({ receiptId: done.body.output.receiptId })]);
    console.log(`reporting cycle: 96 communes, largest history ${largest.events} events / ${Math.round(largest.bytes / 1024)} KiB`);
  }, 180_000);
});
