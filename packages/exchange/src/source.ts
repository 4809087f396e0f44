import { createHash, randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { LtError } from '@lienthong/errors';
import { connectedSystems, exchangeContents, exchangeKeys, exchanges, type ExchangePolicy } from '@lienthong/db';
import {
  EXCHANGE_WORKFLOW, exchangeSettledSignal, exchangeUploadedSignal, type ExchangeSettled, type ExchangeUploaded, type ExchangeWorkflowInput,
} from '@lienthong/temporal/contracts';
import { systemOnly, type ExchangeCaller, type SystemCaller } from './access.js';
import { EXCHANGE_OPERATIONS } from './config.js';
import type { ExchangeContext } from './context.js';
import { createSealer, newContentKey, sealContent, sha256Hex, wrapKey } from './crypto.js';
import { DELIVERABLE, STEPS } from './state-machine.js';
import { contentTypeOf, detectFormat, PROTOCOLS, sniffFormat, type ExchangeFormat } from './transform.js';
import { exchangeView, type Row } from './views.js';

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

/** 32 hex digits laid out like a UUID (8-4-4-4-12), so derived ids look like the random ones. */
const uuidShaped = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;

/** The source's side, steps 1–4: ask to send, get a space, upload the content (JSON or streamed) with its policy. */
export function createSourceSide(ctx: ExchangeContext) {
  const { cfg, jsonLimit, store, access } = ctx;
  const { db } = store;

  /** Refuses an upload: the exchange ends `rejected` with the code, and nothing of the content is kept. */
  async function refuseUpload(r: Row, p: SystemCaller, err: LtError): Promise<never> {
    await db.transaction(async (tx) => {
      const [done] = await tx.update(exchanges).set({ status: STEPS.refuseUpload.to, code: err.code, settledAt: sql`now()`, purgedAt: sql`now()`, updatedAt: sql`now()` })
        .where(and(eq(exchanges.id, r.id), inArray(exchanges.status, [...STEPS.refuseUpload.from]))).returning();
      if (done) await store.event(tx, r.id, 'rejected', p.id, err.code);
      await store.shred(tx, r.id);
    });
    store.auditEvent(r, 'exchange.upload', { type: 'system', id: p.id, agency: p.agency }, 'refused', err.code);
    await store.signal<ExchangeSettled>(r, exchangeSettledSignal, { status: 'rejected' }).catch(() => undefined);
    throw err;
  }

  /** The exchange a source may upload into now (its own, with a space allocated). */
  async function uploading(caller: ExchangeCaller | null | undefined, id: string): Promise<{ p: SystemCaller; r: Row }> {
    const p = systemOnly(access, caller, 'send', EXCHANGE_OPERATIONS.send);
    const r = await store.row(id);
    if (r.sourceSystem !== p.systemCode) throw new LtError('EXCHANGE_NOT_FOUND', { exchangeId: id }, { field: 'exchangeId' });
    if (r.status !== 'space_allocated') throw new LtError('EXCHANGE_STATE_CONFLICT', { exchangeId: id, status: r.status, action: 'upload' });
    return { p, r };
  }

  /** The exchange policy must allow the recipient and not have expired; refused uploads end the exchange. */
  async function checkPolicy(r: Row, p: SystemCaller, given: UploadPolicy, at: string): Promise<{ policy: ExchangePolicy; expiresAt: Date | null }> {
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
  async function keep(r: Row, p: SystemCaller, c: { sealed: string; size: number; hash: string; contentType: string; detected: ExchangeFormat; policy: ExchangePolicy; expiresAt: Date | null }) {
    const id = r.id;
    const done = await db.transaction(async (tx) => {
      const [u] = await tx.update(exchanges).set({ status: STEPS.upload.to, policy: c.policy, contentType: c.contentType, size: c.size, sha256: c.hash, uploadedAt: sql`now()`, updatedAt: sql`now()`,
        // The policy may bring the deadline forward.
        ...(c.expiresAt && (!r.deadline || c.expiresAt < r.deadline) ? { deadline: c.expiresAt } : {}) })
        .where(and(eq(exchanges.id, id), inArray(exchanges.status, [...STEPS.upload.from]))).returning();
      if (!u) return null;
      await tx.insert(exchangeContents).values({ exchangeId: id, ciphertext: c.sealed, contentType: c.contentType, size: c.size, sha256: c.hash });
      await store.event(tx, id, 'uploaded', p.id, null, { size: c.size, sha256: c.hash, detected: c.detected });
      return u;
    });
    if (!done) throw new LtError('EXCHANGE_STATE_CONFLICT', { exchangeId: id, status: (await store.row(id)).status, action: 'upload' });
    store.auditEvent(r, 'exchange.upload', { type: 'system', id: p.id, agency: p.agency }, 'ok', null, { size: c.size, sha256: c.hash });
    await store.signal<ExchangeUploaded>(done, exchangeUploadedSignal, { size: c.size, sha256: c.hash, expiresAt: done.deadline ? done.deadline.toISOString() : null });
    return exchangeView(done);
  }

  return {
    /** Steps 1–3: the source asks to send; the platform checks the registry and grants and allocates a space. */
    async create(caller: ExchangeCaller | null | undefined, input: CreateExchangeInput) {
      const p = systemOnly(access, caller, 'send', EXCHANGE_OPERATIONS.send);
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
          await store.event(tx, id, 'connected', p.id);
          await store.event(tx, id, 'rejected', 'platform', refusal.code);
        });
        store.auditEvent(base, 'exchange.create', { type: 'system', id: p.id, agency: p.agency }, 'refused', refusal.code);
        throw refusal;
      }

      const effectiveDeadline = deadline ?? new Date(Date.now() + cfg.defaultTtlMs);
      const workflowId = `exchange-${id}`;
      await db.transaction(async (tx) => {
        await tx.insert(exchanges).values({ ...base, status: 'space_allocated', workflowId });
        await store.event(tx, id, 'connected', p.id);
        await store.event(tx, id, 'space_allocated', 'platform', null, { maxBytes: cfg.maxBytes });
        await tx.insert(exchangeKeys).values({ exchangeId: id, wrappedKey: wrapKey(newContentKey(), store.mk()), masterKeyId: store.mk().id });
      });
      const wfInput: ExchangeWorkflowInput = { exchangeId: id, deadline: effectiveDeadline.toISOString(),
        notify: { initialIntervalMs: cfg.retryInitialMs, maximumIntervalMs: cfg.retryMaxMs, windowMs: cfg.notifyWindowMs } };
      try {
        await ctx.temporal.workflow.start(EXCHANGE_WORKFLOW, { taskQueue: ctx.taskQueue, workflowId, args: [wfInput] });
      } catch (err) {
        await db.transaction(async (tx) => {
          // Not guarded by status: the space was allocated just above and nothing else knows of it yet.
          await tx.update(exchanges).set({ status: STEPS.workflowNotStarted.to, code: 'TEMPORAL_UNAVAILABLE', settledAt: sql`now()`, purgedAt: sql`now()`, updatedAt: sql`now()` }).where(eq(exchanges.id, id));
          await store.event(tx, id, 'failed', 'platform', 'TEMPORAL_UNAVAILABLE');
          await store.shred(tx, id);
        });
        ctx.log(`exchange ${id}: workflow not started: ${(err as Error).message}`);
        throw new LtError('TEMPORAL_UNAVAILABLE', {});
      }
      store.auditEvent(base, 'exchange.create', { type: 'system', id: p.id, agency: p.agency }, 'ok', null, { priority: input.priority, dataType: input.dataType, declaredSize: input.size });
      const [pending] = await db.select({ n: sql<number>`count(*)::int` }).from(exchanges)
        .where(and(eq(exchanges.destinationSystem, p.systemCode), inArray(exchanges.status, [...DELIVERABLE])));
      return { ...exchangeView(await store.row(id)), upload: { path: `/api/v1/exchanges/${id}/content`, maxBytes: cfg.maxBytes, jsonMaxBytes: jsonLimit }, pendingForYou: pending?.n ?? 0 };
    },

    /** Step 4: the source uploads the content (size-limited, SHA-256 checked) and the exchange policy, as base64 or text inside JSON. */
    async upload(caller: ExchangeCaller | null | undefined, id: string, input: UploadInput) {
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
      const sealed = sealContent(bytes, await store.contentKey(id), id);
      return keep(r, p, { sealed, size: bytes.length, hash, contentType: input.contentType ?? contentTypeOf[format], detected: format, ...policy });
    },

    /**
     * Step 4, streamed: the raw body (`PUT …/content`, `Content-Type: application/octet-stream`) is hashed and
     * encrypted under the exchange's key chunk by chunk. Refused as soon as it passes the size limit (or the
     * declared size), or when its SHA-256 is not the signed one; nothing is written until all of it has arrived
     * and checked out, and then in one transaction.
     */
    async uploadStream(caller: ExchangeCaller | null | undefined, id: string, input: StreamUploadInput) {
      const { p, r } = await uploading(caller, id);
      const tooLarge = (size: number) => new LtError('EXCHANGE_TOO_LARGE', { size, limit: cfg.maxBytes }, { field: 'content' });
      const sizeMismatch = (size: number) => new LtError('EXCHANGE_SIZE_MISMATCH', { size, declared: r.declaredSize }, { field: 'content' });
      // A declared length says it all before a byte is read.
      if (typeof input.length === 'number' && input.length > cfg.maxBytes) return refuseUpload(r, p, tooLarge(input.length));
      if (typeof input.length === 'number' && input.length !== r.declaredSize) return refuseUpload(r, p, sizeMismatch(input.length));
      const policy = await checkPolicy(r, p, input.policy, '/');
      const sealer = createSealer(await store.contentKey(id), id);
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
      return keep(r, p, { sealed: sealer.final(), size, hash, contentType: input.contentType ?? contentTypeOf[format], detected: format, ...policy });
    },
  };
}
