import { randomBytes, scryptSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { LtError } from '@lienthong/errors';
import { createBackup, createDb, masterKeyFrom, restoreBackup, RestoreRefused, type BackupFile, type MasterKey } from '@lienthong/db';
import { loadConfig } from '../config.js';

/**
 * A backup is encrypted under its own key, never the master key kept beside the data (whoever copies DATA_DIR must not
 * be able to open the backups too): a passphrase (LT_BACKUP_PASSPHRASE, --passphrase-file, or typed at the prompt)
 * stretched with scrypt and a random salt kept in the file, or a 32-byte key file (--key-file, base64) kept elsewhere.
 */
interface BackupKdf { name: 'scrypt'; salt: string; N: number; r: number; p: number }
type SealedBackup = BackupFile & { kdf?: BackupKdf; keySource?: 'key-file' | 'passphrase' };

const SCRYPT = { N: 1 << 15, r: 8, p: 1 } as const;

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
async function backupKey(args: string[], env: NodeJS.ProcessEnv, kdf?: BackupKdf): Promise<{ key: MasterKey; kdf?: BackupKdf; keySource: 'key-file' | 'passphrase' }> {
  const keyFile = option(args, '--key-file');
  if (keyFile) {
    try {
      return { key: masterKeyFrom(readFileSync(keyFile, 'utf8').trim()), keySource: 'key-file' };
    } catch {
      throw new LtError('BACKUP_KEY_REQUIRED', {}, { field: '--key-file' }); // unreadable, or not 32 bytes in base64
    }
  }
  const passphrase = await passphraseOf(args, env);
  if (!passphrase) throw new LtError('BACKUP_KEY_REQUIRED');
  const params = kdf ?? { name: 'scrypt' as const, salt: randomBytes(16).toString('base64'), ...SCRYPT };
  const derived = scryptSync(passphrase.normalize('NFC'), Buffer.from(params.salt, 'base64'), 32, { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r });
  return { key: masterKeyFrom(derived.toString('base64')), kdf: params, keySource: 'passphrase' };
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
    const backup: SealedBackup = { ...(await createBackup(db.db, sealed.key)), keySource: sealed.keySource, ...(sealed.kdf ? { kdf: sealed.kdf } : {}) };
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
