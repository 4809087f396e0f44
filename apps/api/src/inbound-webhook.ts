import type { IncomingMessage, ServerResponse } from 'node:http';
import { LtError, LtErrors } from '@lienthong/errors';
import { DELIVERY_HEADER, INBOUND_WEBHOOK_PREFIX, type Services } from '@lienthong/services';
import { WEBHOOK_SIGNATURE_HEADER } from '@lienthong/observability';
import { BodyTooLarge, MAX_BODY_BYTES, pathParam, readRawBody, REST_PREFIX, sendErrors, sendJson } from './rest/index.js';

/** POST /api/v1/hooks/{flowKey}: the inbound webhooks (packages/services triggers/webhooks.ts). */
export const INBOUND_HOOKS_PATH = `${REST_PREFIX}${INBOUND_WEBHOOK_PREFIX}`;
const FLOW_KEY = /^[a-z][a-z0-9-]{1,63}$/;

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * A delivery to a flow's inbound webhook. Not behind the access gate: the sender proves itself with the trigger's
 * HMAC signature over the raw body (it cannot sign SigV4), which the service checks before anything is read further.
 * 202 with the run it started; 200 with the same run when the delivery id was seen before.
 */
export async function serveInboundWebhook(services: Services, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  try {
    if (req.method !== 'POST') {
      throw new LtError('METHOD_NOT_ALLOWED', { method: (req.method ?? '').slice(0, 20), path: path.slice(0, 200), allow: 'POST' });
    }
    const flowKey = pathParam(path.slice(INBOUND_HOOKS_PATH.length), path);
    if (!FLOW_KEY.test(flowKey)) throw new LtError('TRIGGER_WEBHOOK_NOT_FOUND', { flowKey: flowKey.slice(0, 64) });
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) throw new BodyTooLarge();
    const body = await readRawBody(req);
    const r = await services.triggers.webhooks.deliver({ flowKey, body, signature: header(req, WEBHOOK_SIGNATURE_HEADER), deliveryId: header(req, DELIVERY_HEADER),
      ip: req.socket.remoteAddress ?? null });
    sendJson(res, r.replayed ? 200 : 202, { runId: r.runId, flowKey: r.flowKey, version: r.version, status: r.status, replayed: r.replayed });
  } catch (err) {
    if (err instanceof BodyTooLarge) return sendErrors(res, 413, [new LtError('REQUEST_TOO_LARGE', { limit: MAX_BODY_BYTES }).toJSON()], { connection: 'close' });
    if (err instanceof LtErrors) return sendErrors(res, err.errors[0]?.status ?? 400, err.errors.map((e) => e.toJSON()));
    if (err instanceof LtError) return sendErrors(res, err.status, [err.toJSON()], err.code === 'METHOD_NOT_ALLOWED' ? { allow: 'POST' } : {});
    throw err; // the server's guard answers a coded 500 without internals
  }
}
