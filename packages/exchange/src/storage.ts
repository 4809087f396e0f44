import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/common';
import { LtError } from '@lienthong/errors';
import { exchangeAlerts, exchangeContents, exchangeEvents, exchangeKeys, exchanges, type Db, type ExchangeStatus, type MasterKey } from '@lienthong/db';
import { principalOf, reaches, type ExchangeAccess, type ExchangeCaller, type ExchangePrincipal } from './access.js';
import { unwrapKey } from './crypto.js';
import { DELIVERABLE, STEPS, type StepName } from './state-machine.js';
import type { Row } from './views.js';

/** Where the exchange writes its audit trail (the services' audit log). */
export interface AuditSink {
  record(e: { actorType: 'system' | 'platform' | 'user'; actorId: string; agency?: string | null; action: string; outcome: 'ok' | 'refused' | 'failed';
    code?: string | null; detail?: Record<string, unknown> }): Promise<unknown>;
}

export type Actor = { type: 'system' | 'platform' | 'user'; id: string; agency?: string | null };
export const PLATFORM: Actor = { type: 'platform', id: 'platform' };

export interface StorageDeps {
  db: Db;
  temporal: Client;
  audit: AuditSink;
  access: ExchangeAccess;
  masterKey?: MasterKey;
  olderMasterKeys?: readonly MasterKey[];
  log: (line: string) => void;
}

/**
 * The exchange's rows, events, keys and content in the database, the audit trail and the signals to its workflow:
 * what every use case and activity shares. Content is stored only sealed under a per-exchange key (crypto.ts).
 */
export function createStorage(deps: StorageDeps) {
  const { db, temporal, audit, access, log } = deps;
  const mkById = new Map([...(deps.masterKey ? [deps.masterKey] : []), ...(deps.olderMasterKeys ?? [])].map((k) => [k.id, k]));

  const store = {
    db,
    mk(): MasterKey {
      if (!deps.masterKey) throw new Error('the exchange service needs the master key (LT_MASTER_KEY)');
      return deps.masterKey;
    },

    async row(id: string): Promise<Row> {
      const [r] = await db.select().from(exchanges).where(eq(exchanges.id, id));
      if (!r) throw new LtError('EXCHANGE_NOT_FOUND', { exchangeId: id }, { field: 'exchangeId' });
      return r;
    },

    /** An exchange the caller may see: its source, its destination, or a person allowed to read the audit log of one of their agencies. */
    async visible(caller: ExchangeCaller | null | undefined, id: string): Promise<{ r: Row; p: ExchangePrincipal }> {
      const p = principalOf(access, caller);
      const r = await store.row(id);
      if (p.kind === 'system') {
        if (r.sourceSystem === p.systemCode || r.destinationSystem === p.systemCode) return { r, p };
      } else if (reaches(p, r.sourceAgency) || reaches(p, r.destinationAgency)) {
        return { r, p };
      }
      throw new LtError('EXCHANGE_NOT_FOUND', { exchangeId: id }, { field: 'exchangeId' });
    },

    async event(tx: Db, exchangeId: string, status: ExchangeStatus, actor: string, code: string | null = null, detail: Record<string, unknown> = {}) {
      await tx.insert(exchangeEvents).values({ exchangeId, status, actor, code, detail });
    },

    auditEvent(r: Pick<Row, 'id' | 'sourceSystem' | 'sourceAgency' | 'destinationSystem'>, action: string, actor: Actor,
      outcome: 'ok' | 'refused' | 'failed' = 'ok', code: string | null = null, detail: Record<string, unknown> = {}) {
      void audit.record({ actorType: actor.type, actorId: actor.id, agency: actor.agency ?? r.sourceAgency, action, outcome, code,
        detail: { exchangeId: r.id, source: r.sourceSystem, destination: r.destinationSystem, ...detail } }).catch((e: unknown) => log(`audit: ${(e as Error).message}`));
    },

    /** Makes a step of the state machine (the database arbitrates races); the row after, or null if it was elsewhere. */
    async transition(id: string, step: StepName, actor: string, set: Partial<typeof exchanges.$inferInsert> = {}, code: string | null = null, detail: Record<string, unknown> = {}): Promise<Row | null> {
      const { from, to } = STEPS[step];
      return db.transaction(async (tx) => {
        const [r] = await tx.update(exchanges).set({ ...set, status: to, updatedAt: sql`now()` }).where(and(eq(exchanges.id, id), inArray(exchanges.status, [...from]))).returning();
        if (!r) return null;
        await store.event(tx, id, to, actor, code, detail);
        return r;
      });
    },

    /** Deletes the content and its key: every copy of the ciphertext is unreadable from now on. */
    async shred(tx: Db, id: string): Promise<void> {
      await tx.delete(exchangeContents).where(eq(exchangeContents.exchangeId, id));
      await tx.delete(exchangeKeys).where(eq(exchangeKeys.exchangeId, id));
    },

    /** Tells the exchange's workflow; one that has already ended is not waiting for the news. */
    async signal<T>(r: Row, def: SignalDefinition<[T]>, arg: T): Promise<void> {
      if (!r.workflowId) return;
      try {
        await temporal.workflow.getHandle(r.workflowId).signal(def, arg);
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return;
        throw err;
      }
    },

    async contentKey(id: string): Promise<Buffer> {
      const [k] = await db.select().from(exchangeKeys).where(eq(exchangeKeys.exchangeId, id));
      if (!k) throw new LtError('EXCHANGE_KEY_MISSING', { exchangeId: id });
      const m = mkById.get(k.masterKeyId);
      if (!m) throw new Error(`exchange key ${id} is wrapped under an unknown master key`);
      return unwrapKey(k.wrappedKey, m);
    },

    /** What waits for a destination: urgent first, then oldest. */
    deliverableFor(systemCode: string, limit: number): Promise<Row[]> {
      return db.select().from(exchanges)
        .where(and(eq(exchanges.destinationSystem, systemCode), inArray(exchanges.status, [...DELIVERABLE])))
        .orderBy(sql`case when ${exchanges.priority} = 'urgent' then 0 else 1 end`, asc(exchanges.notifiedAt), asc(exchanges.createdAt)).limit(limit);
    },

    /** Data that failed to flow: kept for operators and audited. */
    async alert(r: Row, kind: typeof exchangeAlerts.$inferInsert['kind'], systemCode: string, agency: string | null, detail: Record<string, unknown> = {}) {
      await db.insert(exchangeAlerts).values({ kind, exchangeId: r.id, systemCode, agency, detail: { source: r.sourceSystem, destination: r.destinationSystem, ...detail } });
      store.auditEvent(r, `exchange.alert.${kind}`, PLATFORM, 'failed', kind === 'expired' ? 'EXCHANGE_EXPIRED' : 'EXCHANGE_NOTIFICATION_FAILED', detail);
    },
  };
  return store;
}
export type ExchangeStorage = ReturnType<typeof createStorage>;
