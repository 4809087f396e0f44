import { describe, expect, it } from 'vitest';
import { parseAgencyCode } from './registry.js';

describe('agency identifier codes (DOMAIN §5.1)', () => {
  it('accepts the legacy DDD.CC.BB.Xnn form and derives the parent', () => {
    expect(parseAgencyCode('000.00.00.H48')).toMatchObject({ format: 'legacy', normalized: '000.00.00.H48', parent: null, warnings: [] });
    expect(parseAgencyCode('000.00.53.H48')).toMatchObject({ format: 'legacy', parent: '000.00.00.H48' });
    expect(parseAgencyCode('000.17.22.H56')).toMatchObject({ format: 'legacy', parent: '000.00.22.H56' });
    expect(parseAgencyCode('001.00.05.H48')?.warnings).toEqual(['skips a level']);
  });

  it('accepts the QĐ 20/2020 form, strict or with local extensions', () => {
    expect(parseAgencyCode('H56.14')).toMatchObject({ format: 'v2020', parent: 'H56', warnings: [] });
    expect(parseAgencyCode('g09.20')).toMatchObject({ format: 'v2020', normalized: 'G09.20' });
    expect(parseAgencyCode('H37.DN.001')).toMatchObject({ format: 'v2020', parent: 'H37.DN', warnings: [expect.stringMatching(/not strict/)] });
  });

  it('refuses anything else', () => {
    for (const bad of ['', 'H4', '48.H00', '000.00.00.48H', '000.0.00.H48', `H48.${'1'.repeat(40)}`, 'H48..1', 'H48-1']) expect(parseAgencyCode(bad), bad).toBeNull();
  });
});
