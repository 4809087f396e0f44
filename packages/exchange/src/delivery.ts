import { LtError } from '@lienthong/errors';
import { egressRequest, WEBHOOK_SIGNATURE_HEADER, webhookSignature, type EgressPolicy, type EgressReply } from '@lienthong/observability';

/** The keys a connected system signs with (the services' KeyService): a webhook is signed with the receiver's own secret. */
export interface WebhookKeys {
  list(systemCode: string): Promise<readonly { accessKeyId: string; status: string }[]>;
  resolve(accessKeyId: string): Promise<{ accessKeyId: string; secretKey: string } | null>;
}

/**
 * Webhooks to connected systems: a signed notice (never content) POSTed to the system's registered URL, through the
 * egress policy (no private or loopback address unless allowed, no redirect followed).
 */
export function createDelivery(deps: { keys: WebhookKeys; egress: EgressPolicy }) {
  async function webhookKey(systemCode: string): Promise<{ accessKeyId: string; secretKey: string } | null> {
    const list = await deps.keys.list(systemCode).catch(() => []);
    const k = [...list].reverse().find((v) => v.status === 'active') ?? [...list].reverse().find((v) => v.status === 'grace');
    if (!k) return null;
    const resolved = await deps.keys.resolve(k.accessKeyId);
    return resolved ? { accessKeyId: resolved.accessKeyId, secretKey: resolved.secretKey } : null;
  }

  /** POSTs a signed notice to a system's registered URL; throws a retryable error when refused. */
  async function postWebhook(systemCode: string, url: string, eventName: string, payload: Record<string, unknown>): Promise<void> {
    const body = JSON.stringify({ event: eventName, ...payload });
    const key = await webhookKey(systemCode);
    // Signed like every outbound webhook (observability's webhook-signature.ts), with the receiver's own secret key.
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-lt-event': eventName };
    if (key) { headers['x-lt-key-id'] = key.accessKeyId; headers[WEBHOOK_SIGNATURE_HEADER] = webhookSignature(key.secretKey, body); }
    let res: EgressReply;
    try {
      res = await egressRequest(deps.egress, url, { method: 'POST', headers, body, timeoutMs: 10_000 }); // a 3xx is not followed: refused below
    } catch (e) {
      if (e instanceof LtError) throw e; // EGRESS_REFUSED: the address is not allowed (any more)
      throw new LtError('EXCHANGE_WEBHOOK_UNREACHABLE', { systemCode, detail: (e as Error).name === 'TimeoutError' ? 'timeout' : 'connection failed' });
    }
    if (!res.ok) throw new LtError('EXCHANGE_WEBHOOK_REFUSED', { systemCode, status: res.status });
  }

  return { postWebhook };
}
export type ExchangeDelivery = ReturnType<typeof createDelivery>;
