import { and, asc, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { auditLog, type Db } from '@lienthong/db';
import { canonicalJson, sha256Hex } from '@lienthong/flow';
import { csvTable } from './csv.js';

export interface AuditEvent {
  actorType: 'system' | 'user' | 'anonymous' | 'platform';
  actorId: string;
  agency?: string | null;
  action: string;
  outcome: 'ok' | 'refused' | 'failed';
  status?: number | null;
  code?: string | null;
  flowKey?: string | null;
  runId?: string | null;
  ip?: string | null;
  /** Never a secret: callers put ids, codes and sizes here. */
  detail?: Record<string, unknown>;
}

export interface AuditRow extends Required<Omit<AuditEvent, 'detail'>> {
  seq: number;
  at: Date;
  detail: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditFilter {
  from?: Date;
  to?: Date;
  actorId?: string;
  action?: string;
  outcome?: string;
  agency?: string;
  /** Limit to these agencies (an agency-viewer's scope, R-15). */
  agencies?: readonly string[];
  flowKey?: string;
  runId?: string;
  limit?: number;
  offset?: number;
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  firstBroken?: { seq: number; reason: 'hash' | 'link' | 'gap'; detail: string };
}

export const GENESIS_HASH = '0'.repeat(64);

/** SHA-256 over the previous hash and every field of the row, in a fixed order (canonical JSON: jsonb reorders keys). */
export function auditHash(r: Omit<AuditRow, 'hash'>): string {
  const fields = [r.seq, r.at.toISOString(), r.actorType, r.actorId, r.agency, r.action, r.outcome, r.status, r.code, r.flowKey, r.runId, r.ip, r.detail, r.prevHash];
  return sha256Hex(canonicalJson(fields));
}

const LOCK_KEY = 7_263_001;

/**
 * The hash-chained audit log. Appends are queued and written in batches, one transaction each, under
 * an advisory lock so that several API processes keep one chain.
 */
export function createAuditService(db: Db, opts: { onError?: (err: unknown) => void } = {}) {
  let queue: { event: AuditEvent; at: Date; resolve: () => void; reject: (e: unknown) => void }[] = [];
  let draining: Promise<void> | null = null;

  async function writeBatch(batch: typeof queue): Promise<void> {
    await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEY})`);
      const [last] = await tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
      let seq = last?.seq ?? 0;
      let prevHash = last?.hash ?? GENESIS_HASH;
      const rows: AuditRow[] = [];
      for (const { event: e, at } of batch) {
        seq += 1;
        const base: Omit<AuditRow, 'hash'> = { seq, at, actorType: e.actorType, actorId: e.actorId, agency: e.agency ?? null, action: e.action, outcome: e.outcome,
          status: e.status ?? null, code: e.code ?? null, flowKey: e.flowKey ?? null, runId: e.runId ?? null, ip: e.ip ?? null, detail: e.detail ?? {}, prevHash };
        const hash = auditHash(base);
        rows.push({ ...base, hash });
        prevHash = hash;
      }
      await tx.insert(auditLog).values(rows);
    });
  }

  function drain(): Promise<void> {
    draining ??= (async () => {
      while (queue.length > 0) {
        const batch = queue;
        queue = [];
        try {
          await writeBatch(batch);
          batch.forEach((b) => b.resolve());
        } catch (err) {
          opts.onError?.(err);
          batch.forEach((b) => b.reject(err));
        }
      }
    })().finally(() => { draining = null; });
    return draining;
  }

  function where(f: AuditFilter): SQL | undefined {
    const conds = [
      f.from ? gte(auditLog.at, f.from) : undefined, f.to ? lte(auditLog.at, f.to) : undefined,
      f.actorId ? eq(auditLog.actorId, f.actorId) : undefined, f.action ? eq(auditLog.action, f.action) : undefined,
      f.outcome ? eq(auditLog.outcome, f.outcome as 'ok') : undefined, f.agency ? eq(auditLog.agency, f.agency) : undefined,
      f.flowKey ? eq(auditLog.flowKey, f.flowKey) : undefined, f.runId ? eq(auditLog.runId, f.runId) : undefined,
      f.agencies ? (f.agencies.length ? sql`${auditLog.agency} in ${f.agencies}` : sql`false`) : undefined,
    ].filter((c): c is SQL => c !== undefined);
    return conds.length ? and(...conds) : undefined;
  }

  return {
    /** Queues an event; the promise settles once it is in the chain. */
    record(event: AuditEvent): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        queue.push({ event, at: new Date(), resolve, reject });
        void drain();
      });
    },

    /** Waits until every queued event is written. */
    async flush(): Promise<void> {
      while (draining || queue.length) await (draining ?? drain());
    },

    async search(f: AuditFilter = {}): Promise<AuditRow[]> {
      await this.flush();
      const rows = await db.select().from(auditLog).where(where(f)).orderBy(desc(auditLog.seq)).limit(Math.min(f.limit ?? 100, 10_000)).offset(f.offset ?? 0);
      return rows as AuditRow[];
    },

    /** Walks the chain from the first row; reports the first row whose link or hash is wrong. */
    async verify(): Promise<AuditVerifyResult> {
      await this.flush();
      let prev = GENESIS_HASH;
      let expectedSeq = 1;
      let checked = 0;
      const page = 1000;
      for (let after = 0; ;) {
        const rows = await db.select().from(auditLog).where(sql`${auditLog.seq} > ${after}`).orderBy(asc(auditLog.seq)).limit(page) as AuditRow[];
        for (const r of rows) {
          if (r.seq !== expectedSeq) return { ok: false, checked, firstBroken: { seq: expectedSeq, reason: 'gap', detail: `row ${expectedSeq} is missing (next is ${r.seq})` } };
          if (r.prevHash !== prev) return { ok: false, checked, firstBroken: { seq: r.seq, reason: 'link', detail: 'prev_hash does not match the previous row' } };
          const { hash, ...rest } = r;
          if (auditHash(rest) !== hash) return { ok: false, checked, firstBroken: { seq: r.seq, reason: 'hash', detail: 'the row was changed after it was written' } };
          prev = hash;
          expectedSeq += 1;
          checked += 1;
        }
        if (rows.length < page) break;
        after = rows[rows.length - 1]?.seq ?? after;
      }
      return { ok: true, checked };
    },
  };
}
export type AuditService = ReturnType<typeof createAuditService>;

const CSV_COLUMNS = ['seq', 'at', 'actorType', 'actorId', 'agency', 'action', 'outcome', 'status', 'code', 'flowKey', 'runId', 'ip', 'detail', 'prevHash', 'hash'] as const;

/** The audit log as CSV (csv.ts: RFC 4180, formula-like text neutralised); `detail` as canonical JSON. */
export function auditCsv(rows: readonly AuditRow[]): string {
  return csvTable(CSV_COLUMNS, rows.map((r) => CSV_COLUMNS.map((c) => (c === 'detail' ? canonicalJson(r.detail) : r[c]))));
}
