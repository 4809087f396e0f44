import { and, asc, count, eq, gt, gte, lt, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { decryptJson, encryptJson, type MasterKey } from './credential-store.js';
import { batches } from './schema/batches.js';
import { batchItems } from './schema/batch-items.js';

/** An item's outcome: the connector's output, or the error (catalogue JSON) it ended with. */
export type BatchOutcome = { index: number; ok: true; output: unknown } | { index: number; ok: false; error: unknown };

export interface BatchSummary {
  total: number;
  succeeded: number;
  failed: number;
  /** Every item's output (null where it failed) when their JSON fits `inlineBytes`; otherwise absent (page them). */
  results?: unknown[];
  /** The failures, by index; at most `maxErrors`. */
  errors: { index: number; error: unknown }[];
}

const ROWS_PER_INSERT = 500;

/**
 * Items and outcomes of large foreaches (interpreter engine 4), encrypted under the master key like credentials:
 * the worker's chunk activities read items and write outcomes here; the run's output pages through them.
 */
export function createBatchStore(db: Db, masterKey: MasterKey) {
  const seal = (v: unknown) => encryptJson(v ?? null, masterKey);
  const open = <T>(blob: string) => decryptJson<T>(blob, masterKey);

  return {
    /** Writes the batch (first page) and a page of its items from `from`; a page written before (a retried attempt) stays as it was. */
    async stage(b: { id: string; runId: string; nodeId: string; total: number; context: unknown; from: number; items: unknown[] }): Promise<void> {
      await db.insert(batches).values({ id: b.id, runId: b.runId, nodeId: b.nodeId, total: b.total, context: seal(b.context) }).onConflictDoNothing();
      for (let i = 0; i < b.items.length; i += ROWS_PER_INSERT) {
        const rows = b.items.slice(i, i + ROWS_PER_INSERT).map((item, k) => ({ batchId: b.id, idx: b.from + i + k, item: seal(item) }));
        await db.insert(batchItems).values(rows).onConflictDoNothing();
      }
    },

    async context<T>(batchId: string): Promise<T> {
      const [row] = await db.select({ context: batches.context }).from(batches).where(eq(batches.id, batchId));
      if (!row) throw new Error(`batch ${batchId} was never staged`);
      return open<T>(row.context);
    },

    /** The items of [from, to) not done yet, in order. */
    async pending(batchId: string, from: number, to: number): Promise<{ index: number; item: unknown }[]> {
      const rows = await db.select({ idx: batchItems.idx, item: batchItems.item }).from(batchItems)
        .where(and(eq(batchItems.batchId, batchId), gte(batchItems.idx, from), lt(batchItems.idx, to), eq(batchItems.state, 'pending')))
        .orderBy(asc(batchItems.idx));
      return rows.map((r) => ({ index: r.idx, item: open(r.item) }));
    },

    /** Records outcomes; an item already done keeps its first outcome (returns how many rows were written). */
    async finish(batchId: string, outcomes: BatchOutcome[]): Promise<number> {
      if (outcomes.length === 0) return 0;
      const values = sql.join(outcomes.map((o) => sql`(${o.index}::integer, ${o.ok ? 'succeeded' : 'failed'}, ${seal(o.ok ? o.output : o.error)})`), sql`, `);
      const r = await db.execute(sql`update batch_items as b set state = v.state, outcome = v.outcome, finished_at = now()
        from (values ${values}) as v(idx, state, outcome)
        where b.batch_id = ${batchId} and b.idx = v.idx and b.state = 'pending'`);
      return (r as { rowCount?: number; affectedRows?: number }).rowCount ?? (r as { affectedRows?: number }).affectedRows ?? 0;
    },

    /** Counts, the first failures and, when small enough, every result (what the foreach node's output carries). */
    async summary(batchId: string, o: { inlineBytes: number; maxErrors: number }): Promise<BatchSummary> {
      const [header] = await db.select({ total: batches.total }).from(batches).where(eq(batches.id, batchId));
      const total = header?.total ?? 0;
      const counts = await db.select({ state: batchItems.state, n: count() }).from(batchItems).where(eq(batchItems.batchId, batchId)).groupBy(batchItems.state);
      const n = (state: string) => counts.find((c) => c.state === state)?.n ?? 0;
      const errors: BatchSummary['errors'] = [];
      const results: unknown[] = [];
      let bytes = 0;
      let inline = true;
      let after = -1;
      for (;;) { // in pages, so a 100,000-item batch is never all in memory at once
        const rows = await db.select({ idx: batchItems.idx, state: batchItems.state, outcome: batchItems.outcome }).from(batchItems)
          .where(and(eq(batchItems.batchId, batchId), gt(batchItems.idx, after))).orderBy(asc(batchItems.idx)).limit(2000);
        if (rows.length === 0) break;
        for (const r of rows) {
          const value = r.outcome ? open<unknown>(r.outcome) : null;
          if (r.state === 'failed' && errors.length < o.maxErrors) errors.push({ index: r.idx, error: value });
          if (!inline) continue;
          const output = r.state === 'succeeded' ? value : null;
          bytes += JSON.stringify(output ?? null).length + 1;
          if (bytes > o.inlineBytes) { inline = false; results.length = 0; continue; }
          results[r.idx] = output;
        }
        after = rows.at(-1)?.idx ?? after;
        if (!inline && errors.length >= o.maxErrors) break;
      }
      return { total, succeeded: n('succeeded'), failed: n('failed'), errors, ...(inline ? { results } : {}) };
    },

    /** A page of a run's foreach outcomes, by index from `after` (exclusive); pending items are left out. */
    async page(runId: string, nodeId: string, after: number, limit: number): Promise<{ total: number; items: BatchOutcome[]; next: number | null }> {
      const [header] = await db.select({ id: batches.id, total: batches.total }).from(batches).where(and(eq(batches.runId, runId), eq(batches.nodeId, nodeId)));
      if (!header) return { total: 0, items: [], next: null };
      const rows = await db.select({ idx: batchItems.idx, state: batchItems.state, outcome: batchItems.outcome }).from(batchItems)
        .where(and(eq(batchItems.batchId, header.id), gt(batchItems.idx, after), sql`${batchItems.state} <> 'pending'`)).orderBy(asc(batchItems.idx)).limit(limit + 1);
      const items = rows.slice(0, limit).map((r): BatchOutcome => {
        const value = r.outcome ? open<unknown>(r.outcome) : null;
        return r.state === 'succeeded' ? { index: r.idx, ok: true, output: value } : { index: r.idx, ok: false, error: value };
      });
      return { total: header.total, items, next: rows.length > limit ? (items.at(-1)?.index ?? null) : null };
    },
  };
}

export type BatchStore = ReturnType<typeof createBatchStore>;
