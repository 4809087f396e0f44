import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../../apps/cli/dist/main.js', import.meta.url));

describe('npm start without any way to obtain Temporal', () => {
  it('exits 1 with one clear bilingual message listing the ways out, not a stack trace', () => {
    const empty = mkdtempSync(join(tmpdir(), 'lt-nopath-'));
    const r = spawnSync(process.execPath, [main, 'start'], {
      // No python3, no go, no temporal on PATH; an empty cache; no TEMPORAL_ADDRESS or TEMPORAL_CLI.
      env: { PATH: empty, HOME: empty, XDG_CACHE_HOME: empty, DATA_DIR: join(empty, 'data') },
      encoding: 'utf8', timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Không tìm được Temporal CLI');
    expect(r.stderr).toContain('Could not obtain the Temporal CLI');
    expect(r.stderr).toContain('TEMPORAL_ADDRESS');
    expect(r.stderr).toContain('TEMPORAL_CLI');
    expect(r.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
    expect(r.stdout).toMatch(/installing it once/);
  });
});
