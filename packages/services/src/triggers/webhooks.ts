import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { LtError } from '@lienthong/errors';
import { evaluate } from '@lienthong/flow';
import { decryptJson, encryptJson, triggerWebhooks, type Db, type MasterKey } from '@lienthong/db';
import { verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from '@lienthong/observability';
import type { AuditService } from '../audit.js';
import type { FlowService } from '../flows.js';
import type { RequestLimits } from '../request-limits.js';
import type { RunService, StartRunResult } from '../runs.js';

/** Where a flow's webhook is delivered (under the API's /api/v1). */
export const INBOUND_WEBHOOK_PREFIX = '/hooks/';
/** The sender's id of one delivery: the same id delivered again starts nothing new. */
export const DELIVERY_HEADER = 'x-lt-delivery';
/** How old a signature's timestamp may be (either way), as our outbound webhooks' receivers are told. */
export const WEBHOOK_TOLERANCE_S = 300;
const DELIVERY_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const WEBHOOK_ACTOR = 'system:webhook';

export interface InboundWebhookDeps {
  db: Db;
  flows: FlowService;
  runs: RunService;
  audit: AuditService;
  requestLimits: RequestLimits;
  masterKey?: MasterKey;
  olderMasterKeys?: readonly MasterKey[];
}

export interface InboundDelivery {
  flowKey: string;
  /** The raw body, byte for byte as signed. */
  body: Buffer;
  signature: string | undefined;
  deliveryId: string | undefined;
  ip?: string | null;
}

/**
 * Inbound webhooks, for systems that cannot sign SigV4: each flow whose trigger is `webhook` gets a URL and an HMAC
 * secret, and a delivery is signed as our own outbound webhooks are (x-lt-signature: t=…,v1=HMAC-SHA256(secret,
 * "t.body")). Refused unless the signature is good and recent; a signature seen before is a replay; the delivery id
 * is the run's idempotency key, so a sender retrying a delivery gets the first run back.
 */
export function createInboundWebhooks(d: InboundWebhookDeps) {
  const keys = [...(d.masterKey ? [d.masterKey] : []), ...(d.olderMasterKeys ?? [])];

  async function webhookTriggerOf(flowKey: string) {
    const v = await d.flows.get(flowKey).catch((err: unknown) => {
      if (err instanceof LtError && err.code === 'FLOW_NOT_FOUND') return null;
      throw err;
    });
    const entry = v?.plan.nodes[v.plan.entry];
    return entry?.kind === 'trigger' && entry.trigger.type === 'webhook' ? { nodeId: v?.plan.entry ?? '', trigger: entry.trigger } : null;
  }

  async function secretOf(flowKey: string): Promise<string | null> {
    const [row] = await d.db.select().from(triggerWebhooks).where(eq(triggerWebhooks.flowKey, flowKey));
    const key = keys.find((k) => k.id === row?.keyId);
    return row && key ? decryptJson<{ secret: string }>(row.secret, key).secret : null;
  }

  return {
    /** Makes the flow's webhook secret (replacing any earlier one at once). The secret is in this answer only: it is stored encrypted and never shown again. */
    async createSecret(flowKey: string, by: string) {
      if (!(await webhookTriggerOf(flowKey))) throw new LtError('TRIGGER_NOT_WEBHOOK', { flowKey }, { field: 'flowKey' });
      if (!d.masterKey) throw new LtError('INTERNAL', { ref: 'webhook-secret-without-master-key' });
      const secret = `whsec_${randomBytes(32).toString('base64url')}`;
      const row = { flowKey, secret: encryptJson({ secret }, d.masterKey), keyId: d.masterKey.id, createdBy: by, createdAt: new Date() };
      await d.db.insert(triggerWebhooks).values(row).onConflictDoUpdate({ target: triggerWebhooks.flowKey, set: row });
      await d.audit.record({ actorType: by.startsWith('system:') ? 'system' : 'user', actorId: by, action: 'triggers.webhookSecret', outcome: 'ok', flowKey, detail: { flowKey } });
      return { flowKey, secret, path: `${INBOUND_WEBHOOK_PREFIX}${flowKey}`, signatureHeader: WEBHOOK_SIGNATURE_HEADER, deliveryHeader: DELIVERY_HEADER, createdAt: row.createdAt };
    },

    /** Whether the flow has a webhook secret, and since when (never the secret). */
    async describe(flowKey: string): Promise<{ hasSecret: boolean; createdAt?: Date }> {
      const [row] = await d.db.select({ createdAt: triggerWebhooks.createdAt }).from(triggerWebhooks).where(eq(triggerWebhooks.flowKey, flowKey));
      return row ? { hasSecret: true, createdAt: row.createdAt } : { hasSecret: false };
    },

    /** One delivery: checked (signature, replay, delivery id, body), then the run is started once per delivery id. */
    async deliver(x: InboundDelivery): Promise<StartRunResult> {
      const refuse = async (err: LtError): Promise<never> => {
        await d.audit.record({ actorType: 'anonymous', actorId: WEBHOOK_ACTOR, action: 'triggers.webhookDeliver', outcome: 'refused', status: err.status, code: err.code, flowKey: x.flowKey, ip: x.ip ?? null });
        throw err;
      };
      const trigger = await webhookTriggerOf(x.flowKey);
      const secret = trigger ? await secretOf(x.flowKey) : null;
      if (!trigger || !secret) return refuse(new LtError('TRIGGER_WEBHOOK_NOT_FOUND', { flowKey: x.flowKey }));
      const text = x.body.toString('utf8');
      if (!verifyWebhookSignature(secret, text, x.signature, { toleranceS: WEBHOOK_TOLERANCE_S })) {
        return refuse(new LtError('TRIGGER_WEBHOOK_SIGNATURE_INVALID', { toleranceS: WEBHOOK_TOLERANCE_S }, { field: WEBHOOK_SIGNATURE_HEADER }));
      }
      if (!x.deliveryId || !DELIVERY_ID.test(x.deliveryId)) return refuse(new LtError('TRIGGER_WEBHOOK_DELIVERY_ID', {}, { field: DELIVERY_HEADER }));
      let body: unknown;
      try { body = JSON.parse(text); } catch { body = undefined; }
      if (!body || typeof body !== 'object' || Array.isArray(body)) return refuse(new LtError('TRIGGER_WEBHOOK_BODY_INVALID', {}, { pointer: '' }));
      // Claimed only once the request proved it holds the secret: noise cannot fill the store. Kept past both ends of the window.
      const now = Date.now();
      if (!(await d.requestLimits.claimSignature(`hook:${x.flowKey}:${x.signature ?? ''}`, now, 2 * WEBHOOK_TOLERANCE_S * 1000))) {
        return refuse(new LtError('TRIGGER_WEBHOOK_REPLAYED', {}, { field: WEBHOOK_SIGNATURE_HEADER }));
      }
      const input = trigger.trigger.input
        ? await evaluate(trigger.trigger.input, { input: body, nodes: {}, vars: {}, run: { id: '', flowKey: x.flowKey, version: 0, startedAt: '' } }, trigger.nodeId)
        : body;
      const r = await d.runs.start(x.flowKey, input, { trigger: 'webhook', idempotencyKey: `webhook:${x.deliveryId}`, caller: { id: WEBHOOK_ACTOR } });
      if (!r.replayed) {
        await d.audit.record({ actorType: 'system', actorId: WEBHOOK_ACTOR, action: 'runs.start', outcome: 'ok', status: 202, flowKey: x.flowKey, runId: r.runId, ip: x.ip ?? null, detail: { trigger: 'webhook', deliveryId: x.deliveryId } });
      }
      return r;
    },
  };
}
export type InboundWebhooks = ReturnType<typeof createInboundWebhooks>;
