import { LtError } from '@lienthong/errors';
import type { RoleGrant, RoleName } from '@lienthong/db';
import type { Caller } from './runs.js';

/** What a principal may do. Each procedure declares the one it needs in `.meta({ requires })` (apps/api/src/auth/policy.ts). */
export const ACTIONS = [
  'flows.read', 'flows.publish',
  'runs.start', 'runs.read', 'runs.cancel',
  'registry.read', 'registry.write', 'registry.approve', 'keys.manage',
  'users.manage', 'credentials.manage', 'audit.read', 'audit.verify',
  'auth.session', 'auth.verify',
  'tasks.read', 'tasks.decide',
  'incidents.read', 'incidents.manage',
  'accounts.request', 'backups.read',
  'reporting.read', 'reporting.submit', 'reporting.review',
] as const;
export type Action = (typeof ACTIONS)[number];

export const ROLES: readonly RoleName[] = ['admin', 'designer', 'operator', 'auditor', 'agency-viewer', 'officer'];

/**
 * The role × action table (tested as such in test/system/agency-roles.test.ts). Human tasks: officers decide (for their
 * agency when the grant names one); admins may too; operators, auditors and agency viewers see the inboxes, never decide.
 */
export const roleActions: Record<RoleName, readonly Action[]> = {
  admin: ['flows.read', 'flows.publish', 'runs.start', 'runs.read', 'runs.cancel', 'registry.read', 'registry.write', 'registry.approve', 'keys.manage', 'users.manage', 'credentials.manage', 'audit.read', 'audit.verify', 'tasks.read', 'tasks.decide', 'accounts.request', 'backups.read', 'incidents.read', 'incidents.manage', 'reporting.read', 'reporting.submit', 'reporting.review'],
  designer: ['flows.read', 'flows.publish', 'runs.start', 'runs.read', 'registry.read'],
  operator: ['flows.read', 'runs.start', 'runs.read', 'runs.cancel', 'registry.read', 'registry.write', 'keys.manage', 'tasks.read', 'incidents.read', 'incidents.manage', 'reporting.read'],
  auditor: ['flows.read', 'runs.read', 'registry.read', 'audit.read', 'audit.verify', 'tasks.read', 'incidents.read', 'reporting.read'],
  'agency-viewer': ['flows.read', 'runs.read', 'registry.read', 'audit.read', 'tasks.read', 'incidents.read', 'reporting.read'],
  officer: ['flows.read', 'runs.read', 'tasks.read', 'tasks.decide', 'accounts.request', 'reporting.read', 'reporting.submit', 'reporting.review'],
};

/** Operations a connected system may be granted (its `allowedOperations`); the default grant is all of them. */
export const SYSTEM_OPERATIONS: readonly Action[] = ['flows.read', 'runs.start', 'runs.read', 'runs.cancel', 'auth.session', 'auth.verify', 'reporting.read', 'reporting.submit'];

/** An authenticated caller: a connected system (signed request) or a person (login session). */
export type Principal = SystemPrincipal | UserPrincipal;

export interface SystemPrincipal extends Caller {
  kind: 'system';
  /** "system:<code>" */
  id: string;
  systemCode: string;
  agency: string;
  accessKeyId: string;
  allowedFlows: readonly string[];
  allowedOperations: readonly string[];
  allowedDestinations: readonly string[];
  rateLimitPerMinute: number;
  /** Requests in flight at once (0 = no cap). */
  maxConcurrent?: number;
}

export interface UserPrincipal extends Caller {
  kind: 'user';
  /** "user:<username>" */
  id: string;
  userId: string;
  username: string;
  displayName: string;
  roles: readonly RoleGrant[];
  /** Set when every grant of the user is limited to this one agency: runs and logs are then scoped to it. */
  agency?: string;
  /** Signed in through the province's identity provider (single sign-on): signing out ends that session too. */
  sso?: boolean;
}

export function isPrincipal(c: Caller | null | undefined): c is Principal {
  return !!c && typeof c === 'object' && ((c as Principal).kind === 'system' || (c as Principal).kind === 'user');
}

/** Which agencies' data an action reaches: all of them, some, or none (refused). */
export type Scope = { all: true } | { all: false; agencies: string[] } | null;

export function scopeOf(p: Principal, action: Action): Scope {
  if (p.kind === 'system') {
    const granted = p.allowedOperations.length === 0 ? SYSTEM_OPERATIONS : p.allowedOperations;
    if (!SYSTEM_OPERATIONS.includes(action) || !granted.includes(action)) return null;
    return action === 'flows.read' ? { all: true } : { all: false, agencies: [p.agency] };
  }
  const grants = p.roles.filter((g) => roleActions[g.role]?.includes(action));
  if (grants.length === 0) return null;
  if (grants.some((g) => !g.agency)) return { all: true };
  return { all: false, agencies: [...new Set(grants.map((g) => g.agency as string))] };
}

/**
 * Every action the principal holds for some agency or platform-wide (the console shows only what these allow; the
 * server still decides each call by `decide`). A connected system holds its granted operations.
 */
export function actionsOf(p: Principal): Action[] {
  if (p.kind === 'system') return ACTIONS.filter((a) => p.allowedOperations.includes(a));
  const held = new Set(p.roles.flatMap((g) => roleActions[g.role] ?? []));
  return ACTIONS.filter((a) => held.has(a));
}

/**
 * What the one policy answers: `allow`; `forbidden` (the caller's roles or grants lack the action: 403); `hidden` (the
 * thing belongs to an agency the caller does not reach: answered as "not found", so its existence is not revealed).
 */
export type Decision = 'allow' | 'forbidden' | 'hidden';

/**
 * The one policy function: role (or a system's grants) × action × the agency of the thing acted on.
 * `agency` undefined: no particular thing yet (a list, which is then filtered by `scopeOf`); null: a thing of no agency,
 * which only platform-wide callers reach. Tested as a table in test/security/authorization.test.ts.
 */
export function decide(p: Principal, action: Action, agency?: string | null): Decision {
  const s = scopeOf(p, action);
  if (!s) return 'forbidden';
  if (s.all || agency === undefined) return 'allow';
  return agency !== null && s.agencies.includes(agency) ? 'allow' : 'hidden';
}

export function can(p: Principal, action: Action, agency?: string | null): boolean {
  return decide(p, action, agency) === 'allow';
}

/** The caller as services see it for `action`: `agency` set to the one agency the action reaches, absent when it reaches all. */
export function scopedPrincipal<P extends Principal>(p: P, action: Action): P {
  const s = scopeOf(p, action);
  if (p.kind === 'system' || !s) return p; // a system always acts as its own agency; a refused action never gets here
  const { agency: _agency, ...rest } = p;
  return (s.all ? rest : { ...rest, agency: s.agencies[0] }) as P;
}

/** Throws the refusal a caller gets: ACCESS_OPERATION_NOT_ALLOWED for systems, ACCESS_FORBIDDEN for people. */
export function demand(p: Caller | null | undefined, action: Action, agency?: string | null): Principal {
  if (!isPrincipal(p)) throw new LtError('AUTH_REQUIRED');
  if (can(p, action, agency)) return p;
  if (p.kind === 'system') throw new LtError('ACCESS_OPERATION_NOT_ALLOWED', { systemCode: p.systemCode, operation: action });
  throw new LtError('ACCESS_FORBIDDEN', { action });
}

/** Flow grants of a system; people are checked by role only. */
export function demandFlow(p: Principal, flowKey: string): void {
  if (p.kind !== 'system') return;
  if (p.allowedFlows.includes('*') || p.allowedFlows.includes(flowKey)) return;
  throw new LtError('ACCESS_FLOW_NOT_ALLOWED', { systemCode: p.systemCode, flowKey });
}

/** Validates a user's grants: known roles; agency-viewer needs an agency; all agency-limited grants name one agency. */
export function checkGrants(grants: readonly RoleGrant[]): void {
  const agenciesNamed = new Set<string>();
  for (const g of grants) {
    if (!ROLES.includes(g.role)) throw new LtError('USER_ROLE_INVALID', { role: String(g.role), detail: `known roles: ${ROLES.join(', ')}` }, { field: 'roles' });
    if (g.role === 'agency-viewer' && !g.agency) throw new LtError('USER_ROLE_INVALID', { role: g.role, detail: 'needs an agency' }, { field: 'roles' });
    if (g.agency) agenciesNamed.add(g.agency);
  }
  if (agenciesNamed.size > 1) throw new LtError('USER_ROLE_INVALID', { role: 'agency', detail: 'agency-limited roles must all name the same agency' }, { field: 'roles' });
}
