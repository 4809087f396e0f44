import { LtError } from '@lienthong/errors';
import { isPrincipal, roleActions, SYSTEM_OPERATIONS, type Action, type Principal } from '@lienthong/services';
import type { Meta } from '../trpc.js';

/**
 * Who may call a procedure, derived from its declared permission (`.meta({ requires, scope, systems })`) and the
 * policy's tables (roles × actions, the operations a system may hold): the OpenAPI security schemes, the procedure
 * docs and the list of operations a connected system may be granted all come from here, never from a hand list.
 */
export interface Callers {
  /** Anyone, signed in or not. */
  anonymous: boolean;
  /** People with a login session (bearer token or the session cookie). */
  people: boolean;
  /** Connected systems (SigV4-signed): false, or the `allowedOperations` entry needed (null = any active system). */
  systems: false | { grant: string | null };
}

const peopleMay = (action: Action): boolean => Object.values(roleActions).some((actions) => actions.includes(action));

export function callersOf(meta: Meta | undefined): Callers {
  const requires = meta?.requires;
  if (!requires) return { anonymous: false, people: false, systems: false }; // closed by default
  const s = meta.systems;
  const only = s !== undefined && s !== false && s.only === true;
  const grant = s ? s.grant : undefined;
  if (requires === 'public') return { anonymous: true, people: true, systems: { grant: null } };
  if (requires === 'self') return { anonymous: false, people: !only, systems: s === false ? false : { grant: grant ?? null } };
  const systemsMay = s !== false && SYSTEM_OPERATIONS.includes(requires);
  return { anonymous: false, people: !only && peopleMay(requires), systems: systemsMay ? { grant: grant ?? requires } : false };
}

interface ProcedureLike { _def: { meta?: unknown; type?: string } }
const proceduresOf = (router: { _def: { procedures: object } }) => Object.entries(router._def.procedures as Record<string, ProcedureLike>);

export interface GrantableOperation {
  /** The value to put in a system's `allowedOperations`. */
  name: string;
  /** The tRPC procedures it grants (their REST operation ids are the same names with `_` for `.`). */
  procedures: string[];
}

/**
 * The values a system's `allowedOperations` may hold: each grant some procedure needs from a system, with the
 * procedures it opens. Procedures any active system may call (public, or about itself) need no grant. An empty
 * `allowedOperations` grants all of them.
 */
export function grantableOperations(router: { _def: { procedures: object } }): GrantableOperation[] {
  const byGrant = new Map<string, string[]>();
  for (const [name, p] of proceduresOf(router)) {
    const s = callersOf(p._def.meta as Meta | undefined).systems;
    if (s && s.grant) byGrant.set(s.grant, [...(byGrant.get(s.grant) ?? []), name]);
  }
  return [...byGrant.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, procedures]) => ({ name, procedures: procedures.sort() }));
}

/**
 * Refuses a caller of the wrong kind for the procedure, before its input is read: a person calling what only systems
 * may call, a system calling what no system may, or a system without the grant the procedure declares. `requires`
 * has been checked already (auth/policy.ts checkPermission).
 */
export function checkCallerKind(name: string, meta: Meta | undefined, caller: unknown): void {
  if (!isPrincipal(caller as Principal) || meta?.requires === 'public') return;
  const p = caller as Principal;
  const who = callersOf(meta);
  if (p.kind === 'user' && !who.people) throw new LtError('ACCESS_SYSTEMS_ONLY', { procedure: name });
  if (p.kind !== 'system') return;
  if (!who.systems) throw new LtError('ACCESS_OPERATION_NOT_ALLOWED', { systemCode: p.systemCode, operation: name });
  const grant = who.systems.grant;
  // An empty allowedOperations grants everything (as the policy and the exchange service read it).
  if (grant && p.allowedOperations.length > 0 && !p.allowedOperations.includes(grant)) {
    throw new LtError('ACCESS_OPERATION_NOT_ALLOWED', { systemCode: p.systemCode, operation: grant });
  }
}
