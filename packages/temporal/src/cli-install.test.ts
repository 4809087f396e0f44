import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveTemporalCli, TemporalCliUnavailable, TEMPORAL_CLI_VERSION } from './cli-install.js';

const emptyDir = () => mkdtempSync(join(tmpdir(), 'lt-cli-'));

describe('resolving the Temporal CLI', () => {
  it('uses TEMPORAL_CLI when it names an executable', () => {
    const dir = emptyDir();
    const bin = join(dir, 'my-temporal');
    writeFileSync(bin, '#!/bin/sh\necho temporal\n');
    chmodSync(bin, 0o755);
    expect(resolveTemporalCli({ env: { TEMPORAL_CLI: bin, PATH: '' }, log: () => undefined })).toBe(bin);
  });

  it('refuses a TEMPORAL_CLI that is not executable, saying so', () => {
    expect(() => resolveTemporalCli({ env: { TEMPORAL_CLI: '/nonexistent/temporal', PATH: '' }, log: () => undefined }))
      .toThrow(/TEMPORAL_CLI=\/nonexistent\/temporal/);
  });

  it('finds a cached binary before trying to install', () => {
    const cache = emptyDir();
    // Lay out the cache as the installer would.
    const binDir = join(cache, 'lienthong', 'temporal', TEMPORAL_CLI_VERSION);
    mkdirSync(binDir, { recursive: true });
    writeFileSync(join(binDir, 'temporal'), '#!/bin/sh\n');
    chmodSync(join(binDir, 'temporal'), 0o755);
    expect(resolveTemporalCli({ env: { XDG_CACHE_HOME: cache, PATH: emptyDir() }, log: () => undefined, install: false })).toBe(join(binDir, 'temporal'));
  });

  it('with no Python, no Go and nothing cached, stops with one message listing the ways out', () => {
    const lines: string[] = [];
    let error: unknown;
    try {
      resolveTemporalCli({ env: { XDG_CACHE_HOME: emptyDir(), PATH: emptyDir() }, log: (l) => lines.push(l) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemporalCliUnavailable);
    const message = (error as Error).message;
    expect(message).toContain('TEMPORAL_ADDRESS');
    expect(message).toContain('TEMPORAL_CLI');
    expect(message).toMatch(/Python/);
    expect(message).toMatch(/Go/);
    expect(lines.join('\n')).toMatch(/No python3 on PATH/);
  });
});
