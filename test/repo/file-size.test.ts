import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Issue 15: a newcomer reads every source file in one sitting. No hand-written file in packages/ or apps/ grows past
// 400 lines; message catalogues (one line per message, vi and en) are the exception the issue names.
const root = fileURLToPath(new URL('../..', import.meta.url));
const LIMIT = 400;
const SKIP = /(^|\/)(node_modules|dist|\.turbo|fixtures)(\/|$)/;
const SOURCE = /\.(ts|tsx|js|mjs|cjs)$/;
const CATALOGUE = /(^|\/)([\w-]+-)?messages\.ts$/;

function sources(path: string): string[] {
  const rel = relative(root, path);
  if (SKIP.test(rel)) return [];
  if (statSync(path).isDirectory()) return readdirSync(path).flatMap((name) => sources(join(path, name)));
  return SOURCE.test(path) && !path.endsWith('.d.ts') && !CATALOGUE.test(rel) ? [path] : [];
}

describe('source file size', () => {
  it(`keeps every source file in packages/ and apps/ at ${LIMIT} lines or fewer`, () => {
    const files = ['packages', 'apps'].flatMap((dir) => sources(join(root, dir)));
    expect(files.length).toBeGreaterThan(100);
    const over = files
      .map((file) => ({ file: relative(root, file), lines: readFileSync(file, 'utf8').split('\n').length - 1 }))
      .filter((f) => f.lines > LIMIT);
    expect(over).toEqual([]);
  });
});
