import { TRPCClientError } from '@trpc/client';
import type { AnyRouter } from '@trpc/server';

/** One error of the platform's catalogue: a stable code, a message in Vietnamese and English, and where. */
export interface LtErrorJson {
  code: string;
  message: { vi: string; en: string };
  where: Record<string, unknown>;
  params?: Record<string, unknown>;
}

/**
 * What every call of this client throws when the platform refuses or fails a request, over tRPC and REST alike:
 * `code` is the catalogue code (AUTH_REPLAY, RATE_LIMITED, RUN_NOT_FOUND…), `status` the HTTP status. It extends
 * tRPC's own error so the tRPC client passes it through unchanged.
 */
export class LtClientError extends TRPCClientError<AnyRouter> {
  readonly code: string;
  readonly status: number;
  readonly messages: { vi: string; en: string };
  readonly where: Record<string, unknown>;
  /** Every error of the answer (validation may report several). */
  readonly errors: LtErrorJson[];
  /** Seconds the platform asked to wait (429, 503), when it said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, errors: LtErrorJson[], o: { cause?: Error; retryAfter?: string | null } = {}) {
    const first = errors[0] ?? { code: 'UNEXPECTED_ANSWER', message: { vi: `Câu trả lời không như mong đợi (HTTP ${status})`, en: `Unexpected answer (HTTP ${status})` }, where: {} };
    super(`${first.code}: ${first.message.vi} / ${first.message.en}`, o.cause ? { cause: o.cause } : undefined);
    Object.setPrototypeOf(this, LtClientError.prototype); // TRPCClientError sets its own prototype
    this.name = 'LtClientError';
    this.code = first.code;
    this.status = status;
    this.messages = first.message;
    this.where = first.where;
    this.errors = errors.length ? errors : [first];
    const wait = o.retryAfter ? Number(o.retryAfter) : NaN;
    this.retryAfterSeconds = Number.isFinite(wait) ? wait : undefined;
  }
}

/** A tRPC error answer as an LtClientError when it carries catalogue errors (any other error is returned as it is). */
export function fromTrpcError(err: TRPCClientError<AnyRouter>): TRPCClientError<AnyRouter> {
  if (err instanceof LtClientError) return err;
  const data = err.data as { httpStatus?: number; errors?: LtErrorJson[] } | undefined;
  if (!data?.errors?.length) return err;
  const response = (err.meta as { response?: { headers?: { get(name: string): string | null } } } | undefined)?.response;
  return new LtClientError(data.httpStatus ?? 500, data.errors, { cause: err, retryAfter: response?.headers?.get('retry-after') ?? null });
}
