import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { messages } from './messages.js';
import { RUN_STATUSES, TRIGGERS } from '../console/runs/run-filter.js';

const src = fileURLToPath(new URL('..', import.meta.url));
const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
  .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []));
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('every screen speaks Vietnamese first, and English completely', () => {
  it('has each key in both languages, non-empty, with the same placeholders', () => {
    expect(Object.keys(messages.en).sort()).toEqual(Object.keys(messages.vi).sort());
    for (const [key, vi] of Object.entries(messages.vi)) {
      const en = messages.en[key as keyof typeof messages.en];
      expect(vi.trim(), key).not.toBe('');
      expect(en.trim(), key).not.toBe('');
      expect(placeholders(en), key).toEqual(placeholders(vi));
    }
  });

  it('knows every key the source asks for by name (t(...) and the catalogue keys in code)', () => {
    const asked = new Set<string>();
    for (const f of files(src)) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z]+\.[\w.]+)'/g)) asked.add(m[1] as string);
    }
    expect(asked.size).toBeGreaterThan(50);
    expect([...asked].filter((k) => !(k in messages.vi) || !(k in messages.en))).toEqual([]);
  });

  it('names each run status and trigger the run screens show', () => {
    const needed = [...RUN_STATUSES.map((s) => `status.${s}`), ...TRIGGERS.map((x) => `trigger.${x}`), 'status.waiting', 'status.succeeded'];
    expect(needed.filter((k) => !(k in messages.vi) || !(k in messages.en))).toEqual([]);
  });
});
