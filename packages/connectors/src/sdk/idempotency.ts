import { createHash } from 'node:crypto';

/**
 * The outbound idempotency key of a step. It is derived only from ConnectorCall.idempotencyKey
 * (run + node, or the node's own expression), never from the attempt number, so every retry of
 * the same step reaches the remote system as the same request and is applied once.
 * Hashing keeps run ids (which can name a dossier) out of remote logs.
 */
export function outboundKey(idempotencyKey: string, prefix = 'LT'): string {
  return `${prefix}-${createHash('sha256').update(idempotencyKey, 'utf8').digest('hex').slice(0, 32)}`;
}
