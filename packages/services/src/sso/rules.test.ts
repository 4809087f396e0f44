import { describe, expect, it } from 'vitest';
import type { LtError } from '@lienthong/errors';
import { checkRules, grantsFromClaims, type ClaimRule } from './rules.js';

const rule = (r: Partial<ClaimRule>): ClaimRule => ({ claim: 'groups', value: null, role: 'operator', agency: null, agencyClaim: null, ...r });

describe('claim rules → roles', () => {
  it('matches a list claim by membership and a string claim by equality; null value means present', () => {
    const rules = [rule({ value: 'ops', role: 'operator' }), rule({ claim: 'title', value: 'Kiểm toán viên', role: 'auditor' }), rule({ claim: 'employee', role: 'officer', agency: 'UBND' })];
    expect(grantsFromClaims(rules, { groups: ['staff', 'ops'], title: 'Kiểm toán viên', employee: true })).toEqual([{ role: 'operator' }, { role: 'auditor' }, { role: 'officer', agency: 'UBND' }]);
    expect(grantsFromClaims(rules, { groups: 'ops-x', title: 'kiểm toán viên', employee: '' })).toEqual([]);
  });

  it('a rule whose agency claim is missing grants nothing, never a platform-wide role', () => {
    const rules = [rule({ value: 'ops', agencyClaim: 'ou' })];
    expect(grantsFromClaims(rules, { groups: ['ops'] })).toEqual([]);
    expect(grantsFromClaims(rules, { groups: ['ops'], ou: ['STNMT', 'SYT'] })).toEqual([{ role: 'operator', agency: 'STNMT' }]);
  });

  it('keeps the first agency when rules would grant two (one agency per account), and drops duplicates', () => {
    const rules = [rule({ role: 'operator', agency: 'A' }), rule({ role: 'officer', agency: 'B' }), rule({ role: 'operator', agency: 'A' }), rule({ role: 'officer', agency: 'A' })];
    expect(grantsFromClaims(rules, { groups: ['x'] })).toEqual([{ role: 'operator', agency: 'A' }, { role: 'officer', agency: 'A' }]);
  });

  it('refuses rules an admin could not mean, with the pointer of the field', () => {
    const where = (rules: ClaimRule[]) => { try { checkRules(rules); return null; } catch (e) { return [(e as LtError).code, (e as LtError).where.pointer]; } };
    expect(where([rule({}), rule({ claim: 'bad claim' })])).toEqual(['SSO_RULE_INVALID', '/rules/1/claim']);
    expect(where([rule({ role: 'root' as never })])).toEqual(['SSO_RULE_INVALID', '/rules/0/role']);
    expect(where([rule({ agency: 'A', agencyClaim: 'ou' })])).toEqual(['SSO_RULE_INVALID', '/rules/0/agency']);
    expect(where([rule({ role: 'agency-viewer' })])).toEqual(['SSO_RULE_INVALID', '/rules/0/agency']);
    expect(where([rule({ role: 'agency-viewer', agencyClaim: 'ou' })])).toBeNull();
  });
});
