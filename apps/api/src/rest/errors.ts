import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { TRPCError } from '@trpc/server';
import { LtError, type LtErrorJson } from '@lienthong/errors';
import { ltErrorsOf, statusOf } from '../trpc.js';
import { sendErrors, sendJson } from './http.js';
import type { Route } from './routes.js';

/** zod issues at the boundary → our validation errors with JSON pointers into the request. */
const zodVi: Record<string, string> = {
  invalid_type: 'sai kiểu dữ liệu', too_big: 'vượt quá giới hạn', too_small: 'nhỏ hơn giới hạn', invalid_format: 'sai định dạng',
  invalid_value: 'giá trị không được phép', unrecognized_keys: 'có trường không được phép',
};

function zodIssuesToErrors(issues: readonly { path: readonly PropertyKey[]; message: string; code?: string }[], route: Route): LtErrorJson[] {
  return issues.map((i) => {
    const [head, ...rest] = i.path.map(String);
    // A field that carries the whole body is the body's root for the caller.
    const parts = head === route.meta.bodyField ? rest : [head ?? '', ...rest].filter(Boolean);
    const pointer = `/${parts.join('/')}`;
    return new LtError('REQUEST_VALIDATION_FAILED', { pointer, detail: i.message, detailVi: zodVi[i.code ?? ''] ?? 'giá trị không hợp lệ' }, { pointer, ...(head && head !== route.meta.bodyField ? { field: head } : {}) }).toJSON();
  });
}

/** Our error shape for whatever a procedure (or the gate) threw. */
export function sendFailure(res: ServerResponse, err: unknown, route: Route, log: (line: string) => void, headers: Record<string, string> = {}): void {
  const cause = err instanceof TRPCError ? err.cause : err;
  const lt = ltErrorsOf(cause);
  if (lt) return sendErrors(res, statusOf(cause), lt, headers);
  const issues = (cause as { issues?: { path: PropertyKey[]; message: string }[] } | undefined)?.issues;
  if (err instanceof TRPCError && err.code === 'BAD_REQUEST' && Array.isArray(issues)) return sendErrors(res, 400, zodIssuesToErrors(issues, route), headers);
  if (err instanceof TRPCError && err.code === 'UNAUTHORIZED') return sendJson(res, 401, { error: { code: 'AUTH_REQUIRED', message: { vi: 'Cần xác thực', en: 'Authentication required' }, where: {} } }, headers);
  const ref = randomUUID().slice(0, 8);
  log(`internal error ref=${ref} ${route.path}: ${(err as Error).stack ?? String(err)}`);
  return sendErrors(res, 500, [new LtError('INTERNAL', { ref }).toJSON()], headers);
}
