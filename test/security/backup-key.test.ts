import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { masterKeyFrom, restoreBackup, RestoreRefused, type BackupFile } from '@lienthong/db';
import { freshDatabase } from '../helpers/database.js';

/**
 * Issue 14: backups were encrypted with the master key that sits beside the data, so whoever copied DATA_DIR could
 * open every backup too. `lienthong backup` now seals under a passphrase (scrypt) or a key file kept elsewhere.
 */
const main = fileURLToPath(new URL('../../apps/cli/dist/main.js', import.meta.url));

describe('lienthong backup / restore under a key not stored beside the data', () => {
  let dir: string;
  const masterKey = randomBytes(32).toString('base64');
  const cli = (dataDir: string, args: string[], extra: Record<string, string> = {}) =>
    spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: join(dir, dataDir), LT_MASTER_KEY: masterKey, ...extra } });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lt-backup-key-'));
    const created = cli('a', ['user', 'create', 'kiem-toan', '--role', 'auditor']);
    expect(created.status, created.stderr).toBe(0);
  });
  afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

  it('refuses to back up without a backup key (a coded, bilingual refusal)', () => {
    const r = cli('a', ['backup', '-o', join(dir, 'none.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('BACKUP_KEY_REQUIRED');
    expect(r.stderr).toContain('LT_BACKUP_PASSPHRASE');
    expect(r.stderr).toMatch(/Bản sao lưu cần khóa riêng/);
  });

  it('a passphrase backup cannot be opened with the master key alone, nor with a wrong passphrase; the right one restores it', async () => {
    const file = join(dir, 'pass.json');
    const made = cli('a', ['backup', '-o', file], { LT_BACKUP_PASSPHRASE: 'Sở TT&TT Quảng Ngãi — sao lưu 2026' });
    expect(made.status, made.stderr).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const backup = JSON.parse(readFileSync(file, 'utf8')) as BackupFile & { kdf?: { name: string } };
    expect(backup.kdf?.name).toBe('scrypt');
    expect(backup.keyId).not.toBe(masterKeyFrom(masterKey).id);
    expect(readFileSync(file, 'utf8')).not.toContain('kiem-toan');

    // The master key (what sits in DATA_DIR) does not open it.
    const target = await freshDatabase();
    try {
      await expect(restoreBackup(target.db, backup, [masterKeyFrom(masterKey)])).rejects.toBeInstanceOf(RestoreRefused);
      const forged = { ...backup, keyId: masterKeyFrom(masterKey).id };
      await expect(restoreBackup(target.db, forged, [masterKeyFrom(masterKey)])).rejects.toThrow();
    } finally {
      await target.close();
    }

    const wrong = cli('b', ['restore', file], { LT_BACKUP_PASSPHRASE: 'not the passphrase' });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('BACKUP_KEY_WRONG');
    expect(wrong.stderr).toMatch(/cụm mật khẩu hoặc tệp khóa sai/);
    expect(wrong.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);

    const passphraseFile = join(dir, 'passphrase.txt');
    writeFileSync(passphraseFile, 'Sở TT&TT Quảng Ngãi — sao lưu 2026\n', { mode: 0o600 });
    const restored = cli('b', ['restore', file, '--passphrase-file', passphraseFile]);
    expect(restored.status, restored.stderr).toBe(0);
    expect(cli('b', ['user', 'list']).stdout).toContain('kiem-toan');
  });

  it('a key-file backup opens only with that key file', () => {
    const keyFile = join(dir, 'backup.key');
    const otherKey = join(dir, 'other.key');
    writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    writeFileSync(otherKey, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    const file = join(dir, 'keyfile.json');
    expect(cli('a', ['backup', '-o', file, '--key-file', keyFile]).status).toBe(0);
    const wrong = cli('c', ['restore', file, '--key-file', otherKey]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('BACKUP_KEY_WRONG');
    const right = cli('c', ['restore', '--key-file', keyFile, file]);
    expect(right.status, right.stderr).toBe(0);
    expect(cli('c', ['user', 'list']).stdout).toContain('kiem-toan');
  });
});
