import { LtError } from '@lienthong/errors';
import { decide, demand, isPrincipal, scopeOf, scopedPrincipal, type Action, type Principal } from '@lienthong/services';

/**
 * What a procedure needs, declared beside it (`.meta({ requires, scope })`) and checked by one tRPC middleware
 * (trpc.ts) for tRPC and REST alike. A procedure that declares nothing is refused (closed by default), and
 * test/security/permissions-declared.test.ts fails.
 * - an Action: the caller's roles (people) or grants (systems) must include it;
 * - 'public': anyone, signed in or not (the published catalogue of flows, R-21; logging in);
 * - 'self': any signed-in caller, about itself (or a service that decides by who is calling).
 */
export type Requirement = Action | 'public' | 'self';

/**
 * Whose things a procedure touches:
 * - 'agency': things of one agency (runs, systems, keys, exchanges…): the resolver checks each one through `ctx.access`
 *   (another agency's thing is "not found"); the middleware refuses an answer when the resolver never asked;
 * - 'platform': things of the whole platform (accounts, the audit chain): agency-limited callers are refused;
 * - 'shared': things of no agency that every holder of the action may touch (published flows, operators' alerts);
 * - 'self' / 'public': the caller itself, or nobody's.
 */
export type Scope = 'agency' | 'platform' | 'shared' | 'self' | 'public';

export interface Permission {
  requires: Requirement;
  scope: Scope;
}

/** Endpoints served outside the procedures (a download, the Temporal codec), guarded at the gate. */
export const AUDIT_EXPORT_PATH = '/api/v1/audit/export';
export const endpointPermissions: Record<string, Permission> = {
  'audit.export': { requires: 'audit.read', scope: 'agency' },
  // Payloads name no run, so an agency-limited caller cannot be scoped: platform-wide admins and auditors only (codec-endpoint.ts).
  'codec.decode': { requires: 'audit.read', scope: 'platform' },
  'codec.encode': { requires: 'audit.read', scope: 'platform' },
};

/** Reads that are not worth an audit row when they succeed (failures and refusals are always recorded). */
export const quietProcedures = new Set(['flows.list', 'flows.get', 'flows.versions', 'flows.validate', 'auth.me', 'exchanges.inbox', 'exchanges.inboxEvents']);

interface ProcedureLike { _def: { meta?: unknown } }

/** Each procedure's declared permission, read from its meta (derived data: the meta is the source). */
export function permissionsOf(router: { _def: { procedures: object } }): Map<string, Permission | undefined> {
  const procs = router._def.procedures as Record<string, ProcedureLike>;
  return new Map(Object.entries(procs).map(([name, p]) => {
    const m = p._def.meta as Partial<Permission> | undefined;
    return [name, m?.requires && m.scope ? { requires: m.requires, scope: m.scope } : undefined];
  }));
}

/**
 * Checks a declared permission for a caller (the middleware and the gate's non-procedure endpoints): throws the
 * refusal, or returns. Agency scoping of single things is left to `Access` (it needs the thing).
 */
export function checkPermission(name: string, need: Permission | undefined, caller: unknown): void {
  if (!need) throw new LtError('ACCESS_NOT_DECLARED', { procedure: name });
  if (need.requires === 'public') return;
  if (!isPrincipal(caller as Principal)) throw new LtError('AUTH_REQUIRED');
  const p = caller as Principal;
  if (need.requires === 'self') return;
  demand(p, need.requires);
  if (need.scope === 'platform' && !scopeOf(p, need.requires)?.all) throw new LtError('ACCESS_FORBIDDEN', { action: `${need.requires} (platform-wide)` });
}

/**
 * The agency check of one procedure call: every read and write of an agency's thing goes through it. Each use marks the
 * call as checked; an 'agency' procedure that answers without asking is refused by the middleware (a forgotten check).
 */
export class Access {
  checked = false;
  constructor(private readonly p: Principal | null, private readonly action: Requirement) {}

  private act(action?: Action): Action | null {
    return action ?? (this.action === 'public' || this.action === 'self' ? null : this.action);
  }

  /** A 'self' or 'public' procedure names the action its agency check is about; without one there is nothing to check. */
  private needed(action?: Action): Action {
    const a = this.act(action);
    if (!a) throw new LtError('ACCESS_NOT_DECLARED', { procedure: 'an agency check without an action' });
    return a;
  }

  /** The caller, its `agency` narrowed to what `action` reaches: give this to services that scope by the caller. */
  caller(action?: Action): Principal {
    this.checked = true;
    if (!this.p) throw new LtError('AUTH_REQUIRED');
    const a = this.act(action);
    return a ? scopedPrincipal(this.p, a) : this.p;
  }

  /** The agencies `action` reaches: undefined = all of them. */
  agencies(action?: Action): string[] | undefined {
    this.checked = true;
    const a = this.needed(action);
    if (!this.p) return [];
    const s = scopeOf(this.p, a);
    return !s ? [] : s.all ? undefined : s.agencies;
  }

  /** The same as a filter for the services' list use cases (`{}` = every agency). */
  scope(action?: Action): { agencies?: string[] } {
    const only = this.agencies(action);
    return only ? { agencies: only } : {};
  }

  /** Refuses (as `notFound`, or 403 when the action itself is not granted) a thing of an agency the caller does not reach. */
  own(agency: string | null | undefined, notFound: () => LtError, action?: Action): void {
    this.checked = true;
    if (!this.p) throw new LtError('AUTH_REQUIRED');
    const a = this.needed(action);
    const d = decide(this.p, a, agency ?? null);
    if (d === 'forbidden') demand(this.p, a); // throws the caller's kind of refusal
    if (d === 'hidden') throw notFound();
  }

  /** True when the caller reaches at least one of these agencies for `action`. */
  reachesAny(agencies: readonly (string | null | undefined)[], action?: Action): boolean {
    this.checked = true;
    const a = this.needed(action);
    if (!this.p) return false;
    return agencies.some((g) => decide(this.p as Principal, a, g ?? null) === 'allow');
  }
}
