import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The worker bundles this folder and replays it: it may depend on the workflow SDK and the contracts only, never on
// the rest of the package (database, crypto, Temporal client), which would break the bundle or determinism.
describe('the exchange workflow entry', () => {
  it('imports only @temporalio/workflow, @lienthong/temporal/contracts and its own folder', () => {
    const dir = fileURLToPath(new URL('.', import.meta.url));
    const imports = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .flatMap((f) => [...readFileSync(`${dir}/${f}`, 'utf8').matchAll(/\bfrom\s+'([^']+)'/g)].map((m) => m[1] as string));
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((m) => !['@temporalio/workflow', '@lienthong/temporal/contracts'].includes(m) && !/^\.\/[\w-]+\.js$/.test(m))).toEqual([]);
  });
});
