import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { LtError } from '@lienthong/errors';
import { createDb, deriveBackupKey, restoreBackup, RestoreRefused, sealedBackup, type BackupKdf, type BackupKey, type MasterKey, type SealedBackup } from '@lienthong/db';
import { loadConfig } from '../config.js';

// The key and the sealing are @lienthong/db's (shared with the scheduled backups): a passphrase stretched with scrypt,
// or a 32-byte key file kept elsewhere, never the master key kept beside the data.

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Reads a passphrase from the terminal without echoing it. */
async function prompt(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const out = rl as unknown as { _writeToOutput?: (s: string) => void };
  process.stderr.write(question);
  out._writeToOutput = () => undefined;
  try {
    return await new Promise<string>((resolve) => rl.question('', resolve));
  } finally {
    rl.close();
    process.stderr.write('\n');
  }
}

async function passphraseOf(args: string[], env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const file = option(args, '--passphrase-file');
  if (file) return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  if (env.LT_BACKUP_PASSPHRASE) return env.LT_BACKUP_PASSPHRASE;
  if (process.stdin.isTTY) return prompt('Cụm mật khẩu sao lưu / backup passphrase: ');
  return undefined;
}

/** The key a backup is (to be) sealed under; `kdf` from the file when restoring, a fresh salt when backing up. */
async function backupKey(args: string[], env: NodeJS.ProcessEnv, kdf?: BackupKdf): Promise<BackupKey> {
  const keyFile = option(args, '--key-file');
  if (keyFile) {
    try {
      return deriveBackupKey({ keyFile: readFileSync(keyFile, 'utf8') });
    } catch {
      throw new LtError('BACKUP_KEY_REQUIRED', {}, { field: '--key-file' }); // unreadable, or not 32 bytes in base64
    }
  }
  const passphrase = await passphraseOf(args, env);
  if (!passphrase) throw new LtError('BACKUP_KEY_REQUIRED');
  return deriveBackupKey({ passphrase }, kdf);
}

function openDb() {
  const cfg = loadConfig();
  return { cfg, db: createDb({ ...(cfg.databaseUrl ? { DATABASE_URL: cfg.databaseUrl } : {}), DATA_DIR: cfg.dataDir }) };
}

function refuse(err: LtError, code: number): number {
  process.stderr.write(`${err.code}: ${err.messageVi} / ${err.message}\n`);
  return code;
}

/** `lienthong backup [-o file] [--key-file f | --passphrase-file f]`: an encrypted, consistent archive of the database. */
export async function backupCommand(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let sealed: Awaited<ReturnType<typeof backupKey>>;
  try {
    sealed = await backupKey(args, env);
  } catch (err) {
    if (err instanceof LtError) return refuse(err, 2);
    throw err;
  }
  const { db } = openDb();
  try {
    await db.migrate();
    const backup = await sealedBackup(db.db, sealed);
    const file = option(args, '-o') ?? `lienthong-backup-${backup.createdAt.replace(/[:.]/g, '-')}.json`;
    writeFileSync(file, JSON.stringify(backup), { mode: 0o600 });
    process.stdout.write(`Đã sao lưu / backed up ${backup.tables.length} bảng / tables → ${file}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

/** `lienthong restore <file> [--key-file f | --passphrase-file f]`: into a fresh install (migrated, empty), before `lienthong start`. */
export async function restoreCommand(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const valued = new Set(['--key-file', '--passphrase-file']);
  const file = args.find((a, i) => !a.startsWith('-') && !valued.has(args[i - 1] ?? ''));
  if (!file) {
    process.stderr.write('Cách dùng / usage: lienthong restore <backup.json> [--key-file <file> | --passphrase-file <file>]\n');
    return 2;
  }
  const backup = JSON.parse(readFileSync(file, 'utf8')) as SealedBackup;
  let key: MasterKey;
  try {
    key = (await backupKey(args, env, backup.kdf)).key;
  } catch (err) {
    if (err instanceof LtError) return refuse(err, 2);
    throw err;
  }
  // A backup sealed under another key (a wrong passphrase or key file, or an old backup under the master key).
  if (key.id !== backup.keyId) return refuse(new LtError('BACKUP_KEY_WRONG'), 1);
  const { db } = openDb();
  try {
    await db.migrate();
    const counts = await restoreBackup(db.db, backup, [key]);
    process.stdout.write(`Đã khôi phục / restored: ${Object.entries(counts).filter(([, n]) => n > 0).map(([t, n]) => `${t}=${n}`).join(', ')}\n`);
    return 0;
  } catch (err) {
    if (err instanceof RestoreRefused) {
      process.stderr.write(`Không khôi phục được / restore refused: ${err.message}\n`);
      return 1;
    }
    if ((err as Error).message?.includes('authenticate data')) return refuse(new LtError('BACKUP_KEY_WRONG'), 1);
    throw err;
  } finally {
    await db.close();
  }
}
