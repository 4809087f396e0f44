import { demand, scopeOf, type Action, type Principal } from '@lienthong/services';
import type { Context } from '../trpc.js';

/** Inside a procedure: the caller, who must be allowed `action` (the gate checked already; direct tRPC callers too). */
export const need = (ctx: Context, action: Action, agency?: string | null): Principal => demand(ctx.caller, action, agency);

/** The agencies whose data `action` reaches for this caller: undefined = all. */
export function agenciesFor(p: Principal, action: Action): string[] | undefined {
  const s = scopeOf(p, action);
  return !s || s.all ? undefined : s.agencies;
}

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
