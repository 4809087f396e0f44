import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '@lienthong/db';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../../apps/cli/dist/main.js', import.meta.url));

/** The real `lienthong user …` and `lienthong audit verify` commands on an embedded (PGlite) data directory. */
describe('lienthong user and audit commands', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'lt-cli-'));
  const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' };
  const lt = (...args: string[]) => run(process.execPath, [cli, ...args], { env }).then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => e);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates accounts with a password printed once, lists them, and verifies then catches a tampered audit row', async () => {
    const created = await lt('user', 'create', 'kiem-toan', '--role', 'auditor', '--name', 'Kiểm toán viên');
    expect(created.code).toBe(0);
    const password = /password \(shown once\): (\S+)/.exec(created.stdout)?.[1];
    expect(password).toMatch(/.{16,}/);
    expect((await lt('user', 'create', 'xem', '--role', 'agency-viewer:000.00.53.H48')).code).toBe(0);
    const bad = await lt('user', 'create', 'xem2', '--role', 'agency-viewer');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^USER_ROLE_INVALID: /);
    const list = await lt('user', 'list');
    expect(list.stdout).toContain('kiem-toan\tactive\tauditor\tKiểm toán viên');
    expect(list.stdout).toContain('xem\tactive\tagency-viewer:000.00.53.H48');
    expect(list.stdout).not.toContain(password as string);

    const ok = await lt('audit', 'verify');
    expect([ok.code, ok.stdout]).toEqual([0, expect.stringMatching(/^OK: .*\(2 rows\)/)]);

    const db = createDb({ DATA_DIR: dataDir });
    await db.db.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
    await db.db.execute(sql`update audit_log set detail = '{"username":"someone-else"}' where seq = 1`);
    await db.close();
    const broken = await lt('audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/first broken link at seq 1 \(hash:/);
  });
});
