import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkAgainst } from '@lienthong/schemas';
import { describe, expect, it } from 'vitest';
import { sampleOf, stringMatching } from './sample-value.js';

const examplesDir = fileURLToPath(new URL('../../../../examples/', import.meta.url));
const flows = readdirSync(examplesDir).filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, doc: JSON.parse(readFileSync(examplesDir + f, 'utf8')) as { inputSchema?: object } }))
  .filter((f) => f.doc.inputSchema);

describe('the test-run input prefilled from the flow input schema', () => {
  it('covers the example flows that declare an input', () => {
    expect(flows.map((f) => f.file)).toContain('xac-thuc-cong-dan.json');
  });
  // checkAgainst is the platform's own ajv (2020 draft, formats): the check a real run's input meets.
  it.each(flows)('validates against the input schema of $file', ({ doc }) => {
    const checked = checkAgainst(doc.inputSchema!, sampleOf(doc.inputSchema));
    expect(checked.ok ? [] : checked.issues).toEqual([]);
  });
  it('prefers examples, default, const and enum, then builds a value that meets the constraints', () => {
    expect(sampleOf({ type: 'string', pattern: '^\\d+$', examples: ['0123'], default: '9' })).toBe('0123');
    expect(sampleOf({ type: 'string', pattern: '^\\d+$', default: '9' })).toBe('9');
    expect(sampleOf({ type: 'string', enum: ['A', 'B'] })).toBe('A');
    expect(sampleOf({ type: 'string', minLength: 8 })).toHaveLength(8);
    expect(sampleOf({ type: 'integer', exclusiveMinimum: 4 })).toBe(5);
    expect(sampleOf({ type: 'array', minItems: 2, items: { type: 'integer', minimum: 0 } })).toEqual([0, 0]);
    expect(sampleOf({ type: 'string', format: 'email' })).toMatch(/@/);
  });
  it('builds strings that match the patterns our flows use', () => {
    for (const p of ['^[0-9]{12}$', '^\\d{3}\\.\\d{2}\\.\\d{2}\\.[A-Z]\\d{2}-\\d{6}-\\d{4}$', '^\\d{4}-(0[1-9]|1[0-2])$',
      '^PAKN-\\d{4}-\\d{6}$', '^(?:[a-z]+_)?[^\\s@]+@x\\.vn$', '^\\d\\.\\d{6}(\\.\\d{3})?$', '^[^-]{2,}$']) {
      const s = stringMatching(p);
      expect(s, p).not.toBeNull();
      expect(new RegExp(p, 'u').test(s!), `${p} → ${s}`).toBe(true);
    }
    expect(stringMatching('^(a)\\1$')).toBeNull();
  });
});
