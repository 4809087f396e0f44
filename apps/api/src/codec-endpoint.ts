import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { LtError } from '@lienthong/errors';
import { isPrincipal, type Caller } from '@lienthong/services';
import { readRawBody, sendErrors, sendJson } from './rest/index.js';

export const CODEC_PREFIX = '/api/v1/codec';

/** Roles that may see decrypted payloads (personal data in run histories). Agency viewers may not. */
const MAY_DECODE = new Set(['admin', 'auditor']);

interface JsonPayload { metadata?: Record<string, string>; data?: string }

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
  data: new Uint8Array(Buffer.from(p.data ?? '', 'base64')),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

/**
 * Only platform-wide admins and auditors (a grant of no one agency) decode. The Temporal UI sends nothing but
 * `X-Namespace` and the payloads, and a payload names no run (one key encrypts them all, packages/temporal codec.ts),
 * so the agency of what is decoded cannot be told: an agency-limited auditor reads its runs' data through the runs API,
 * which checks the run's agency (docs/decisions: codec decoding is platform-wide). Every call is audited at the gate.
 */
export function mayDecode(caller: Caller | null): boolean {
  return isPrincipal(caller) && caller.kind === 'user' && caller.roles.some((g) => MAY_DECODE.has(g.role) && !g.agency);
}

/**
 * The Temporal codec-server protocol (POST /encode, /decode with `{payloads:[…]}`), so the Temporal
 * UI (started with --ui-codec-endpoint) and auditors' tools can read encrypted histories — only for
 * signed-in admins and auditors; CORS allows the Temporal UI's origin to send the session cookie.
 */
export function createCodecEndpoint(codec: PayloadCodec, authenticate: (req: IncomingMessage, body: Buffer) => Promise<Caller | null>, allowedOrigins: readonly string[]) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const origin = req.headers.origin;
    const cors: Record<string, string> = origin && allowedOrigins.includes(origin)
      ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', 'access-control-allow-headers': 'content-type, x-namespace, authorization', 'access-control-allow-methods': 'POST, OPTIONS', vary: 'Origin' }
      : {};
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      return void res.end();
    }
    const op = (req.url ?? '').split('?')[0]?.slice(CODEC_PREFIX.length);
    if (req.method !== 'POST' || (op !== '/decode' && op !== '/encode')) return sendErrors(res, 404, [new LtError('ROUTE_NOT_FOUND', { path: `${req.method ?? ''} ${req.url ?? ''}` }).toJSON()], cors);
    try {
      const body = await readRawBody(req);
      const caller = await authenticate(req, body);
      if (!caller) return sendErrors(res, 401, [new LtError('CODEC_FORBIDDEN', {}).toJSON()], cors);
      if (!mayDecode(caller)) return sendErrors(res, 403, [new LtError('CODEC_FORBIDDEN', {}).toJSON()], cors);
      let parsed: { payloads?: JsonPayload[] };
      try {
        parsed = JSON.parse(body.toString('utf8')) as { payloads?: JsonPayload[] };
      } catch {
        return sendErrors(res, 400, [new LtError('REQUEST_INVALID_JSON', {}, { pointer: '/' }).toJSON()], cors);
      }
      if (!Array.isArray(parsed.payloads)) return sendErrors(res, 400, [new LtError('REQUEST_VALIDATION_FAILED', { pointer: '/payloads', detail: 'expected an array', detailVi: 'cần một mảng' }, { pointer: '/payloads' }).toJSON()], cors);
      const payloads = parsed.payloads.map(fromJson);
      const out = op === '/decode' ? await codec.decode(payloads) : await codec.encode(payloads);
      sendJson(res, 200, { payloads: out.map(toJson) }, cors);
    } catch (err) {
      if (err instanceof LtError) return sendErrors(res, err.status, [err.toJSON()], cors);
      sendErrors(res, 400, [new LtError('REQUEST_VALIDATION_FAILED', { pointer: '/payloads', detail: 'payloads could not be processed', detailVi: 'không xử lý được payload' }, { pointer: '/payloads' }).toJSON()], cors);
    }
  };
}
