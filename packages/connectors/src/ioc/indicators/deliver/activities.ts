import { LtError } from '@lienthong/errors';
import { operation } from '../../../sdk/operation.js';
import type { ConnectorDeps, Credential, IocQueuedObservation, IocStore } from '../../../sdk/types.js';
import { iocCall, SYSTEM } from '../../client.js';
import { manifest } from './manifest.js';

interface Observation { indicatorCode: string; areaCode: string; period: string; value: number; unit: string; observedAt?: string; sourceSystem?: string }
interface Definition { code: string; unit: string }
const BATCH = 500;
/** Batches sent by one attempt at most: a long backlog goes on in the next attempt or delivery. */
const MAX_BATCHES = 20;

/** The approved set from the IOC, kept for when it is down; with no answer ever, nothing can be checked (retryable). */
async function definitionsOf(deps: ConnectorDeps, store: IocStore, credential: Credential): Promise<Definition[]> {
  try {
    const body = await iocCall(deps, credential, { method: 'GET', path: 'indicator-sets', timeoutMs: 10_000 });
    if (Array.isArray(body.items)) return (await store.definitions(body.items as Record<string, unknown>[], deps.clock())) as unknown as Definition[];
  } catch (err) {
    if (!(err instanceof LtError) || !err.retryable) throw err;
  }
  const kept = (await store.definitions()) as unknown as Definition[];
  if (kept.length === 0) throw new LtError('IOC_INDICATORS_UNKNOWN');
  return kept;
}

function check(o: Observation, defs: Definition[]): { code: string; message: string } | null {
  const d = defs.find((x) => x.code === o.indicatorCode);
  if (!d) return { code: 'UNKNOWN_INDICATOR', message: `Chỉ tiêu ${o.indicatorCode} không có trong bộ chỉ số / not in the indicator set` };
  if (o.unit !== d.unit) return { code: 'UNIT_MISMATCH', message: `Đơn vị phải là ${d.unit} / the unit must be ${d.unit}` };
  if (!Number.isFinite(o.value)) return { code: 'INVALID_VALUE', message: 'Giá trị phải là số / the value must be a number' };
  if (d.unit === '%' && (o.value < 0 || o.value > 100)) return { code: 'OUT_OF_RANGE', message: 'Tỷ lệ phải trong 0–100 / a rate is within 0–100' };
  return null;
}

/** Sends the outbox's pending rows in order, a batch at a time; an IOC failure stops here (rows stay pending) and is thrown. */
async function drain(deps: ConnectorDeps, store: IocStore, credential: Credential): Promise<{ delivered: Set<number>; rejected: Map<number, string> }> {
  const delivered = new Set<number>();
  const rejected = new Map<number, string>();
  for (let b = 0; b < MAX_BATCHES; b += 1) {
    const rows = await store.pending(BATCH);
    if (rows.length === 0) break;
    const observations = rows.map((r: IocQueuedObservation) => ({ ...r.extra, indicatorCode: r.indicatorCode, areaCode: r.areaCode, period: r.period, value: r.value, unit: r.unit, revision: r.revision, idempotencyKey: r.idempotencyKey }));
    const body = await iocCall(deps, credential, { method: 'POST', path: 'observations:batch', idempotencyKey: `lt-ioc-outbox-${rows[0]?.seq ?? 0}-${rows.length}`, json: { observations }, timeoutMs: 30_000 });
    if (!Array.isArray(body.accepted) || !Array.isArray(body.rejected)) throw new LtError('CONNECTOR_BAD_REPLY', { system: SYSTEM, detail: 'accepted / rejected lists are missing' });
    const settled = [
      ...(body.accepted as { index: number; id: string }[]).map((a) => ({ seq: rows[a.index]?.seq ?? -1, state: 'delivered' as const, iocId: a.id })),
      ...(body.rejected as { index: number; code: string }[]).map((r) => ({ seq: rows[r.index]?.seq ?? -1, state: 'rejected' as const, code: r.code })),
    ];
    if (settled.length !== rows.length || settled.some((s) => s.seq < 0)) throw new LtError('CONNECTOR_BAD_REPLY', { system: SYSTEM, detail: 'the reply does not account for every observation' });
    await store.settle(settled, deps.clock());
    for (const s of settled) if (s.state === 'delivered') delivered.add(s.seq); else rejected.set(s.seq, s.code ?? '');
    if (rows.length < BATCH) break;
  }
  return { delivered, rejected };
}

export const createActivity = operation<{ observations: Observation[] }>(manifest, SYSTEM, async ({ input, credential, call, deps }) => {
  if (!deps.ioc) throw new LtError('IOC_STORE_UNAVAILABLE');
  const store = deps.ioc;
  const defs = await definitionsOf(deps, store, credential);
  const invalid: { index: number; code: string; message: string; indicatorCode: string }[] = [];
  const valid: Observation[] = [];
  input.observations.forEach((o, index) => {
    const bad = check(o, defs);
    if (bad) invalid.push({ index, ...bad, indicatorCode: o.indicatorCode }); else valid.push(o);
  });
  // Queued (and revision-stamped) before anything is sent: from here on the values survive an IOC outage and a worker restart.
  const queued = valid.length === 0 ? [] : await store.enqueue(call.idempotencyKey, valid.map(({ indicatorCode, areaCode, period, value, unit, ...extra }) => ({ indicatorCode, areaCode, period, value, unit, extra })), deps.clock());
  const { delivered, rejected } = await drain(deps, store, credential);
  const series = (q: IocQueuedObservation) => ({ indicatorCode: q.indicatorCode, areaCode: q.areaCode, period: q.period, revision: q.revision });
  return {
    queued: queued.map(series), invalid, delivered: delivered.size,
    rejected: queued.filter((q) => rejected.has(q.seq)).map((q) => ({ ...series(q), code: rejected.get(q.seq) ?? '' })),
    queuedCount: queued.length, invalidCount: invalid.length,
  };
});
