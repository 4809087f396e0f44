import { LtError } from '@lienthong/errors';
import type { RoleGrant, RoleName } from '@lienthong/db';
import { ROLES, checkGrants } from '../access.js';

/** One claim rule as an admin edits it (see the sso_claim_rules table). */
export interface ClaimRule {
  claim: string;
  /** Contains (list claim) or equals (string claim); null: the claim is present and not empty. */
  value: string | null;
  role: RoleName;
  /** A fixed agency code, or the claim naming it (`ou`); neither: the role is platform-wide. */
  agency: string | null;
  agencyClaim: string | null;
}

const CLAIM_NAME = /^[A-Za-z0-9_:.-]{1,64}$/;

/** Refuses a rule list an admin could not mean: unknown role, bad claim name, both agency sources, agency-viewer without one. */
export function checkRules(rules: readonly ClaimRule[]): void {
  rules.forEach((r, i) => {
    const bad = (detail: string, field: string) => new LtError('SSO_RULE_INVALID', { index: i + 1, detail }, { pointer: `/rules/${i}/${field}` });
    if (!CLAIM_NAME.test(r.claim)) throw bad(`claim "${r.claim}" is not a claim name`, 'claim');
    if (!ROLES.includes(r.role)) throw bad(`role "${String(r.role)}" is unknown (${ROLES.join(', ')})`, 'role');
    if (r.agency && r.agencyClaim) throw bad('a fixed agency or an agency claim, not both', 'agency');
    if (r.agencyClaim && !CLAIM_NAME.test(r.agencyClaim)) throw bad(`agency claim "${r.agencyClaim}" is not a claim name`, 'agencyClaim');
    if (r.role === 'agency-viewer' && !r.agency && !r.agencyClaim) throw bad('agency-viewer needs an agency or an agency claim', 'agency');
  });
}

function matches(claim: unknown, value: string | null): boolean {
  if (claim === undefined || claim === null || claim === '') return false;
  if (Array.isArray(claim)) return value === null ? claim.length > 0 : claim.some((c) => String(c) === value);
  return value === null || String(claim) === value;
}

function firstString(claim: unknown): string | undefined {
  const v = Array.isArray(claim) ? claim[0] : claim;
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/**
 * The roles the claims earn, in rule order, duplicates dropped. A rule whose agency claim is missing grants nothing
 * (never a platform-wide role by accident); grants that would break the one-agency rule keep only the first agency.
 */
export function grantsFromClaims(rules: readonly ClaimRule[], claims: Record<string, unknown>): RoleGrant[] {
  const out: RoleGrant[] = [];
  for (const r of rules) {
    if (!matches(claims[r.claim], r.value)) continue;
    const agency = r.agency ?? (r.agencyClaim ? firstString(claims[r.agencyClaim]) : undefined);
    if (r.agencyClaim && !agency) continue;
    const grant: RoleGrant = agency ? { role: r.role, agency } : { role: r.role };
    if (out.some((g) => g.role === grant.role && g.agency === grant.agency)) continue;
    try { checkGrants([...out, grant]); out.push(grant); } catch { /* a second agency: the first rule wins */ }
  }
  return out;
}
