import { LtError } from '@lienthong/errors';

/** Whoever calls: "system:<code>" or "user:<name>" (the services' Caller). */
export interface ExchangeCaller { id: string; agency?: string }

/** A connected system (signed request): the services' SystemPrincipal as the exchange reads it. */
export interface SystemCaller extends ExchangeCaller {
  kind: 'system';
  systemCode: string;
  agency: string;
  allowedOperations: readonly string[];
  allowedDestinations: readonly string[];
}

/** Which agencies' data an action reaches: all of them, some, or none (refused). */
export type ReadScope = { all: true } | { all: false; agencies: string[] } | null;

/** A person (login session), with the agencies whose exchanges they may read (their audit.read scope). */
export interface PersonCaller extends ExchangeCaller { kind: 'user'; readScope: ReadScope }

export type ExchangePrincipal = SystemCaller | PersonCaller;

/**
 * How the exchange learns who calls: the services' one policy function answers (packages/services/src/access.ts),
 * handed in so this package does not depend on the services that depend on it.
 */
export interface ExchangeAccess {
  /** The caller as a system or a person, or null when nobody is signed in. */
  identify(caller: ExchangeCaller | null | undefined): ExchangePrincipal | null;
}

export function principalOf(access: ExchangeAccess, caller: ExchangeCaller | null | undefined): ExchangePrincipal {
  const p = access.identify(caller);
  if (!p) throw new LtError('AUTH_REQUIRED');
  return p;
}

/** Only connected systems send and receive, each with the operation granted for its side. */
export function systemOnly(access: ExchangeAccess, caller: ExchangeCaller | null | undefined, action: string, op: string): SystemCaller {
  const p = principalOf(access, caller);
  if (p.kind !== 'system') throw new LtError('EXCHANGE_SYSTEMS_ONLY', { action });
  if (p.allowedOperations.length > 0 && !p.allowedOperations.includes(op)) {
    throw new LtError('EXCHANGE_OPERATION_NOT_ALLOWED', { systemCode: p.systemCode, operation: op });
  }
  return p;
}

/** A person's read scope, refused (403) when they have none. */
export function readScopeOf(p: PersonCaller): Exclude<ReadScope, null> {
  if (!p.readScope) throw new LtError('ACCESS_FORBIDDEN', { action: 'audit.read' });
  return p.readScope;
}

/** Whether a person reaches an agency's exchanges. */
export const reaches = (p: PersonCaller, agency: string | null): boolean =>
  !!p.readScope && agency !== null && (p.readScope.all || p.readScope.agencies.includes(agency));
