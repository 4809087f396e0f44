import { describe, expect, it } from 'vitest';
import { CATALOGUE_STATUSES, errorCatalogue } from './catalogue.js';

// A detail given in each language (`{detailVi}` / `{detail}`) counts as the same placeholder.
const placeholders = (text: string) => [...text.matchAll(/\{(\w+?)(?:Vi|En)?\}/g)].map((m) => m[1]).sort();

describe('the error catalogue (catalogue.json)', () => {
  it('gives every code a known status, a retry flag and non-empty vi/en messages with the same placeholders', () => {
    const codes = Object.keys(errorCatalogue);
    expect(codes.length).toBeGreaterThan(100);
    for (const [code, e] of Object.entries(errorCatalogue)) {
      expect(code, code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(Object.keys(e).sort(), code).toEqual(['en', 'retryable', 'status', 'vi']);
      expect(CATALOGUE_STATUSES, code).toContain(e.status);
      expect(typeof e.retryable, code).toBe('boolean');
      expect(e.vi.trim(), code).not.toBe('');
      expect(e.en.trim(), code).not.toBe('');
      expect(placeholders(e.en), code).toEqual(placeholders(e.vi));
    }
  });
});
