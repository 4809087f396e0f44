import type { IncomingMessage, ServerResponse } from 'node:http';
import { LtError, type LtErrorJson } from '@lienthong/errors';
import { MAX_BODY_BYTES } from '../hardening.js';

export { MAX_BODY_BYTES };

export class BodyTooLarge extends Error {}

export async function readRawBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

export interface ErrorBody {
  error: LtErrorJson;
  errors: LtErrorJson[];
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

export function sendErrors(res: ServerResponse, status: number, errors: LtErrorJson[], headers: Record<string, string> = {}): void {
  const first = errors[0] ?? new LtError('INTERNAL', { ref: 'none' }).toJSON();
  sendJson(res, status, { error: first, errors } satisfies ErrorBody, headers);
}
