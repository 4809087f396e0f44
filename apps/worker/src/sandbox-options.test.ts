import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sandboxBundlerOptions } from './sandbox-options.js';

// The modules are preloaded by path: a renamed file must fail here, not at a worker's start.
describe('workflow sandbox options', () => {
  it('preloads the stack-capture switch and the expression runtime by default, both files that exist', () => {
    const modules = sandboxBundlerOptions({}).bundlerOptions?.preloadModules ?? [];
    expect(modules.map((m) => m.split(/[\\/]/).slice(-2).join('/'))).toEqual(['workflows/sandbox-setup.js', 'dist/runtime.js']);
    // Under vitest this module runs from src/ (the .ts beside the .js the build writes).
    for (const m of modules) expect(existsSync(m) || existsSync(m.replace(/\.js$/, '.ts')), m).toBe(true);
  });

  it('keeps the SDK stack capture when an operator asks for it (LT_WORKFLOW_STACK_TRACES=true)', () => {
    const modules = sandboxBundlerOptions({ LT_WORKFLOW_STACK_TRACES: 'true' }).bundlerOptions?.preloadModules ?? [];
    expect(modules.some((m) => m.includes('sandbox-setup'))).toBe(false);
    expect(modules.some((m) => m.endsWith('runtime.js'))).toBe(true);
  });
});
