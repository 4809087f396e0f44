import { readFileSync, writeFileSync } from 'node:fs';
import { createBackup, createDb, masterKeyFrom, restoreBackup, RestoreRefused, type BackupFile } from '@lienthong/db';
import { loadConfig } from '../config.js';

function openDb() {
  const cfg = loadConfig();
  return { cfg, db: createDb({ ...(cfg.databaseUrl ? { DATABASE_URL: cfg.databaseUrl } : {}), DATA_DIR: cfg.dataDir }) };
}

/** `lienthong backup [-o file]`: an encrypted, consistent archive of the database. */
export async function backupCommand(args: string[]): Promise<number> {
  const { cfg, db } = openDb();
  try {
    await db.migrate();
    const backup = await createBackup(db.db, masterKeyFrom(cfg.masterKey));
    const file = args[args.indexOf('-o') + 1] && args.includes('-o') ? (args[args.indexOf('-o') + 1] as string) : `lienthong-backup-${backup.createdAt.replace(/[:.]/g, '-')}.json`;
    writeFileSync(file, JSON.stringify(backup), { mode: 0o600 });
    process.stdout.write(`Đã sao lưu / backed up ${backup.tables.length} bảng / tables → ${file}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

/** `lienthong restore <file>`: into a fresh install (migrated, empty), before `lienthong start`. */
export async function restoreCommand(args: string[]): Promise<number> {
  const file = args.find((a) => !a.startsWith('-'));
  if (!file) {
    process.stderr.write('Cách dùng / usage: lienthong restore <backup.json>\n');
    return 2;
  }
  const { cfg, db } = openDb();
  try {
    await db.migrate();
    const counts = await restoreBackup(db.db, JSON.parse(readFileSync(file, 'utf8')) as BackupFile, [masterKeyFrom(cfg.masterKey)]);
    process.stdout.write(`Đã khôi phục / restored: ${Object.entries(counts).filter(([, n]) => n > 0).map(([t, n]) => `${t}=${n}`).join(', ')}\n`);
    return 0;
  } catch (err) {
    if (err instanceof RestoreRefused) {
      process.stderr.write(`Không khôi phục được / restore refused: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await db.close();
  }
}
