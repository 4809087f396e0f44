import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, like, lte, or, sql, type SQL } from 'drizzle-orm';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { batchItems, batches, humanTaskEvents, humanTasks, runKeys, runRecords, runs, type Db, type MasterKey } from '@lienthong/db';
import { LtError, type LtErrorJson } from '@lienthong/errors';
import type { AuditService } from './audit.js';
import type { FlowService } from './flows.js';
import type { Caller, RunService } from './runs.js';
import { syncRunOutcome, syncRunOutcomes } from './run-stats.js';

/** What a run carried, kept in our archive under the run's own key until its retention ends. */
export interface RunPersonalData {
  output?: unknown;
  response?: unknown;
  error?: unknown;
  nodes: Record<string, unknown>;
  businessKeys: Record<string, string>;
}

/** A run as the archive shows it: audit metadata always; the data it carried until its retention ends. */
export interface RunRecordView {
  runId: string;
  flowKey: string;
  version: number;
  hash: string;
  agency: string | null;
  trigger: string;
  status: string;
  startedAt: string;
  finishedAt?: string;
  /** HMAC-SHA-256 of each "name=value" business key (search with the clear value: `?businessKey=`). */
  businessKeyHashes: string[];
  retention: { days: number | null; expiresAt?: string; destroyedAt?: string };
  archived: boolean;
  /** The run's data; absent when hidden from the caller or destroyed (then `destroyed` says why, with a code). */
  personal?: RunPersonalData;
  destroyed?: LtErrorJson;
  dataHidden?: true;
}

export interface RunRecordFilter {
  flowKey?: string;
  version?: number;
  agency?: string;
  status?: string;
  businessKey?: string;
  from?: string;
  to?: string;
  limit?: number;
}

const DAY_MS = 86_400_000;

function seal(plain: Buffer, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64');
}

function open(blob: string, key: Buffer): Buffer {
  const raw = Buffer.from(blob, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
}

/** Separate keys derived from the master key: one wraps run data keys, one keys the business-key HMACs. */
const derive = (mk: MasterKey, purpose: string) => Buffer.from(hkdfSync('sha256', mk.key, Buffer.alloc(0), `lienthong/${purpose}`, 32));

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : undefined);

/**
 * Per-flow retention of run data. A finished run is archived: what it carried (output, answer, step data, business
 * keys) encrypted under a fresh random AES-256 key of its own, that key wrapped by the master key; its business keys
 * also as keyed hashes. When the pinned flow version's `settings.retentionDays` have passed since the run finished,
 * the sweep destroys the run's key and its sealed data, deletes its Temporal execution and clears the business keys
 * from the runs row: the run's metadata (flow, version, hash, agency, status, times, hashed keys) and the audit log
 * remain readable and searchable, its personal data is gone for good.
 */
export function createRetentionService(deps: {
  db: Db; temporal: Client; flows: FlowService; runs: RunService; audit: AuditService; masterKey?: MasterKey; olderMasterKeys?: readonly MasterKey[];
}) {
  const { db, temporal } = deps;
  const mk = (): MasterKey => {
    if (!deps.masterKey) throw new Error('run retention needs the master key (LT_MASTER_KEY)');
    return deps.masterKey;
  };
  const keyById = (id: string): MasterKey | undefined => [deps.masterKey, ...(deps.olderMasterKeys ?? [])].find((k) => k?.id === id);
  const hashKey = (k: string, v: string) => createHmac('sha256', derive(mk(), 'business-key-hash')).update(`${k}=${v}`).digest('hex');

  /** Archives finished runs not archived yet (oldest first; or the one run `only`); returns how many. */
  async function archiveFinished(batch = 100, only?: string): Promise<number> {
    if (only) await syncRunOutcome(db, temporal, only);
    else await syncRunOutcomes(db, temporal, batch);
    const due = await db.select().from(runs).leftJoin(runRecords, eq(runRecords.runId, runs.runId))
      .where(and(isNotNull(runs.finishedAt), isNull(runRecords.runId), only ? eq(runs.runId, only) : undefined)).orderBy(asc(runs.finishedAt)).limit(batch);
    let archived = 0;
    for (const { runs: row } of due) {
      let view;
      try {
        view = await deps.runs.get(row.runId);
      } catch (err) {
        if (err instanceof LtError && err.code === 'RUN_NOT_FOUND') view = undefined; // history already gone (namespace retention)
        else throw err;
      }
      const flow = await deps.flows.get(row.flowKey, row.version).catch(() => undefined);
      const days = flow?.document.settings?.retentionDays ?? null;
      const expiresAt = days !== null && row.finishedAt ? new Date(row.finishedAt.getTime() + days * DAY_MS) : null;
      const businessKeys = row.businessKeys ?? {};
      const personal: RunPersonalData = {
        ...(view?.output !== undefined ? { output: view.output } : {}), ...(view?.response !== undefined ? { response: view.response } : {}),
        ...(view?.error !== undefined ? { error: view.error } : {}), nodes: view?.nodes ?? {}, businessKeys,
      };
      const dataKey = randomBytes(32);
      // The record first: if another process (a second API instance) archived the run meanwhile, its record and
      // key stay together and this attempt writes nothing.
      const won = await db.transaction(async (tx) => {
        const inserted = await tx.insert(runRecords).values({
          runId: row.runId, retentionDays: days, expiresAt, personal: seal(Buffer.from(JSON.stringify(personal), 'utf8'), dataKey),
          businessKeyHashes: Object.entries(businessKeys).map(([k, v]) => hashKey(k, v)).sort(),
        }).onConflictDoNothing().returning({ runId: runRecords.runId });
        if (inserted.length === 0) return false;
        await tx.insert(runKeys).values({ runId: row.runId, wrappedKey: seal(dataKey, derive(mk(), 'run-data-keys')), masterKeyId: mk().id });
        return true;
      });
      dataKey.fill(0);
      if (won) archived += 1;
    }
    return archived;
  }

  /**
   * Deletes a run's Temporal executions: every run of its workflow id (continue-as-new makes several) and its
   * children (subflows, foreach batches: ids "<runId>/…"). Without visibility queries, the latest run only.
   */
  async function deleteExecutions(runId: string): Promise<void> {
    const namespace = temporal.options.namespace;
    const del = async (workflowExecution: { workflowId: string; runId?: string }) => {
      try {
        await temporal.workflowService.deleteWorkflowExecution({ namespace, workflowExecution });
      } catch (err) {
        const notFound = err instanceof WorkflowNotFoundError || (err as { code?: number }).code === 5; // gRPC NOT_FOUND: already gone
        if (!notFound) throw err;
      }
    };
    const q = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    const found: { workflowId: string; runId?: string }[] = [];
    try {
      let nextPageToken: Uint8Array | undefined;
      do {
        const page = await temporal.workflowService.listWorkflowExecutions({ namespace, pageSize: 500,
          query: `WorkflowId = ${q(runId)} OR WorkflowId STARTS_WITH ${q(`${runId}/`)}`, ...(nextPageToken ? { nextPageToken } : {}) });
        for (const e of page.executions ?? []) {
          if (e.execution?.workflowId) found.push({ workflowId: e.execution.workflowId, ...(e.execution.runId ? { runId: e.execution.runId } : {}) });
        }
        nextPageToken = page.nextPageToken && page.nextPageToken.length > 0 ? page.nextPageToken : undefined;
      } while (nextPageToken);
    } catch {
      found.length = 0; // a visibility store without STARTS_WITH: fall back to the run's own latest execution
    }
    if (found.length === 0) found.push({ workflowId: runId });
    for (const e of found) await del(e);
  }

  /** Destroys the data of archived runs whose retention ended by `now` (or of the one run `only`); returns their ids. */
  async function sweepExpired(now = new Date(), batch = 500, only?: string): Promise<string[]> {
    const due = await db.select({ runId: runRecords.runId, flowKey: runs.flowKey, agency: runs.agency, expiresAt: runRecords.expiresAt })
      .from(runRecords).innerJoin(runs, eq(runs.runId, runRecords.runId))
      .where(and(isNull(runRecords.sweptAt), isNotNull(runRecords.expiresAt), lte(runRecords.expiresAt, now), only ? eq(runRecords.runId, only) : undefined))
      .orderBy(asc(runRecords.expiresAt)).limit(batch);
    const swept: string[] = [];
    for (const r of due) {
      // The Temporal executions first: if that fails the sweep retries next time, with the key still there.
      await deleteExecutions(r.runId);
      await db.transaction(async (tx) => {
        await tx.update(runKeys).set({ wrappedKey: null, destroyedAt: now }).where(eq(runKeys.runId, r.runId));
        await tx.update(runRecords).set({ personal: null, sweptAt: now }).where(eq(runRecords.runId, r.runId));
        await tx.update(runs).set({ businessKeys: null }).where(eq(runs.runId, r.runId));
        // Large foreaches' items and outcomes (engine 4) of the run and of its child runs go with it.
        const ofRun = sql`${batches.runId} = ${r.runId} or ${batches.runId} like ${`${r.runId.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`}`;
        await tx.delete(batchItems).where(inArray(batchItems.batchId, tx.select({ id: batches.id }).from(batches).where(ofRun)));
        await tx.delete(batches).where(ofRun);
        // Its human tasks (and its child runs'): who, when, outcome, deadlines and lateness stay; what they showed and were told goes.
        const taskOfRun = (col: typeof humanTasks.runId | typeof humanTaskEvents.runId) => or(eq(col, r.runId), like(col, `${r.runId.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`));
        await tx.update(humanTasks).set({ context: null, decision: null, dataDestroyedAt: now }).where(taskOfRun(humanTasks.runId));
        await tx.update(humanTaskEvents).set({ detail: {} }).where(and(eq(humanTaskEvents.action, 'commented'), taskOfRun(humanTaskEvents.runId)));
      });
      await deps.audit.record({ actorType: 'platform', actorId: 'retention', agency: r.agency, action: 'runs.retention.destroy', outcome: 'ok',
        flowKey: r.flowKey, runId: r.runId, detail: { expiresAt: iso(r.expiresAt) } });
      swept.push(r.runId);
    }
    return swept;
  }

  function recordView(row: typeof runs.$inferSelect, rec: typeof runRecords.$inferSelect | null, key: typeof runKeys.$inferSelect | null): RunRecordView {
    const view: RunRecordView = {
      runId: row.runId, flowKey: row.flowKey, version: row.version, hash: row.hash, agency: row.agency, trigger: row.trigger, status: row.status,
      startedAt: row.startedAt.toISOString(), ...(row.finishedAt ? { finishedAt: row.finishedAt.toISOString() } : {}),
      businessKeyHashes: rec?.businessKeyHashes ?? [], archived: rec !== null,
      retention: { days: rec?.retentionDays ?? null, ...(rec?.expiresAt ? { expiresAt: rec.expiresAt.toISOString() } : {}),
        ...(rec?.sweptAt ? { destroyedAt: rec.sweptAt.toISOString() } : {}) },
    };
    if (rec?.sweptAt || (key && !key.wrappedKey)) {
      return { ...view, destroyed: new LtError('RUN_DATA_DESTROYED', { runId: row.runId, destroyedAt: (rec?.sweptAt ?? key?.destroyedAt)?.toISOString() ?? '' }).toJSON() };
    }
    if (rec?.personal && key?.wrappedKey) {
      const wrapping = keyById(key.masterKeyId);
      if (!wrapping) throw new Error(`run ${row.runId}: data key wrapped under an unknown master key ${key.masterKeyId}`);
      const dataKey = open(key.wrappedKey, derive(wrapping, 'run-data-keys'));
      return { ...view, personal: JSON.parse(open(rec.personal, dataKey).toString('utf8')) as RunPersonalData };
    }
    return view;
  }

  /** One run's archived record; another agency's run is "not found". `withData: false` leaves the data out (agency viewers). */
  async function get(runId: string, caller?: Caller, opts: { withData?: boolean } = {}): Promise<RunRecordView> {
    const [hit] = await db.select().from(runs).leftJoin(runRecords, eq(runRecords.runId, runs.runId)).leftJoin(runKeys, eq(runKeys.runId, runs.runId))
      .where(eq(runs.runId, runId));
    if (!hit || (caller?.agency && hit.runs.agency !== caller.agency)) throw new LtError('RUN_NOT_FOUND', { runId });
    const view = recordView(hit.runs, hit.run_records, hit.run_keys);
    if (opts.withData === false && view.personal) {
      const { personal: _p, ...rest } = view;
      return { ...rest, dataHidden: true };
    }
    return view;
  }

  /** Search by metadata over our own tables (newest first): still finds runs whose history and data are gone. */
  async function search(f: RunRecordFilter, caller?: Caller): Promise<RunRecordView[]> {
    const agency = caller?.agency ?? f.agency;
    if (caller?.agency && f.agency && f.agency !== caller.agency) return [];
    const date = (v: string, field: string) => {
      const d = new Date(v);
      if (Number.isNaN(d.getTime())) throw new LtError('REQUEST_VALIDATION_FAILED', { pointer: field, detail: 'expected an ISO 8601 date-time', detailVi: 'cần ngày giờ ISO 8601' }, { field });
      return d;
    };
    const where: (SQL | undefined)[] = [
      f.flowKey ? eq(runs.flowKey, f.flowKey) : undefined, f.version !== undefined ? eq(runs.version, f.version) : undefined,
      agency ? eq(runs.agency, agency) : undefined, f.status ? eq(runs.status, f.status) : undefined,
      f.from ? gte(runs.startedAt, date(f.from, 'from')) : undefined, f.to ? lte(runs.startedAt, date(f.to, 'to')) : undefined,
    ];
    if (f.businessKey) {
      const eqAt = f.businessKey.indexOf('=');
      if (eqAt < 1) throw new LtError('REQUEST_VALIDATION_FAILED', { pointer: 'businessKey', detail: 'expected name=value', detailVi: 'cần dạng tên=giá trị' }, { field: 'businessKey' });
      const [k, v] = [f.businessKey.slice(0, eqAt), f.businessKey.slice(eqAt + 1)];
      // Archived runs match by keyed hash (their clear keys may be destroyed); runs not archived yet by the clear value.
      where.push(sql`(${runRecords.businessKeyHashes} @> ${JSON.stringify([hashKey(k, v)])}::jsonb or ${runs.businessKeys} @> ${JSON.stringify({ [k]: v })}::jsonb)`);
    }
    const rows = await db.select().from(runs).leftJoin(runRecords, eq(runRecords.runId, runs.runId))
      .where(and(...where)).orderBy(desc(runs.startedAt)).limit(Math.min(Math.max(f.limit ?? 50, 1), 200));
    return rows.map((r) => {
      const v = recordView(r.runs, r.run_records, null);
      const { personal: _p, ...meta } = v; // a listing never carries run data
      return meta;
    });
  }

  /**
   * R-02 at close: a completed run of a flow kept 0 days (`settings.retentionDays: 0`) is archived and destroyed as soon
   * as it ends (its purge workflow calls this once the run closed). One that failed or was cancelled transferred nothing:
   * the retention schedule destroys it at its next sweep, as it does any run this misses. Answers whether the run's data
   * was destroyed now (false: not completed, kept longer, or already destroyed).
   */
  async function purgeAtClose(runId: string, now = new Date()): Promise<boolean> {
    await archiveFinished(1, runId);
    const [rec] = await db.select({ days: runRecords.retentionDays, expiresAt: runRecords.expiresAt, status: runs.status })
      .from(runRecords).innerJoin(runs, eq(runs.runId, runRecords.runId)).where(eq(runRecords.runId, runId));
    if (rec?.days !== 0 || rec.status !== 'completed' || !rec.expiresAt) return false;
    // Temporal's close time against this host's clock: never "not yet" because of a skew.
    return (await sweepExpired(rec.expiresAt > now ? rec.expiresAt : now, 1, runId)).length > 0;
  }

  return { archiveFinished, sweepExpired, purgeAtClose, get, search,
    /** Archive what finished, then destroy what expired: the periodic job and `lienthong retention sweep`. */
    async tick(now = new Date()): Promise<{ archived: number; destroyed: string[] }> {
      const archived = await archiveFinished();
      return { archived, destroyed: await sweepExpired(now) };
    } };
}
export type RetentionService = ReturnType<typeof createRetentionService>;
