import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { and, asc, desc, eq, gte, inArray, lte, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/common';
import { LtError } from '@lienthong/errors';
import {
  connectedSystems, exchangeAlerts, exchangeContents, exchangeEvents, exchangeKeys, exchanges,
  type Db, type ExchangePolicy, type ExchangeStatus, type MasterKey,
} from '@lienthong/db';
import { TASK_QUEUE } from '@lienthong/temporal/keys';
import { egressPolicyFromEnv, egressRequest, type EgressPolicy, type EgressReply } from '@lienthong/observability';
import {
  EXCHANGE_WORKFLOW, exchangeSettledSignal, exchangeUploadedSignal, type ExchangeSettled, type ExchangeUploaded, type ExchangeWorkflowInput,
} from '@lienthong/temporal/contracts';
import { can, isPrincipal, scopeOf, type Principal, type SystemPrincipal } from '../access.js';
import type { AuditService } from '../audit.js';
import type { KeyService } from '../keys.js';
import type { Caller } from '../runs.js';
import { createSealer, newContentKey, openContent, sealContent, sha256Hex, unwrapKey, webhookSignature, wrapKey } from './crypto.js';
import { contentTypeOf, convert, detectFormat, PROTOCOLS, sniffFormat, type ExchangeFormat } from './transform.js';

/** What a connected system must be granted for each side (when its allowedOperations list is not empty). */
export const EXCHANGE_OPERATIONS = { send: 'exchanges.send', receive: 'exchanges.receive' } as const;

export interface ExchangeConfig {
  /** Largest content accepted, in bytes, however it is uploaded. */
  maxBytes: number;
  /** Largest content in a JSON upload (base64 inside a request body capped at 1 MiB); larger content is streamed. */
  jsonMaxBytes: number;
  /** Webhook retries: first delay, longest delay, and how long to keep trying. */
  retryInitialMs: number;
  retryMaxMs: number;
  notifyWindowMs: number;
  /** Deadline of an exchange that names none: nothing is kept for ever. */
  defaultTtlMs: number;
  /** How often a long-polling inbox looks again. */
  pollIntervalMs: number;
  /** Longest long-poll wait a caller may ask for. */
  maxWaitMs: number;
  /** How long one server-sent-events inbox stream lasts before the client must reconnect. */
  streamMaxMs: number;
}

const num = (v: string | undefined, d: number) => (v && Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : d);
export function exchangeConfigFromEnv(env: Record<string, string | undefined> = process.env): ExchangeConfig {
  return {
    maxBytes: num(env.LT_EXCHANGE_MAX_BYTES, 20 * 1024 * 1024),
    jsonMaxBytes: num(env.LT_EXCHANGE_JSON_MAX_BYTES, 512 * 1024),
    retryInitialMs: num(env.LT_EXCHANGE_RETRY_INITIAL_MS, 2_000),
    retryMaxMs: num(env.LT_EXCHANGE_RETRY_MAX_MS, 60_000),
    notifyWindowMs: num(env.LT_EXCHANGE_NOTIFY_WINDOW_MS, 24 * 3600_000),
    defaultTtlMs: num(env.LT_EXCHANGE_DEFAULT_TTL_MS, 7 * 24 * 3600_000),
    pollIntervalMs: num(env.LT_EXCHANGE_POLL_INTERVAL_MS, 250),
    maxWaitMs: num(env.LT_EXCHANGE_MAX_WAIT_MS, 25_000),
    streamMaxMs: num(env.LT_EXCHANGE_STREAM_MAX_MS, 5 * 60_000),
  };
}


/** 32 hex digits laid out like a UUID (8-4-4-4-12), so derived ids look like the random ones. */
const uuidShaped = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;

export interface CreateExchangeInput {
  /** The same key from the same source returns the same exchange (a retried request creates no second space). */
  idempotencyKey?: string;
  recipient: string;
  subject: string;
  priority: 'urgent' | 'normal';
  dataType: string;
  protocol: ExchangeFormat;
  size: number;
  deadline?: string | null;
}

export interface UploadPolicy { allowedRecipients: string[]; expiresAt?: string | null; transformAllowed?: boolean }

export interface UploadInput {
  /** The content, base64; or `text` for UTF-8 text. */
  content?: string;
  text?: string;
  contentType?: string;
  sha256: string;
  policy: UploadPolicy;
}

/** A streamed upload: the raw body chunk by chunk (never held whole), its signed SHA-256, and the policy. */
export interface StreamUploadInput {
  body: AsyncIterable<Uint8Array>;
  /** Content-Length, when the client sent one (chunked uploads have none). */
  length?: number | null;
  /** Hex SHA-256 of the body: the request's signed x-amz-content-sha256, checked here once the body has arrived. */
  sha256: string;
  contentType?: string;
  policy: UploadPolicy;
}

type Row = typeof exchanges.$inferSelect;
const ACTIVE: ExchangeStatus[] = ['space_allocated', 'uploaded', 'notified', 'destination_connected', 'ready'];
const DELIVERABLE: ExchangeStatus[] = ['notified', 'destination_connected', 'ready'];
const ENDED: ExchangeStatus[] = ['delivered', 'content_purged', 'rejected', 'expired', 'refused_by_destination', 'failed'];

export interface ExchangeView {
  exchangeId: string;
  status: ExchangeStatus;
  source: { system: string; agency: string };
  destination: { system: string; agency: string | null };
  subject: string;
  priority: 'urgent' | 'normal';
  dataType: string;
  protocol: string;
  declaredSize: number;
  deadline: string | null;
  code: string | null;
  reason: string | null;
  policy: ExchangePolicy | null;
  uploaded: { contentType: string | null; size: number | null; sha256: string | null };
  delivered: { contentType: string | null; size: number | null; sha256: string | null; transformed: boolean };
  notification: { attempts: number; deliveredAt: string | null; lastError: string | null };
  createdAt: string;
  updatedAt: string;
  uploadedAt: string | null;
  notifiedAt: string | null;
  fetchedAt: string | null;
  settledAt: string | null;
  purgedAt: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
export function exchangeView(r: Row): ExchangeView {
  return {
    exchangeId: r.id, status: r.status, source: { system: r.sourceSystem, agency: r.sourceAgency }, destination: { system: r.destinationSystem, agency: r.destinationAgency },
    subject: r.subject, priority: r.priority, dataType: r.dataType, protocol: r.protocol, declaredSize: r.declaredSize, deadline: iso(r.deadline), code: r.code, reason: r.reason,
    policy: r.policy, uploaded: { contentType: r.contentType, size: r.size, sha256: r.sha256 },
    delivered: { contentType: r.deliveredContentType, size: r.deliveredSize, sha256: r.deliveredSha256, transformed: r.transformed },
    notification: { attempts: r.webhookAttempts, deliveredAt: iso(r.webhookDeliveredAt), lastError: r.webhookLastError },
    createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(), uploadedAt: iso(r.uploadedAt), notifiedAt: iso(r.notifiedAt),
    fetchedAt: iso(r.fetchedAt), settledAt: iso(r.settledAt), purgedAt: iso(r.purgedAt),
  };
}

export interface ExchangeServiceDeps {
  db: Db;
  temporal: Client;
  taskQueue?: string;
  masterKey?: MasterKey;
  olderMasterKeys?: readonly MasterKey[];
  audit: AuditService;
  keys: KeyService;
  config?: Partial<ExchangeConfig>;
  /** Where webhooks may go (LT_EGRESS_ALLOW when absent): no private or loopback address unless allowed, no redirect followed. */
  egress?: EgressPolicy;
  log?: (line: string) => void;
  /** Called once an exchange is ready for its destination (flows with an `exchange.received` event trigger start from it). Must be idempotent by exchange id. */
  onReceived?: (notice: Record<string, unknown> & { exchangeId: string; destination: string }) => Promise<void>;
}

/**
 * The data exchange service (REG 001 Đ11, DOMAIN §4.1): the API side of the eight steps, the
 * activities the exchange workflow runs, and the operators' statistics and alerts (R-13, R-14).
 * Content is stored only encrypted under a per-exchange key, and both are deleted when the exchange ends.
 */
export function createExchangeService(deps: ExchangeServiceDeps) {
  const { db, temporal, audit } = deps;
  const cfg: ExchangeConfig = { ...exchangeConfigFromEnv(), ...deps.config };
  const jsonLimit = Math.min(cfg.jsonMaxBytes, cfg.maxBytes);
  const taskQueue = deps.taskQueue ?? TASK_QUEUE;
  const egress = deps.egress ?? egressPolicyFromEnv();
  const log = deps.log ?? (() => undefined);
  const mkById = new Map([...(deps.masterKey ? [deps.masterKey] : []), ...(deps.olderMasterKeys ?? [])].map((k) => [k.id, k]));
  const mk = (): MasterKey => {
    if (!deps.masterKey) throw new Error('the exchange service needs the master key (LT_MASTER_KEY)');
    return deps.masterKey;
  };

  // --- helpers -----------------------------------------------------------------------------------

  function systemOnly(caller: Caller | null | undefined, action: string, op: string): SystemPrincipal {
    if (!isPrincipal(caller)) throw new LtError('AUTH_REQUIRED');
    if (caller.kind !== 'system') throw new LtError('EXCHANGE_SYSTEMS_ONLY', { action });
    if (caller.allowedOperations.length > 0 && !caller.allowedOperations.includes(op)) {
      throw new LtError('EXCHANGE_OPERATION_NOT_ALLOWED', { systemCode: caller.systemCode, operation: op });
    }
    return caller;
  }

  async function row(id: string): Promise<Row> {
    const [r] = await db.select().from(exchanges).where(eq(exchanges.id, id));
    if (!r) throw new LtError('EXCHANGE_NOT_FOUND', { exchangeId: id }, { field: 'exchangeId' });
    return r;
  }

  /** An exchange the caller may see: its source, its destination, or a person allowed to read the audit log of one of their agencies. */
  async function visible(caller: Caller | null | undefined, id: string): Promise<{ r: Row; p: Principal }> {
    if (!isPrincipal(caller)) throw new LtError('AUTH_REQUIRED');
    const r = await row(id);
    if (caller.kind === 'system') {
      if (r.sourceSystem === caller.systemCode || r.destinationSystem === caller.systemCode) return { r, p: caller };
    } else if (can(caller, 'audit.read', r.sourceAgency) || (r.destinationAgency !== null && can(caller, 'audit.read', r.destinationAgency))) {
      return { r, p: caller };
    }
    throw new LtError('EXCHANGE_NOT_FOUND', { exchangeId: id }, { field: 'exchangeId' });
  }

  async function event(tx: Db, exchangeId: string, status: ExchangeStatus, actor: string, code: string | null = null, detail: Record<string, unknown> = {}) {
    await tx.insert(exchangeEvents).values({ exchangeId, status, actor, code, detail });
  }

  function auditEvent(r: Pick<Row, 'id' | 'sourceSystem' | 'sourceAgency' | 'destinationSystem'>, action: string, actor: { type: 'system' | 'platform' | 'user'; id: string; agency?: string | null },
    outcome: 'ok' | 'refused' | 'failed' = 'ok', code: string | null = null, detail: Record<string, unknown> = {}) {
    void audit.record({ actorType: actor.type, actorId: actor.id, agency: actor.agency ?? r.sourceAgency, action, outcome, code,
      detail: { exchangeId: r.id, source: r.sourceSystem, destination: r.destinationSystem, ...detail } }).catch((e: unknown) => log(`audit: ${(e as Error).message}`));
  }

  /** Moves an exchange from one of `from` to `to` (the database arbitrates races); the row after, or null if it was elsewhere. */
  async function transition(id: string, from: readonly ExchangeStatus[], to: ExchangeStatus, actor: string, set: Partial<typeof exchanges.$inferInsert> = {}, code: string | null = null, detail: Record<string, unknown> = {}): Promise<Row | null> {
    return db.transaction(async (tx) => {
      const [r] = await tx.update(exchanges).set({ ...set, status: to, updatedAt: sql`now()` }).where(and(eq(exchanges.id, id), inArray(exchanges.status, [...from]))).returning();
      if (!r) return null;
      await event(tx, id, to, actor, code, detail);
      return r;
    });
  }

  /** Deletes the content and its key: every copy of the ciphertext is unreadable from now on. */
  async function shred(tx: Db, id: string): Promise<void> {
    await tx.delete(exchangeContents).where(eq(exchangeContents.exchangeId, id));
    await tx.delete(exchangeKeys).where(eq(exchangeKeys.exchangeId, id));
  }

  async function signal<T>(r: Row, def: SignalDefinition<[T]>, arg: T): Promise<void> {
    if (!r.workflowId) return;
    try {
      await temporal.workflow.getHandle(r.workflowId).signal(def, arg);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return; // already ended: nothing waits for the news
      throw err;
    }
  }

  async function contentKey(id: string): Promise<Buffer> {
    const [k] = await db.select().from(exchangeKeys).where(eq(exchangeKeys.exchangeId, id));
    if (!k) throw new LtError('EXCHANGE_KEY_MISSING', { exchangeId: id });
    const m = mkById.get(k.masterKeyId);
    if (!m) throw new Error(`exchange key ${id} is wrapped under an unknown master key`);
    return unwrapKey(k.wrappedKey, m);
  }

  /** Refuses an upload: the exchange ends `rejected` with the code, and nothing of the content is kept. */
  async function refuseUpload(r: Row, p: SystemPrincipal, err: LtError): Promise<never> {
    await db.transaction(async (tx) => {
      const [done] = await tx.update(exchanges).set({ status: 'rejected', code: err.code, settledAt: sql`now()`, purgedAt: sql`now()`, updatedAt: sql`now()` })
        .where(and(eq(exchanges.id, r.id), eq(exchanges.status, 'space_allocated'))).returning();
      if (done) await event(tx, r.id, 'rejected', p.id, err.code);
      await shred(tx, r.id);
    });
    auditEvent(r, 'exchange.upload', { type: 'system', id: p.id, agency: p.agency }, 'refused', err.code);
    await signal<ExchangeSettled>(r, exchangeSettledSignal, { status: 'rejected' }).catch(() => undefined);
    throw err;
  }

  /** What waits for a destination: urgent first, then oldest. */
  function deliverableFor(systemCode: string, limit: number): Promise<Row[]> {
    return db.select().from(exchanges)
      .where(and(eq(exchanges.destinationSystem, systemCode), inArray(exchanges.status, DELIVERABLE)))
      .orderBy(sql`case when ${exchanges.priority} = 'urgent' then 0 else 1 end`, asc(exchanges.notifiedAt), asc(exchanges.createdAt)).limit(limit);
  }

  /** Step 6: the destination has been handed the exchange (`notified` → `destination_connected`); null if it had moved on. */
  async function connect(r: Row, p: SystemPrincipal): Promise<Row | null> {
    const moved = await transition(r.id, ['notified'], 'destination_connected', p.id);
    if (moved) auditEvent(moved, 'exchange.destination_connected', { type: 'system', id: p.id, agency: p.agency });
    return moved;
  }

  /** The exchange a source may upload into now (its own, with a space allocated). */
  async function uploading(caller: Caller | null | undefined, id: string): Promise<{ p: SystemPrincipal; r: Row }> {
    const p = systemOnly(caller, 'send', EXCHANGE_OPERATIONS.send);
    const r = await row(id);
    if (r.sourceSystem !== p.systemCode) throw new LtError('EXCHANGE_NOT_FOUND', { exchangeId: id }, { field: 'exchangeId' });
    if (r.status !== 'space_allocated') throw new LtError('EXCHANGE_STATE_CONFLICT', { exchangeId: id, status: r.status, action: 'upload' });
    return { p, r };
  }

  /** The exchange policy must allow the recipient and not have expired; refused uploads end the exchange. */
  async function checkPolicy(r: Row, p: SystemPrincipal, given: UploadPolicy, at: string): Promise<{ policy: ExchangePolicy; expiresAt: Date | null }> {
    const ptr = (f: string) => (at === '/' ? `/${f}` : `${at}/${f}`);
    const allowed = given.allowedRecipients;
    if (!allowed.includes(r.destinationSystem) && !(r.destinationAgency && allowed.includes(r.destinationAgency))) {
      return refuseUpload(r, p, new LtError('EXCHANGE_POLICY_FORBIDS_RECIPIENT', { recipient: r.destinationSystem }, { pointer: ptr('allowedRecipients') }));
    }
    const expiresAt = given.expiresAt ? new Date(given.expiresAt) : null;
    if (expiresAt && !(expiresAt.getTime() > Date.now())) {
      return refuseUpload(r, p, new LtError('EXCHANGE_POLICY_EXPIRED', { expiresAt: given.expiresAt ?? '' }, { pointer: ptr('expiresAt') }));
    }
    return { policy: { allowedRecipients: allowed, expiresAt: expiresAt ? expiresAt.toISOString() : null, transformAllowed: given.transformAllowed ?? true }, expiresAt };
  }

  /** Stores checked, sealed content and moves the exchange to `uploaded`, in one transaction; then tells its workflow. */
  async function store(r: Row, p: SystemPrincipal, c: { sealed: string; size: number; hash: string; contentType: string; detected: ExchangeFormat; policy: ExchangePolicy; expiresAt: Date | null }) {
    const id = r.id;
    const done = await db.transaction(async (tx) => {
      const [u] = await tx.update(exchanges).set({ status: 'uploaded', policy: c.policy, contentType: c.contentType, size: c.size, sha256: c.hash, uploadedAt: sql`now()`, updatedAt: sql`now()`,
        // The policy may bring the deadline forward.
        ...(c.expiresAt && (!r.deadline || c.expiresAt < r.deadline) ? { deadline: c.expiresAt } : {}) })
        .where(and(eq(exchanges.id, id), eq(exchanges.status, 'space_allocated'))).returning();
      if (!u) return null;
      await tx.insert(exchangeContents).values({ exchangeId: id, ciphertext: c.sealed, contentType: c.contentType, size: c.size, sha256: c.hash });
      await event(tx, id, 'uploaded', p.id, null, { size: c.size, sha256: c.hash, detected: c.detected });
      return u;
    });
    if (!done) throw new LtError('EXCHANGE_STATE_CONFLICT', { exchangeId: id, status: (await row(id)).status, action: 'upload' });
    auditEvent(r, 'exchange.upload', { type: 'system', id: p.id, agency: p.agency }, 'ok', null, { size: c.size, sha256: c.hash });
    await signal<ExchangeUploaded>(done, exchangeUploadedSignal, { size: c.size, sha256: c.hash, expiresAt: done.deadline ? done.deadline.toISOString() : null });
    return exchangeView(done);
  }

  async function webhookKey(systemCode: string): Promise<{ accessKeyId: string; secretKey: string } | null> {
    const list = await deps.keys.list(systemCode).catch(() => []);
    const k = [...list].reverse().find((v) => v.status === 'active') ?? [...list].reverse().find((v) => v.status === 'grace');
    if (!k) return null;
    const resolved = await deps.keys.resolve(k.accessKeyId);
    return resolved ? { accessKeyId: resolved.accessKeyId, secretKey: resolved.secretKey } : null;
  }

  /** POSTs a signed notice (never content) to a system's registered URL; throws a retryable error when refused. */
  async function postWebhook(systemCode: string, url: string, eventName: string, payload: Record<string, unknown>): Promise<void> {
    const body = JSON.stringify({ event: eventName, ...payload });
    const ts = String(Math.floor(Date.now() / 1000));
    const key = await webhookKey(systemCode);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-lienthong-event': eventName, 'x-lienthong-timestamp': ts };
    if (key) { headers['x-lienthong-key-id'] = key.accessKeyId; headers['x-lienthong-signature'] = webhookSignature(key.secretKey, ts, body); }
    let res: EgressReply;
    try {
      res = await egressRequest(egress, url, { method: 'POST', headers, body, timeoutMs: 10_000 }); // a 3xx is not followed: refused below
    } catch (e) {
      if (e instanceof LtError) throw e; // EGRESS_REFUSED: the address is not allowed (any more)
      throw new LtError('EXCHANGE_WEBHOOK_UNREACHABLE', { systemCode, detail: (e as Error).name === 'TimeoutError' ? 'timeout' : 'connection failed' });
    }
    if (!res.ok) throw new LtError('EXCHANGE_WEBHOOK_REFUSED', { systemCode, status: res.status });
  }

  const notice = (r: Row) => ({ exchangeId: r.id, status: r.status, source: r.sourceSystem, destination: r.destinationSystem, priority: r.priority,
    dataType: r.dataType, subject: r.subject, size: r.deliveredSize ?? r.size, sha256: r.deliveredSha256 ?? r.sha256, deadline: iso(r.deadline), code: r.code,
    fetch: `/api/v1/exchanges/${r.id}/content` });

  // --- API side --------------------------------------------------------------------------------

  const api = {
    config: cfg,

    /** Steps 1–3: the source asks to send; the platform checks the registry and grants and allocates a space. */
    async create(caller: Caller | null | undefined, input: CreateExchangeInput) {
      const p = systemOnly(caller, 'send', EXCHANGE_OPERATIONS.send);
      // With an idempotency key the id is derived from (source, key): a retry finds the exchange it already made.
      const id = input.idempotencyKey ? `ex-${uuidShaped(sha256Hex(Buffer.from(`${p.systemCode}\n${input.idempotencyKey}`)))}` : `ex-${randomUUID()}`;
      if (input.idempotencyKey) {
        const [prior] = await db.select().from(exchanges).where(eq(exchanges.id, id));
        if (prior && prior.sourceSystem === p.systemCode) {
          if (prior.destinationSystem !== input.recipient || prior.subject !== input.subject) throw new LtError('IDEMPOTENCY_KEY_CONFLICT', { key: input.idempotencyKey }, { field: 'Idempotency-Key' });
          if (prior.status === 'rejected') throw new LtError((prior.code ?? 'EXCHANGE_RECIPIENT_UNKNOWN') as 'EXCHANGE_RECIPIENT_UNKNOWN', { systemCode: input.recipient }, { field: 'recipient' });
          return { ...exchangeView(prior), upload: { path: `/api/v1/exchanges/${id}/content`, maxBytes: cfg.maxBytes, jsonMaxBytes: jsonLimit }, pendingForYou: 0 };
        }
      }
      if (!PROTOCOLS.includes(input.protocol)) throw new LtError('REQUEST_VALIDATION_FAILED', { pointer: '/protocol', detail: `one of ${PROTOCOLS.join(', ')}` }, { pointer: '/protocol' });
      const deadline = input.deadline ? new Date(input.deadline) : null;
      if (deadline && !(deadline.getTime() > Date.now())) throw new LtError('REQUEST_VALIDATION_FAILED', { pointer: '/deadline', detail: 'must be in the future' }, { pointer: '/deadline' });
      const [dest] = await db.select().from(connectedSystems).where(eq(connectedSystems.code, input.recipient));
      const base = { id, sourceSystem: p.systemCode, sourceAgency: p.agency, destinationSystem: input.recipient, destinationAgency: dest?.agencyCode ?? null,
        subject: input.subject, priority: input.priority, dataType: input.dataType, protocol: input.protocol, declaredSize: input.size, deadline };

      let refusal: LtError | null = null;
      if (!dest) refusal = new LtError('EXCHANGE_RECIPIENT_UNKNOWN', { systemCode: input.recipient }, { field: 'recipient' });
      else if (dest.status !== 'active') refusal = new LtError('EXCHANGE_RECIPIENT_SUSPENDED', { systemCode: dest.code, status: dest.status }, { field: 'recipient' });
      else if (!p.allowedDestinations.includes('*') && !p.allowedDestinations.includes(dest.code)) {
        refusal = new LtError('EXCHANGE_RECIPIENT_NOT_ALLOWED', { systemCode: p.systemCode, recipient: dest.code }, { field: 'recipient' });
      } else if (input.size > cfg.maxBytes) refusal = new LtError('EXCHANGE_TOO_LARGE', { size: input.size, limit: cfg.maxBytes }, { field: 'size' });
      if (refusal) {
        // The refused request is kept as metadata (statistics, R-14); there is no space, key or content.
        await db.transaction(async (tx) => {
          await tx.insert(exchanges).values({ ...base, status: 'rejected', code: refusal.code, settledAt: sql`now()` });
          await event(tx, id, 'connected', p.id);
          await event(tx, id, 'rejected', 'platform', refusal.code);
        });
        auditEvent(base, 'exchange.create', { type: 'system', id: p.id, agency: p.agency }, 'refused', refusal.code);
        throw refusal;
      }

      const effectiveDeadline = deadline ?? new Date(Date.now() + cfg.defaultTtlMs);
      const workflowId = `exchange-${id}`;
      await db.transaction(async (tx) => {
        await tx.insert(exchanges).values({ ...base, status: 'space_allocated', workflowId });
        await event(tx, id, 'connected', p.id);
        await event(tx, id, 'space_allocated', 'platform', null, { maxBytes: cfg.maxBytes });
        await tx.insert(exchangeKeys).values({ exchangeId: id, wrappedKey: wrapKey(newContentKey(), mk()), masterKeyId: mk().id });
      });
      const wfInput: ExchangeWorkflowInput = { exchangeId: id, deadline: effectiveDeadline.toISOString(),
        notify: { initialIntervalMs: cfg.retryInitialMs, maximumIntervalMs: cfg.retryMaxMs, windowMs: cfg.notifyWindowMs } };
      try {
        await temporal.workflow.start(EXCHANGE_WORKFLOW, { taskQueue, workflowId, args: [wfInput] });
      } catch (err) {
        await db.transaction(async (tx) => {
          await tx.update(exchanges).set({ status: 'failed', code: 'TEMPORAL_UNAVAILABLE', settledAt: sql`now()`, purgedAt: sql`now()`, updatedAt: sql`now()` }).where(eq(exchanges.id, id));
          await event(tx, id, 'failed', 'platform', 'TEMPORAL_UNAVAILABLE');
          await shred(tx, id);
        });
        log(`exchange ${id}: workflow not started: ${(err as Error).message}`);
        throw new LtError('TEMPORAL_UNAVAILABLE', {});
      }
      auditEvent(base, 'exchange.create', { type: 'system', id: p.id, agency: p.agency }, 'ok', null, { priority: input.priority, dataType: input.dataType, declaredSize: input.size });
      const [pending] = await db.select({ n: sql<number>`count(*)::int` }).from(exchanges)
        .where(and(eq(exchanges.destinationSystem, p.systemCode), inArray(exchanges.status, DELIVERABLE)));
      return { ...exchangeView(await row(id)), upload: { path: `/api/v1/exchanges/${id}/content`, maxBytes: cfg.maxBytes, jsonMaxBytes: jsonLimit }, pendingForYou: pending?.n ?? 0 };
    },

    /** Step 4: the source uploads the content (size-limited, SHA-256 checked) and the exchange policy, as base64 or text inside JSON. */
    async upload(caller: Caller | null | undefined, id: string, input: UploadInput) {
      const { p, r } = await uploading(caller, id);
      let bytes: Buffer;
      if (typeof input.content === 'string') {
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.content) || input.content.length % 4 !== 0) {
          throw new LtError('REQUEST_VALIDATION_FAILED', { pointer: '/content', detail: 'not base64' }, { pointer: '/content' });
        }
        bytes = Buffer.from(input.content, 'base64');
      } else if (typeof input.text === 'string') bytes = Buffer.from(input.text, 'utf8');
      else throw new LtError('REQUEST_VALIDATION_FAILED', { pointer: '/content', detail: 'content (base64) or text is required' }, { pointer: '/content' });

      if (bytes.length > cfg.maxBytes) return refuseUpload(r, p, new LtError('EXCHANGE_TOO_LARGE', { size: bytes.length, limit: cfg.maxBytes }, { field: 'content' }));
      // Within the exchange's limit but too big for a JSON body: refused, and the space stays for a streamed upload.
      if (bytes.length > jsonLimit) throw new LtError('EXCHANGE_TOO_LARGE', { size: bytes.length, limit: jsonLimit }, { field: 'content' });
      if (bytes.length !== r.declaredSize) return refuseUpload(r, p, new LtError('EXCHANGE_SIZE_MISMATCH', { size: bytes.length, declared: r.declaredSize }, { field: 'content' }));
      const hash = sha256Hex(bytes);
      if (hash !== input.sha256.toLowerCase()) return refuseUpload(r, p, new LtError('EXCHANGE_CHECKSUM_MISMATCH', {}, { field: 'sha256' }));
      const policy = await checkPolicy(r, p, input.policy, '/policy');
      const format = detectFormat(bytes);
      const sealed = sealContent(bytes, await contentKey(id), id);
      return store(r, p, { sealed, size: bytes.length, hash, contentType: input.contentType ?? contentTypeOf[format], detected: format, ...policy });
    },

    /**
     * Step 4, streamed: the raw body (`PUT …/content`, `Content-Type: application/octet-stream`) is hashed and
     * encrypted under the exchange's key chunk by chunk. Refused as soon as it passes the size limit (or the
     * declared size), or when its SHA-256 is not the signed one; nothing is written until all of it has arrived
     * and checked out, and then in one transaction.
     */
    async uploadStream(caller: Caller | null | undefined, id: string, input: StreamUploadInput) {
      const { p, r } = await uploading(caller, id);
      const tooLarge = (size: number) => new LtError('EXCHANGE_TOO_LARGE', { size, limit: cfg.maxBytes }, { field: 'content' });
      const sizeMismatch = (size: number) => new LtError('EXCHANGE_SIZE_MISMATCH', { size, declared: r.declaredSize }, { field: 'content' });
      // A declared length says it all before a byte is read.
      if (typeof input.length === 'number' && input.length > cfg.maxBytes) return refuseUpload(r, p, tooLarge(input.length));
      if (typeof input.length === 'number' && input.length !== r.declaredSize) return refuseUpload(r, p, sizeMismatch(input.length));
      const policy = await checkPolicy(r, p, input.policy, '/');
      const sealer = createSealer(await contentKey(id), id);
      const hasher = createHash('sha256');
      const head: Buffer[] = [];
      let size = 0;
      for await (const chunk of input.body) {
        size += chunk.length;
        // Stop reading at once: the rest of the body is never taken in.
        if (size > cfg.maxBytes) return refuseUpload(r, p, tooLarge(size));
        if (size > r.declaredSize) return refuseUpload(r, p, sizeMismatch(size));
        hasher.update(chunk);
        sealer.update(chunk);
        if (size - chunk.length < 1024) head.push(Buffer.from(chunk.subarray(0, 1024)));
      }
      if (size !== r.declaredSize) return refuseUpload(r, p, sizeMismatch(size));
      const hash = hasher.digest('hex');
      if (hash !== input.sha256.toLowerCase()) return refuseUpload(r, p, new LtError('EXCHANGE_CHECKSUM_MISMATCH', {}, { field: 'x-amz-content-sha256' }));
      const format = sniffFormat(Buffer.concat(head).subarray(0, 1024));
      return store(r, p, { sealed: sealer.final(), size, hash, contentType: input.contentType ?? contentTypeOf[format], detected: format, ...policy });
    },

    /**
     * Step 6: the destination's inbox (urgent first, then oldest). With `waitMs` it long-polls until something
     * arrives. Listing an exchange tells the platform the destination is connected.
     */
    async inbox(caller: Caller | null | undefined, o: { waitMs?: number; limit?: number } = {}) {
      const p = systemOnly(caller, 'receive', EXCHANGE_OPERATIONS.receive);
      const limit = Math.min(Math.max(o.limit ?? 50, 1), 500);
      const until = Date.now() + Math.min(Math.max(o.waitMs ?? 0, 0), cfg.maxWaitMs);
      let rows = await deliverableFor(p.systemCode, limit);
      while (rows.length === 0 && Date.now() < until) {
        await new Promise((r) => setTimeout(r, cfg.pollIntervalMs));
        rows = await deliverableFor(p.systemCode, limit);
      }
      const out: Row[] = [];
      for (const r of rows) {
        if (r.status === 'notified') {
          const moved = await connect(r, p);
          if (moved) { out.push(moved); continue; }
        }
        out.push(r);
      }
      return out.map(exchangeView);
    },

    /**
     * Step 6 as server-sent events: everything waiting for the destination (urgent first), then each exchange as it
     * arrives, once per stream; a reconnection sends again whatever is still waiting (deduplicate by id). The stream
     * ends when the caller goes, or after `streamMaxMs` (the client reconnects, signing anew, so a revoked key stops).
     */
    async inboxEvents(caller: Caller | null | undefined, o: { signal?: AbortSignal } = {}): Promise<AsyncIterable<{ id: string; event: 'exchange.available'; data: ExchangeView }>> {
      const p = systemOnly(caller, 'receive', EXCHANGE_OPERATIONS.receive);
      const end = Date.now() + cfg.streamMaxMs;
      const sent = new Set<string>();
      async function* events() {
        while (!o.signal?.aborted && Date.now() < end) {
          for (const r of await deliverableFor(p.systemCode, 100)) {
            if (sent.has(r.id) || o.signal?.aborted) continue;
            sent.add(r.id);
            const now = r.status === 'notified' ? ((await connect(r, p)) ?? (await row(r.id))) : r;
            if (DELIVERABLE.includes(now.status)) yield { id: now.id, event: 'exchange.available' as const, data: exchangeView(now) };
          }
          await delay(Math.min(cfg.pollIntervalMs, Math.max(0, end - Date.now())), undefined, o.signal ? { signal: o.signal } : {}).catch(() => undefined);
        }
      }
      return events();
    },

    /** Step 7: the destination says it is ready; the platform answers with the space to fetch from. */
    async ready(caller: Caller | null | undefined, id: string) {
      const p = systemOnly(caller, 'receive', EXCHANGE_OPERATIONS.receive);
      let r = await row(id);
      if (r.destinationSystem !== p.systemCode) throw new LtError('EXCHANGE_NOT_FOUND', { exchangeId: id }, { field: 'exchangeId' });
      if (ENDED.includes(r.status)) throw new LtError('EXCHANGE_CONTENT_GONE', { exchangeId: id, status: r.status });
      if (r.status === 'notified') r = (await transition(id, ['notified'], 'destination_connected', p.id)) ?? (await row(id));
      if (r.status === 'destination_connected') {
        const moved = await transition(id, ['destination_connected'], 'ready', p.id);
        if (moved) auditEvent(moved, 'exchange.ready', { type: 'system', id: p.id, agency: p.agency });
        r = moved ?? (await row(id));
      }
      if (r.status !== 'ready') throw new LtError('EXCHANGE_STATE_CONFLICT', { exchangeId: id, status: r.status, action: 'get ready' });
      return { ...exchangeView(r), fetch: { path: `/api/v1/exchanges/${id}/content`, size: r.deliveredSize as number, sha256: r.deliveredSha256 as string, contentType: r.deliveredContentType as string } };
    },

    /** Step 8a: the destination fetches the content with its checksum (checked again on the way out, R-01). After the end: 410 for anyone. */
    async fetch(caller: Caller | null | undefined, id: string) {
      const { bytes, ...rest } = await api.fetchRaw(caller, id);
      return { ...rest, content: bytes.toString('base64') };
    },

    /** Step 8a with the content as raw bytes (large content is not worth base64 in JSON). */
    async fetchRaw(caller: Caller | null | undefined, id: string) {
      const { r, p } = await visible(caller, id);
      if (ENDED.includes(r.status)) throw new LtError('EXCHANGE_CONTENT_GONE', { exchangeId: id, status: r.status });
      if (p.kind !== 'system' || r.destinationSystem !== p.systemCode) throw new LtError('EXCHANGE_STATE_CONFLICT', { exchangeId: id, status: r.status, action: 'be fetched by anyone but its destination' });
      systemOnly(p, 'receive', EXCHANGE_OPERATIONS.receive);
      if (r.status !== 'ready') throw new LtError('EXCHANGE_STATE_CONFLICT', { exchangeId: id, status: r.status, action: 'be fetched before the destination is ready' });
      const [c] = await db.select().from(exchangeContents).where(eq(exchangeContents.exchangeId, id));
      if (!c) throw new LtError('EXCHANGE_CONTENT_GONE', { exchangeId: id, status: r.status });
      const bytes = openContent(c.ciphertext, await contentKey(id), id);
      const hash = sha256Hex(bytes);
      if (hash !== c.sha256) throw new LtError('EXCHANGE_CHECKSUM_MISMATCH', {}, { field: 'content' });
      await db.update(exchanges).set({ fetchedAt: sql`coalesce(${exchanges.fetchedAt}, now())`, updatedAt: sql`now()` }).where(eq(exchanges.id, id));
      auditEvent(r, 'exchange.fetch', { type: 'system', id: p.id, agency: p.agency }, 'ok', null, { size: bytes.length, sha256: hash });
      return { exchangeId: id, contentType: c.contentType, size: bytes.length, sha256: hash, bytes };
    },

    /** Step 8b: the destination confirms with the hash it computed; the content and its key are deleted at once. */
    async acknowledge(caller: Caller | null | undefined, id: string, input: { sha256: string }) {
      const p = systemOnly(caller, 'receive', EXCHANGE_OPERATIONS.receive);
      const r = await row(id);
      if (r.destinationSystem !== p.systemCode) throw new LtError('EXCHANGE_NOT_FOUND', { exchangeId: id }, { field: 'exchangeId' });
      if (r.status !== 'ready' || !r.fetchedAt) throw new LtError('EXCHANGE_STATE_CONFLICT', { exchangeId: id, status: r.status, action: 'be acknowledged before it is fetched' });
      if (input.sha256.toLowerCase() !== r.deliveredSha256) throw new LtError('EXCHANGE_ACK_CHECKSUM_MISMATCH', { exchangeId: id }, { field: 'sha256' });
      const done = await db.transaction(async (tx) => {
        const [u] = await tx.update(exchanges).set({ status: 'delivered', settledAt: sql`now()`, updatedAt: sql`now()` })
          .where(and(eq(exchanges.id, id), eq(exchanges.status, 'ready'))).returning();
        if (!u) return null;
        await event(tx, id, 'delivered', p.id, null, { sha256: input.sha256.toLowerCase() });
        await shred(tx, id);
        return u;
      });
      if (!done) throw new LtError('EXCHANGE_STATE_CONFLICT', { exchangeId: id, status: (await row(id)).status, action: 'be acknowledged' });
      auditEvent(done, 'exchange.acknowledge', { type: 'system', id: p.id, agency: p.agency }, 'ok', null, { sha256: done.deliveredSha256 });
      await signal<ExchangeSettled>(done, exchangeSettledSignal, { status: 'delivered' });
      return exchangeView(done);
    },

    /** The destination refuses the package with a reason; the content is deleted. */
    async refuse(caller: Caller | null | undefined, id: string, input: { code: string; reason: string }) {
      const p = systemOnly(caller, 'receive', EXCHANGE_OPERATIONS.receive);
      const r = await row(id);
      if (r.destinationSystem !== p.systemCode) throw new LtError('EXCHANGE_NOT_FOUND', { exchangeId: id }, { field: 'exchangeId' });
      const done = await db.transaction(async (tx) => {
        const [u] = await tx.update(exchanges).set({ status: 'refused_by_destination', code: input.code, reason: input.reason, settledAt: sql`now()`, updatedAt: sql`now()` })
          .where(and(eq(exchanges.id, id), inArray(exchanges.status, DELIVERABLE))).returning();
        if (!u) return null;
        await event(tx, id, 'refused_by_destination', p.id, input.code, { reason: input.reason });
        await shred(tx, id);
        return u;
      });
      if (!done) throw new LtError('EXCHANGE_STATE_CONFLICT', { exchangeId: id, status: r.status, action: 'be refused' });
      auditEvent(done, 'exchange.refuse', { type: 'system', id: p.id, agency: p.agency }, 'ok', input.code);
      await signal<ExchangeSettled>(done, exchangeSettledSignal, { status: 'refused_by_destination' });
      return exchangeView(done);
    },

    /** An exchange with every status it went through (for its source, its destination and auditors). */
    async get(caller: Caller | null | undefined, id: string) {
      const { r } = await visible(caller, id);
      const events = await db.select().from(exchangeEvents).where(eq(exchangeEvents.exchangeId, id)).orderBy(asc(exchangeEvents.id));
      return { ...exchangeView(r), history: events.map((e) => ({ status: e.status, at: e.at.toISOString(), actor: e.actor, code: e.code, detail: e.detail })) };
    },

    /** Exchanges the caller sent or received (a system), or of the caller's agencies (people with audit.read). */
    async list(caller: Caller | null | undefined, f: { direction?: 'sent' | 'received'; status?: ExchangeStatus; limit?: number } = {}) {
      if (!isPrincipal(caller)) throw new LtError('AUTH_REQUIRED');
      const conds: (SQL | undefined)[] = [f.status ? eq(exchanges.status, f.status) : undefined];
      if (caller.kind === 'system') {
        conds.push(f.direction === 'sent' ? eq(exchanges.sourceSystem, caller.systemCode) : f.direction === 'received' ? eq(exchanges.destinationSystem, caller.systemCode)
          : or(eq(exchanges.sourceSystem, caller.systemCode), eq(exchanges.destinationSystem, caller.systemCode)));
      } else {
        const s = scopeOf(caller, 'audit.read');
        if (!s) throw new LtError('ACCESS_FORBIDDEN', { action: 'audit.read' });
        if (!s.all) conds.push(s.agencies.length ? or(inArray(exchanges.sourceAgency, s.agencies), inArray(exchanges.destinationAgency, s.agencies)) : sql`false`);
      }
      const rows = await db.select().from(exchanges).where(and(...conds.filter((c): c is SQL => c !== undefined))).orderBy(desc(exchanges.createdAt)).limit(Math.min(f.limit ?? 100, 1000));
      return rows.map(exchangeView);
    },

    /** Data that failed to flow (R-13): expired exchanges, undeliverable notifications. */
    async alerts(caller: Caller | null | undefined, f: { limit?: number } = {}) {
      if (!isPrincipal(caller)) throw new LtError('AUTH_REQUIRED');
      let where: SQL | undefined;
      if (caller.kind === 'system') {
        where = or(eq(exchangeAlerts.systemCode, caller.systemCode),
          inArray(exchangeAlerts.exchangeId, db.select({ id: exchanges.id }).from(exchanges).where(eq(exchanges.sourceSystem, caller.systemCode))));
      } else {
        const s = scopeOf(caller, 'audit.read');
        if (!s) throw new LtError('ACCESS_FORBIDDEN', { action: 'audit.read' });
        if (!s.all) where = s.agencies.length ? inArray(exchangeAlerts.agency, s.agencies) : sql`false`;
      }
      const rows = await db.select().from(exchangeAlerts).where(where).orderBy(desc(exchangeAlerts.id)).limit(Math.min(f.limit ?? 100, 1000));
      return rows.map((a) => ({ id: a.id, at: a.at.toISOString(), kind: a.kind, exchangeId: a.exchangeId, systemCode: a.systemCode, agency: a.agency, detail: a.detail }));
    },

    /** Statistics (R-14): by source, destination, data type, status and day; last connection of each system; failed deliveries. */
    async stats(caller: Caller | null | undefined, f: { from?: string; to?: string } = {}) {
      if (!isPrincipal(caller)) throw new LtError('AUTH_REQUIRED');
      if (caller.kind === 'system') throw new LtError('EXCHANGE_SYSTEMS_ONLY', { action: 'read statistics of' });
      const s = scopeOf(caller, 'audit.read');
      if (!s) throw new LtError('ACCESS_FORBIDDEN', { action: 'audit.read' });
      const scope = s.all ? undefined : s.agencies.length ? or(inArray(exchanges.sourceAgency, s.agencies), inArray(exchanges.destinationAgency, s.agencies)) : sql`false`;
      const where = and(...[scope, f.from ? gte(exchanges.createdAt, new Date(f.from)) : undefined, f.to ? lte(exchanges.createdAt, new Date(f.to)) : undefined].filter((c): c is SQL => c !== undefined));
      const count = sql<number>`count(*)::int`;
      const bytes = sql<number>`coalesce(sum(${exchanges.size}), 0)::bigint`;
      const day = sql<string>`to_char(${exchanges.createdAt} at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')`;
      const group = async (col: SQL | AnyColumn) =>
        (await db.select({ key: sql<string>`${col}`, count, bytes }).from(exchanges).where(where).groupBy(sql`1`).orderBy(sql`1`))
          .map((g) => ({ key: g.key, count: g.count, bytes: Number(g.bytes) }));
      const [bySource, byDestination, byDataType, byStatus, byDay] = await Promise.all([
        group(exchanges.sourceSystem), group(exchanges.destinationSystem), group(exchanges.dataType), group(exchanges.status), group(day)]);
      const systems = await db.select({ code: connectedSystems.code, agency: connectedSystems.agencyCode, status: connectedSystems.status, lastSeenAt: connectedSystems.lastSeenAt })
        .from(connectedSystems).where(s.all ? undefined : s.agencies.length ? inArray(connectedSystems.agencyCode, s.agencies) : sql`false`).orderBy(asc(connectedSystems.code));
      const failed = await db.select().from(exchanges).where(and(...[where, inArray(exchanges.status, ['expired', 'failed', 'refused_by_destination'])].filter((c): c is SQL => c !== undefined)))
        .orderBy(desc(exchanges.updatedAt)).limit(200);
      const retrying = await db.select().from(exchanges).where(and(...[where, inArray(exchanges.status, DELIVERABLE), sql`${exchanges.webhookLastError} is not null`, sql`${exchanges.webhookDeliveredAt} is null`].filter((c): c is SQL => c !== undefined))).limit(200);
      return {
        bySource, byDestination, byDataType, byStatus, byDay,
        systems: systems.map((x) => ({ ...x, lastSeenAt: iso(x.lastSeenAt) })),
        failedDeliveries: [...failed, ...retrying].map((r) => ({ exchangeId: r.id, source: r.sourceSystem, destination: r.destinationSystem, status: r.status, code: r.code ?? r.webhookLastError,
          notificationAttempts: r.webhookAttempts, at: r.updatedAt.toISOString() })),
      };
    },
  };

  // --- worker side: the activities of the exchange workflow -------------------------------------

  async function alert(r: Row, kind: typeof exchangeAlerts.$inferInsert['kind'], systemCode: string, agency: string | null, detail: Record<string, unknown> = {}) {
    await db.insert(exchangeAlerts).values({ kind, exchangeId: r.id, systemCode, agency, detail: { source: r.sourceSystem, destination: r.destinationSystem, ...detail } });
    auditEvent(r, `exchange.alert.${kind}`, { type: 'platform', id: 'platform' }, 'failed', kind === 'expired' ? 'EXCHANGE_EXPIRED' : 'EXCHANGE_NOTIFICATION_FAILED', detail);
  }

  const activities = {
    /** Step 5: analyse (detect the form), convert when the policy allows, re-encrypt, and open the inbox. */
    async exchangeAnalyse(exchangeId: string): Promise<{ status: string; webhook: boolean; size: number | null; sha256: string | null }> {
      const r = await row(exchangeId);
      if (r.status !== 'uploaded') return { status: r.status, webhook: false, size: r.deliveredSize, sha256: r.deliveredSha256 };
      const [c] = await db.select().from(exchangeContents).where(eq(exchangeContents.exchangeId, exchangeId));
      if (!c) return { status: r.status, webhook: false, size: null, sha256: null };
      const key = await contentKey(exchangeId);
      const original = openContent(c.ciphertext, key, exchangeId);
      if (sha256Hex(original) !== r.sha256) throw new LtError('EXCHANGE_CHECKSUM_MISMATCH', {}, { field: 'content' });
      const from = detectFormat(original);
      let out: ReturnType<typeof convert>;
      try {
        out = convert(original, from, r.protocol as ExchangeFormat, { exchangeId, fromAgency: r.sourceAgency, toAgency: r.destinationAgency, subject: r.subject, at: r.createdAt }, r.policy?.transformAllowed ?? false);
      } catch (err) {
        if (!(err instanceof LtError)) throw err;
        const failed = await db.transaction(async (tx) => {
          const [u] = await tx.update(exchanges).set({ status: 'failed', code: err.code, reason: err.message, settledAt: sql`now()`, updatedAt: sql`now()` })
            .where(and(eq(exchanges.id, exchangeId), eq(exchanges.status, 'uploaded'))).returning();
          if (u) await event(tx, exchangeId, 'failed', 'platform', err.code, { from, to: r.protocol });
          await shred(tx, exchangeId);
          return u;
        });
        if (failed) auditEvent(failed, 'exchange.analyse', { type: 'platform', id: 'platform' }, 'failed', err.code);
        return { status: 'failed', webhook: false, size: null, sha256: null };
      }
      const deliveredType = out.transformed ? contentTypeOf[out.format] : c.contentType;
      const hash = out.transformed ? sha256Hex(out.bytes) : c.sha256;
      const [dest] = await db.select({ callbackUrl: connectedSystems.callbackUrl }).from(connectedSystems).where(eq(connectedSystems.code, r.destinationSystem));
      const done = await db.transaction(async (tx) => {
        const [u] = await tx.update(exchanges).set({ status: 'notified', deliveredContentType: deliveredType, deliveredSize: out.bytes.length, deliveredSha256: hash, transformed: out.transformed,
          notifiedAt: sql`now()`, updatedAt: sql`now()` }).where(and(eq(exchanges.id, exchangeId), eq(exchanges.status, 'uploaded'))).returning();
        if (!u) return null;
        if (out.transformed) {
          await tx.update(exchangeContents).set({ ciphertext: sealContent(out.bytes, key, exchangeId), contentType: deliveredType, size: out.bytes.length, sha256: hash })
            .where(eq(exchangeContents.exchangeId, exchangeId));
        }
        await event(tx, exchangeId, 'notified', 'platform', null, { detected: from, deliveredAs: out.format, transformed: out.transformed, size: out.bytes.length, sha256: hash,
          channels: dest?.callbackUrl ? ['inbox', 'webhook'] : ['inbox'] });
        return u;
      });
      if (!done) {
        const now = await row(exchangeId);
        // A retried attempt after the state moved: the event may not have been handed over yet (the handler is idempotent).
        if (DELIVERABLE.includes(now.status)) await deps.onReceived?.(notice(now));
        return { status: now.status, webhook: false, size: now.deliveredSize, sha256: now.deliveredSha256 };
      }
      auditEvent(done, 'exchange.notify', { type: 'platform', id: 'platform' }, 'ok', null, { transformed: out.transformed, size: out.bytes.length, sha256: hash });
      await deps.onReceived?.(notice(done));
      return { status: 'notified', webhook: !!dest?.callbackUrl, size: out.bytes.length, sha256: hash };
    },

    /** One attempt at the destination's webhook (Temporal retries it with backoff until the notification window ends). */
    async exchangeNotifyDestination(exchangeId: string): Promise<{ delivered: boolean }> {
      const r = await row(exchangeId);
      if (!DELIVERABLE.includes(r.status)) return { delivered: false };
      const [dest] = await db.select().from(connectedSystems).where(eq(connectedSystems.code, r.destinationSystem));
      if (!dest?.callbackUrl) return { delivered: false };
      const [counted] = await db.update(exchanges).set({ webhookAttempts: sql`${exchanges.webhookAttempts} + 1` }).where(eq(exchanges.id, exchangeId)).returning({ n: exchanges.webhookAttempts });
      try {
        await postWebhook(dest.code, dest.callbackUrl, 'exchange.available', notice(r));
      } catch (err) {
        const code = err instanceof LtError ? err.code : 'EXCHANGE_WEBHOOK_UNREACHABLE';
        await db.update(exchanges).set({ webhookLastError: code }).where(eq(exchanges.id, exchangeId));
        if (counted?.n === 1) await alert(r, 'notification_retrying', dest.code, dest.agencyCode, { code });
        throw err;
      }
      await db.update(exchanges).set({ webhookDeliveredAt: sql`now()`, webhookLastError: null }).where(eq(exchanges.id, exchangeId));
      auditEvent(r, 'exchange.webhook', { type: 'platform', id: 'platform' }, 'ok', null, { attempts: counted?.n ?? 1 });
      return { delivered: true };
    },

    /** The webhook could not be delivered within the window: `failed` (with an alert) unless the destination came by the inbox. */
    async exchangeNotificationFailed(exchangeId: string): Promise<{ status: string }> {
      const r = await row(exchangeId);
      const failed = await db.transaction(async (tx) => {
        const [u] = await tx.update(exchanges).set({ status: 'failed', code: 'EXCHANGE_NOTIFICATION_FAILED', settledAt: sql`now()`, updatedAt: sql`now()` })
          .where(and(eq(exchanges.id, exchangeId), eq(exchanges.status, 'notified'))).returning();
        if (u) await event(tx, exchangeId, 'failed', 'platform', 'EXCHANGE_NOTIFICATION_FAILED', { attempts: r.webhookAttempts, lastError: r.webhookLastError });
        if (u) await shred(tx, exchangeId);
        return u;
      });
      if (failed) await alert(failed, 'notification_failed', failed.destinationSystem, failed.destinationAgency, { attempts: r.webhookAttempts, lastError: r.webhookLastError });
      return { status: failed ? 'failed' : (await row(exchangeId)).status };
    },

    /** The deadline passed: `expired` unless something else ended it first; alert and escalate. */
    async exchangeExpire(exchangeId: string): Promise<{ status: string }> {
      const r = await row(exchangeId);
      const expired = await db.transaction(async (tx) => {
        const [u] = await tx.update(exchanges).set({ status: 'expired', code: 'EXCHANGE_EXPIRED', settledAt: sql`now()`, updatedAt: sql`now()` })
          .where(and(eq(exchanges.id, exchangeId), inArray(exchanges.status, ACTIVE))).returning();
        if (u) await event(tx, exchangeId, 'expired', 'platform', 'EXCHANGE_EXPIRED', { from: r.status, deadline: iso(r.deadline) });
        if (u) await shred(tx, exchangeId);
        return u;
      });
      if (expired) await alert(expired, 'expired', r.status === 'space_allocated' ? r.sourceSystem : r.destinationSystem, r.status === 'space_allocated' ? r.sourceAgency : r.destinationAgency,
        { from: r.status, deadline: iso(r.deadline) });
      return { status: expired ? 'expired' : (await row(exchangeId)).status };
    },

    /** Deletes whatever is left of the content and its key; a delivered exchange becomes `content_purged`. */
    async exchangePurge(exchangeId: string): Promise<{ status: string }> {
      const out = await db.transaction(async (tx) => {
        await shred(tx, exchangeId);
        const [u] = await tx.update(exchanges).set({ status: 'content_purged', purgedAt: sql`now()`, updatedAt: sql`now()` })
          .where(and(eq(exchanges.id, exchangeId), eq(exchanges.status, 'delivered'))).returning();
        if (u) { await event(tx, exchangeId, 'content_purged', 'platform'); return u; }
        const [other] = await tx.update(exchanges).set({ purgedAt: sql`coalesce(${exchanges.purgedAt}, now())` }).where(eq(exchanges.id, exchangeId)).returning();
        return other;
      });
      if (out) auditEvent(out, 'exchange.purge', { type: 'platform', id: 'platform' }, 'ok', null, { status: out.status });
      return { status: out?.status ?? 'unknown' };
    },

    /** Tells the source how its exchange ended (webhook, when it registered one); the status is readable through the API anyway. */
    async exchangeNotifySource(exchangeId: string): Promise<{ delivered: boolean }> {
      const r = await row(exchangeId);
      const [src] = await db.select().from(connectedSystems).where(eq(connectedSystems.code, r.sourceSystem));
      if (!src?.callbackUrl) return { delivered: false };
      await postWebhook(src.code, src.callbackUrl, 'exchange.status', notice(r));
      auditEvent(r, 'exchange.source_told', { type: 'platform', id: 'platform' }, 'ok', null, { status: r.status });
      return { delivered: true };
    },

    /** The source could not be told: alert, so an operator does (R-13). */
    async exchangeSourceNotificationFailed(exchangeId: string): Promise<void> {
      const r = await row(exchangeId);
      await alert(r, 'source_notification_failed', r.sourceSystem, r.sourceAgency, { status: r.status });
    },
  };

  return { ...api, activities };
}
export type ExchangeService = ReturnType<typeof createExchangeService>;
export type ExchangeActivitiesImpl = ExchangeService['activities'];
