import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, desc, eq } from 'drizzle-orm';
import { backups, createDb, deriveBackupKey, openingKey, restoreBackup, sealedBackup, tableCounts, type BackupKeySource, type Db, type SealedBackup } from '@lienthong/db';
import type { BackupActivities, BackupRunResult } from '@lienthong/temporal/contracts';
import { clearAlert, raiseAlert } from '@lienthong/observability';
import { backupsToPrune, type BackupRetention } from './retention.js';

export { backupsToPrune, type BackupRetention } from './retention.js';

/** Scheduled backups' settings (LT_BACKUP_*): where, under which key, how often, how many kept. */
export interface BackupConfig {
  dir: string;
  key: BackupKeySource;
  keep: BackupRetention;
  everyMs: number;
}

/** Why scheduled backups are off (no directory, or no key of their own). */
export type BackupSettings = { enabled: true; config: BackupConfig } | { enabled: false; reason: 'no-dir' | 'no-key' };

export interface BackupEnv {
  LT_BACKUP_DIR?: string | undefined;
  LT_BACKUP_KEY_FILE?: string | undefined;
  LT_BACKUP_PASSPHRASE?: string | undefined;
  LT_BACKUP_KEEP_DAILY?: string | undefined;
  LT_BACKUP_KEEP_MONTHLY?: string | undefined;
  LT_BACKUP_INTERVAL_MS?: string | undefined;
}

const positive = (v: string | undefined, fallback: number): number => (v && Number.isFinite(Number(v)) && Number(v) > 0 ? Math.floor(Number(v)) : fallback);

/** Reads LT_BACKUP_*: a directory and a key (a key file, else a passphrase) turn scheduled backups on. */
export async function backupSettingsFromEnv(env: BackupEnv): Promise<BackupSettings> {
  if (!env.LT_BACKUP_DIR) return { enabled: false, reason: 'no-dir' };
  let key: BackupKeySource | undefined;
  if (env.LT_BACKUP_KEY_FILE) key = { keyFile: await readFile(env.LT_BACKUP_KEY_FILE, 'utf8').catch(() => '') };
  else if (env.LT_BACKUP_PASSPHRASE) key = { passphrase: env.LT_BACKUP_PASSPHRASE };
  if (!key) return { enabled: false, reason: 'no-key' };
  return { enabled: true, config: { dir: env.LT_BACKUP_DIR, key,
    keep: { daily: positive(env.LT_BACKUP_KEEP_DAILY, 7), monthly: positive(env.LT_BACKUP_KEEP_MONTHLY, 12) },
    everyMs: positive(env.LT_BACKUP_INTERVAL_MS, 24 * 3_600_000) } };
}

const FILE = /^lienthong-backup-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)\.json$/;
export const backupFileName = (at: Date): string => `lienthong-backup-${at.toISOString().replace(/[:.]/g, '-')}.json`;
const atOfFile = (name: string): Date | null => {
  const m = FILE.exec(name);
  if (!m?.[1]) return null;
  const [d, t] = m[1].split('T') as [string, string];
  const [h, mi, s, ms] = t.replace('Z', '').split('-');
  return new Date(`${d}T${h}:${mi}:${s}.${ms}Z`);
};

export const BACKUP_ALERT_KEY = 'backup.failed:scheduled';

/** Restores the file into a scratch PGlite in a temporary directory and checks every table's row count. */
async function verify(file: string, key: BackupKeySource): Promise<Record<string, number>> {
  const backup = JSON.parse(await readFile(file, 'utf8')) as SealedBackup;
  const scratchDir = await mkdtemp(join(tmpdir(), 'lt-backup-verify-'));
  const scratch = createDb({ DATA_DIR: scratchDir });
  try {
    await scratch.migrate();
    await restoreBackup(scratch.db, backup, [openingKey(backup, key)]);
    const restored = await tableCounts(scratch.db);
    const expected = backup.counts ?? {};
    const differs = Object.entries(expected).filter(([t, n]) => restored[t] !== n);
    if (differs.length > 0) throw new Error(`verification restore differs: ${differs.map(([t, n]) => `${t} ${restored[t] ?? 'missing'}≠${n}`).join(', ')}`);
    return restored;
  } finally {
    await scratch.close();
    await rm(scratchDir, { recursive: true, force: true });
  }
}

/**
 * Scheduled backups (R-19): the backup schedule's activities write the encrypted backup (sealed under its own key,
 * as `lienthong backup` does) into the directory, verify it by a restore into a scratch database, prune by the
 * retention rule and record each run; a run whose attempts all failed raises the backup alert, the next success clears it.
 */
export function createBackupService(deps: { db: Db; settings: () => Promise<BackupSettings>; log?: (line: string) => void }) {
  const { db } = deps;
  const config = async (): Promise<BackupConfig> => {
    const s = await deps.settings();
    if (!s.enabled) throw new Error(`scheduled backups are off (${s.reason})`);
    return s.config;
  };

  async function record(row: typeof backups.$inferInsert): Promise<number> {
    const [r] = await db.insert(backups).values(row).returning({ id: backups.id });
    return r?.id ?? 0;
  }

  async function succeeded(when: Date): Promise<BackupRunResult | null> {
    const [b] = await db.select().from(backups).where(and(eq(backups.startedAt, when), eq(backups.outcome, 'ok'))).limit(1);
    return b ? { id: b.id, outcome: 'ok', file: b.file, pruned: b.pruned } : null;
  }

  const activities: BackupActivities = {
    async backupsRun({ at }): Promise<BackupRunResult> {
      const c = await config();
      const when = new Date(at);
      // An attempt Temporal retried after this one's timeout may have finished meanwhile: its result stands.
      const done = await succeeded(when);
      if (done) return done;
      await mkdir(c.dir, { recursive: true });
      const name = backupFileName(when);
      const path = join(c.dir, name);
      const sealed = await sealedBackup(db, deriveBackupKey(c.key), when);
      // Written beside, then renamed: a half-written file never looks like a backup.
      await writeFile(`${path}.partial`, JSON.stringify(sealed), { mode: 0o600 });
      await rename(`${path}.partial`, path);
      let counts: Record<string, number>;
      try {
        counts = await verify(path, c.key);
      } catch (err) {
        await rm(path, { force: true }); // a backup that does not restore is no backup
        throw err;
      }
      const present = (await readdir(c.dir)).flatMap((f) => { const t = atOfFile(f); return t ? [{ name: f, at: t }] : []; });
      const pruned = backupsToPrune(present, c.keep).map((f) => f.name);
      for (const f of pruned) await rm(join(c.dir, f), { force: true });
      const bytes = (await stat(path)).size;
      const again = await succeeded(when);
      if (again) return again;
      const id = await record({ startedAt: when, outcome: 'ok', file: name, bytes, counts, verifiedAt: new Date(), pruned });
      clearAlert(BACKUP_ALERT_KEY);
      deps.log?.(`backup ${name}: ${bytes} bytes, verified; pruned ${pruned.length}`);
      return { id, outcome: 'ok', file: name, pruned };
    },

    async backupsFailed({ at, error }): Promise<BackupRunResult> {
      const id = await record({ startedAt: new Date(at), outcome: 'failed', error });
      raiseAlert(BACKUP_ALERT_KEY, { severity: 'critical',
        message: { vi: `Sao lưu định kỳ không thành công: ${error}`, en: `The scheduled backup failed: ${error}` }, details: { backupId: id, at } });
      deps.log?.(`backup at ${at} failed: ${error}`);
      return { id, outcome: 'failed', file: null, pruned: [], error };
    },
  };

  return {
    activities,
    /** Whether backups are on, where they go and the rule (never the key), for the console and /healthz. */
    async status() {
      const s = await deps.settings();
      if (!s.enabled) return { enabled: false as const, reason: s.reason };
      return { enabled: true as const, dir: s.config.dir, keepDaily: s.config.keep.daily, keepMonthly: s.config.keep.monthly, everyMs: s.config.everyMs,
        keySource: 'keyFile' in s.config.key ? 'key-file' as const : 'passphrase' as const };
    },
    list: (limit = 100) => db.select().from(backups).orderBy(desc(backups.startedAt), desc(backups.id)).limit(limit),
  };
}
export type BackupService = ReturnType<typeof createBackupService>;
