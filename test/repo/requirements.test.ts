import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Code comments cite regulatory requirements (`R-13`) and sections of the domain reference (`DOMAIN §4.1`); a newcomer
// must find each one inside the repository, in docs/requirements.md.
const root = fileURLToPath(new URL('../..', import.meta.url));
const PAGE = 'docs/requirements.md';
const SCANNED = ['apps', 'packages', 'test', 'bench', 'docs', 'examples', 'README.md'];
const SKIP = /(^|\/)(node_modules|dist|fixtures|results|\.turbo)(\/|$)/;
const TEXT = /\.(ts|tsx|js|mjs|md|json)$/;

function files(path: string): string[] {
  const rel = relative(root, path);
  if (SKIP.test(rel) || rel === PAGE) return [];
  if (statSync(path).isDirectory()) return readdirSync(path).flatMap((name) => files(join(path, name)));
  return TEXT.test(path) ? [path] : [];
}

/** Every citation with the files citing it. */
function citations(pattern: RegExp, normalise: (m: RegExpExecArray) => string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of SCANNED.flatMap((p) => files(join(root, p)))) {
    for (const m of readFileSync(file, 'utf8').matchAll(pattern)) {
      const id = normalise(m);
      found.set(id, [...(found.get(id) ?? []), relative(root, file)]);
    }
  }
  return found;
}

const page = readFileSync(join(root, PAGE), 'utf8');
/** The ids the page defines: the first cell of its table rows. */
const defined = new Set([...page.matchAll(/^\| (R-\d+[a-z]?|§[\d.]+) \|/gm)].map((m) => m[1]));

describe('docs/requirements.md', () => {
  it('lists every R-xx cited in the repository', () => {
    const cited = citations(/\bR-(\d+[a-z]?)\b/g, (m) => `R-${m[1]!.padStart(2, '0')}`);
    expect(cited.size).toBeGreaterThan(10);
    const missing = [...cited].filter(([id]) => !defined.has(id)).map(([id, where]) => `${id} (${[...new Set(where)].join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('lists every DOMAIN § section cited in the repository', () => {
    const cited = citations(/DOMAIN(?:\.md)? ?§ ?(\d+(?:\.\d+)?)/g, (m) => `§${m[1]}`);
    expect(cited.size).toBeGreaterThan(5);
    const missing = [...cited].filter(([id]) => !defined.has(id)).map(([id, where]) => `${id} (${[...new Set(where)].join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('gives each requirement its regulation and article', () => {
    const rows = page.split('\n').filter((l) => /^\| R-\d+/.test(l));
    expect(rows.length).toBeGreaterThanOrEqual(34);
    for (const row of rows) expect(row, row.slice(0, 12)).toMatch(/\| 00[0-4] Đ\d+[^|]*\|$/);
  });
});
