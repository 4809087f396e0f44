import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { TRPCError } from '@trpc/server';
import { LtError } from '@lienthong/errors';
import { ltErrorsOf, statusOf, validationErrorsOf } from '../trpc.js';
import { sendErrors } from './http.js';
import type { Route } from './routes.js';

/** Our error shape for whatever a procedure (or the gate) threw. */
export function sendFailure(res: ServerResponse, err: unknown, route: Route, log: (line: string) => void, headers: Record<string, string> = {}): void {
  const cause = err instanceof TRPCError ? err.cause : err;
  const lt = ltErrorsOf(cause);
  if (lt) return sendErrors(res, statusOf(cause), lt, headers);
  const issues = (cause as { issues?: { path: PropertyKey[]; message: string }[] } | undefined)?.issues;
  if (err instanceof TRPCError && err.code === 'BAD_REQUEST' && Array.isArray(issues)) return sendErrors(res, 400, validationErrorsOf(issues, route.meta.bodyField), headers);
  if (err instanceof TRPCError && err.code === 'UNAUTHORIZED') return sendErrors(res, 401, [new LtError('AUTH_REQUIRED').toJSON()], headers);
  const ref = randomUUID().slice(0, 8);
  log(`internal error ref=${ref} ${route.path}: ${(err as Error).stack ?? String(err)}`);
  return sendErrors(res, 500, [new LtError('INTERNAL', { ref }).toJSON()], headers);
}
