import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTimeSkippingPlatform, until, type TimeSkippingPlatform } from '../helpers/time-skipping.js';

// DOMAIN §7.c step 7 and R-28 (issue 21, Done-when 2) on the example subflow nop-bao-cao-quoc-gia, with Temporal time
// skipped (test/helpers/time-skipping.ts says what is real): the national reporting simulator is down (fault injection)
// near the deadline, so the signed report goes to the Government Office's eOffice as an edXML e-document over the LGSP
// simulator; once the national system is back, the watcher's next durable retry backfills it and the receipt is linked
// to the fallback document. Asserted on both simulators' state and the deliveries record read through the API.

const HOUR = 3_600_000;
const example = JSON.parse(readFileSync(new URL('../../examples/nop-bao-cao-quoc-gia.json', import.meta.url), 'utf8')) as { key: string };
// Quảng Ngãi's roll-up of BC-KTXH-THANG, signed by the lead agency [FICT] (A03 = A02 / A01 × 100, as the template's rule).
const report = {
  templateVersion: 2,
  values: [
    { indicatorCode: 'A01', value: 12480 }, { indicatorCode: 'A02', value: 12231 }, { indicatorCode: 'A03', value: 98.0048 },
    { indicatorCode: 'A04', value: 1520350 }, { indicatorCode: 'A05', value: 'Tình hình tiếp nhận, giải quyết hồ sơ ổn định.' },
  ],
  signature: { keyId: 'ubnd-qng-ky-so-01', algorithm: 'RSA-SHA256',
    value: 'TFQtU0lHLWZpY3Rpb25hbC1zaWduYXR1cmUtb2YtdGhlLXByb3ZpbmNlLWFnZ3JlZ2F0ZS1yZXBvcnQtZm9yLXRoZS1wZXJpb2QtMjAyNi0wMS1xbmc=' },
  signedBy: 'Nguyễn Văn Hòa',
};
const GOVERNMENT_OFFICE = '000.00.00.G22';

interface Submission { receiptId: string; periodLabel: string }
interface Delivery { regime: string; period: string; province: string; state: string; receiptId: string | null; edocId: string | null; documentId: string | null; runId: string | null; fallbackAt: string | null; backfilledAt: string | null; submittedAt: string | null }
interface EdocState { docs: Map<string, { docId: string; summary: { documentId: string; subject: string; to: { organId: string }[] } }> }

describe('7.c step 7: submission to the national reporting system, eOffice fallback and backfill (R-28), with time skipped', () => {
  let p: TimeSkippingPlatform;
  beforeAll(async () => {
    p = await startTimeSkippingPlatform();
    await p.publish(example);
  });
  afterAll(async () => { await p?.stop(); });

  // The simulators' own state, read once they made it (a test must never create it: the simulator would take the half-made state as its own).
  const made = (system: string) => (): never => { throw new Error(`the ${system} simulator has no state yet`); };
  const submissions = (period: string) => {
    let byReceipt: Map<string, Submission>;
    try {
      byReceipt = p.simulators.state<{ byReceipt: Map<string, Submission> }>('reporting', made('reporting')).byReceipt;
    } catch {
      return []; // nothing ever reached it
    }
    return [...byReceipt.values()].filter((s) => s.periodLabel === period);
  };
  const submitAttempts = () => p.simulators.counters.snapshot()['reporting.submitAggregate']?.calls ?? 0;
  const edocsTo = (organId: string, period: string) => [...p.simulators.state<EdocState>('lgsp', made('LGSP')).docs.values()]
    .filter((d) => d.summary.to.some((t) => t.organId === organId) && d.summary.subject.includes(` kỳ ${period} `));
  const edocsSent = () => p.simulators.counters.snapshot()['lgsp.sendEdoc']?.calls ?? 0;
  const deliveries = async (period: string) => {
    const r = await p.request('GET', `/api/v1/reporting/deliveries?period=${period}`);
    expect(r.status, r.text).toBe(200);
    return r.body as Delivery[];
  };
  async function start(input: Record<string, unknown>): Promise<string> {
    const r = await p.request('POST', `/api/v1/flows/${example.key}/runs?wait=0s`, input);
    expect(r.status, r.text).toBe(202);
    return r.body.runId as string;
  }
  /** The run's steps, for a failure message. */
  const nodesOf = async (runId: string) => (await p.request("GET", `/api/v1/runs/${encodeURIComponent(runId)}`)).text;
  const finished = (runId: string) => until(() => p.request('GET', `/api/v1/runs/${encodeURIComponent(runId)}`), (r) => r.body?.status !== 'running');

  it('the national system up: submitted once, state submitted; a repeated run gets the same receipt and records nothing twice', async () => {
    const deadline = new Date((await p.now()).getTime() + 5 * 24 * HOUR).toISOString();
    const input = { regime: 'BC-KTXH-THANG', period: '2026-05', province: '51', report, deadline };
    const done = await finished(await start(input));
    expect(done.body, done.text).toMatchObject({ status: 'completed', output: { state: 'submitted', receiptId: expect.stringMatching(/^BC-/), edocId: null } });
    const receiptId = done.body.output.receiptId as string;
    expect(submissions('2026-05').map((s) => s.receiptId)).toEqual([receiptId]);
    expect(edocsSent()).toBe(0);
    expect(await deliveries('2026-05')).toEqual([expect.objectContaining({ regime: 'BC-KTXH-THANG', province: '51', state: 'submitted', receiptId, edocId: null, fallbackAt: null })]);

    // The cycle runs the step again (a retry of the whole period): same key, the same receipt, one submission.
    const again = await finished(await start(input));
    expect(again.body.output).toMatchObject({ state: 'submitted', receiptId });
    expect(submissions('2026-05')).toHaveLength(1);
    expect(await deliveries('2026-05')).toHaveLength(1);
  });

  it('down near the deadline: the e-document goes through eOffice, then the backfill lands once the system is up, the receipt linked', async () => {
    // Tuesday 16 March 2027, 09:00 in Vietnam; due Friday 19 March (17:00); the fallback one working day before: Thursday 18 March, 17:00.
    const START = Date.parse('2027-03-16T02:00:00Z');
    const FALLBACK_AT = Date.parse('2027-03-18T10:00:00Z');
    await p.skip(START - (await p.now()).getTime());
    p.simulators.faults.set('reporting.submitAggregate', { status: 503 });
    try {
      const runId = await start({ regime: 'BC-KTXH-THANG', period: '2027-03', province: '51', report, deadline: '2027-03-19' });
      await until(() => p.request('GET', `/api/v1/runs/${encodeURIComponent(runId)}`), (r) => r.body?.nodes?.nop?.status === 'running');

      // Backing off through two days of the system being down: no fallback before its time, nothing recorded by the system.
      const sentBefore = edocsSent();
      const attemptsBefore = submitAttempts();
      await p.skip(FALLBACK_AT - HOUR - (await p.now()).getTime());
      expect(edocsSent()).toBe(sentBefore);
      // Tried again and again, a minute apart at first, then hourly (the step's retry policy: durable timers, no sleeps).
      expect(submitAttempts() - attemptsBefore).toBeGreaterThanOrEqual(5);
      expect(await deliveries('2027-03')).toEqual([]);

      // Past the fallback time and still down: the signed report goes to the Government Office's eOffice, once.
      await p.skip(2 * HOUR);
      const fallback = await until(() => deliveries('2027-03'), (d) => d[0]?.state === 'submitted_fallback');
      expect(fallback[0]?.state, await nodesOf(runId)).toBe('submitted_fallback');
      const [edoc, ...more] = edocsTo(GOVERNMENT_OFFICE, '2027-03');
      expect(more).toEqual([]);
      expect(edoc?.summary.documentId).toBe('000.00.00.H48,2027/03/18,202703/BC-KTXH-THANG'); // edXML DocumentId: sender, date, number/notation
      expect(fallback).toEqual([expect.objectContaining({ state: 'submitted_fallback', edocId: edoc?.docId, documentId: edoc?.summary.documentId, receiptId: null, runId })]);
      expect(Date.parse(fallback[0]?.fallbackAt ?? '')).toBeGreaterThanOrEqual(FALLBACK_AT);
      expect(submissions('2027-03')).toEqual([]);

      // The system comes back; the watcher's next durable retry (at most an hour later) backfills it.
      p.simulators.faults.clear('reporting.submitAggregate');
      await p.skip(2 * HOUR);
      const done = await finished(runId);
      expect(done.body, done.text).toMatchObject({ status: 'completed', output: { state: 'backfilled', edocId: edoc?.docId, documentId: edoc?.summary.documentId } });
      const receiptId = done.body.output.receiptId as string;
      expect(submissions('2027-03').map((s) => s.receiptId)).toEqual([receiptId]); // exactly one submission for the key
      expect(edocsTo(GOVERNMENT_OFFICE, '2027-03')).toHaveLength(1);
      const [row] = await deliveries('2027-03');
      expect(row).toMatchObject({ state: 'backfilled', receiptId, edocId: edoc?.docId, documentId: edoc?.summary.documentId, submittedAt: null });
      expect(Date.parse(row?.backfilledAt ?? '')).toBeGreaterThan(Date.parse(row?.fallbackAt ?? ''));
    } finally {
      p.simulators.faults.clear('reporting.submitAggregate');
    }
  });

  it('a delivery only moves forward; the record is the province\'s: auditors read it, agency-limited callers do not', async () => {
    const step = { regime: 'BC-KTXH-THANG', period: '2026-09', province: '51' };
    const at = (h: number) => new Date(Date.parse('2026-09-20T01:00:00Z') + h * HOUR);
    const record = p.services.reportDeliveries.record;
    expect(await record({ ...step, state: 'failed', error: 'CONNECTOR_REJECTED', at: at(0) })).toMatchObject({ state: 'failed', error: 'CONNECTOR_REJECTED' });
    expect(await record({ ...step, state: 'submitted_fallback', edocId: 'doc-1', documentId: 'D-1', at: at(1) })).toMatchObject({ state: 'submitted_fallback', edocId: 'doc-1', error: null });
    expect(await record({ ...step, state: 'failed', error: 'CONNECTOR_UNAVAILABLE', at: at(2) })).toMatchObject({ state: 'submitted_fallback', error: null });
    // The national receipt after a fallback is its backfill, whichever step reports it; nothing moves it back.
    expect(await record({ ...step, state: 'submitted', receiptId: 'BC-9', at: at(3) })).toMatchObject({ state: 'backfilled', receiptId: 'BC-9', edocId: 'doc-1', submittedAt: null });
    const last = await record({ ...step, state: 'submitted_fallback', edocId: 'doc-2', at: at(4) });
    expect(last).toMatchObject({ state: 'backfilled', receiptId: 'BC-9', edocId: 'doc-1', fallbackAt: at(1).toISOString(), backfilledAt: at(3).toISOString() });

    const auditor = await p.sessionOf('kiem-toan-bao-cao', [{ role: 'auditor' }]);
    const read = await p.requestAs(auditor, 'GET', '/api/v1/reporting/deliveries?period=2026-09');
    expect(read.status, read.text).toBe(200);
    expect(read.body).toEqual([expect.objectContaining({ ...step, state: 'backfilled', receiptId: 'BC-9', edocId: 'doc-1' })]);
    const commune = await p.sessionOf('xem-cam-thanh', [{ role: 'agency-viewer', agency: '000.25.94.H48' }]);
    const refused = await p.requestAs(commune, 'GET', '/api/v1/reporting/deliveries');
    expect(refused.status, refused.text).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'ACCESS_FORBIDDEN', message: { vi: expect.any(String), en: expect.any(String) } });
    const bad = await p.request('GET', '/api/v1/reporting/deliveries?limit=0');
    expect(bad.status, bad.text).toBe(400);
  });
});
