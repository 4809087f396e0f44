import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { Db } from './client.js';
import type { MasterKey } from './credential-store.js';

export const BACKUP_FORMAT = 'lienthong-backup/1';

export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  keyId: string;
  tables: string[];
  /** Rows per table in the snapshot (absent in backups made before it was kept): what a verifying restore must find. */
  counts?: Record<string, number>;
  /** base64(iv ‖ tag ‖ AES-256-GCM(gzip(JSON {table: rows[]}))) */
  data: string;
}

type Rows = Record<string, unknown>[];
const rowsOf = (r: unknown): Rows => ((r as { rows?: Rows }).rows ?? (r as Rows));
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Our tables, parents before children (foreign keys), so a restore inserts in an order the database accepts. */
async function tablesInOrder(db: Db): Promise<string[]> {
  const tables = rowsOf(await db.execute(sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`)).map((r) => String(r.name));
  const edges = rowsOf(await db.execute(sql`select conrelid::regclass::text as child, confrelid::regclass::text as parent from pg_constraint where contype = 'f'`))
    .map((r) => ({ child: String(r.child).replace(/^public\./, '').replace(/"/g, ''), parent: String(r.parent).replace(/^public\./, '').replace(/"/g, '') }));
  const ordered: string[] = [];
  const remaining = new Set(tables);
  while (remaining.size > 0) {
    const ready = [...remaining].filter((t) => !edges.some((e) => e.child === t && e.parent !== t && remaining.has(e.parent))).sort();
    if (ready.length === 0) throw new Error(`foreign-key cycle among ${[...remaining].join(', ')}`);
    for (const t of ready) { ordered.push(t); remaining.delete(t); }
  }
  return ordered;
}

/**
 * A consistent, encrypted backup of everything Liên Thông keeps in its database (flows and
 * versions, registry, keys, users, audit log, …): one repeatable-read snapshot, gzip, AES-256-GCM
 * under the master key. The same code serves PGlite and PostgreSQL.
 */
export async function createBackup(db: Db, mk: MasterKey, now: Date = new Date()): Promise<BackupFile> {
  const tables = await tablesInOrder(db);
  const dump: Record<string, Rows> = {};
  await db.transaction(async (tx) => {
    await tx.execute(sql`set transaction isolation level repeatable read read only`);
    for (const t of tables) dump[t] = rowsOf(await tx.execute(sql.raw(`select coalesce(json_agg(t), '[]'::json) as rows from ${ident(t)} t`)))[0]?.rows as Rows;
  });
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', mk.key, iv);
  const ct = Buffer.concat([cipher.update(gzipSync(Buffer.from(JSON.stringify(dump)))), cipher.final()]);
  const counts = Object.fromEntries(tables.map((t) => [t, dump[t]?.length ?? 0]));
  return { format: BACKUP_FORMAT, createdAt: now.toISOString(), keyId: mk.id, tables, counts, data: Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64') };
}

export class RestoreRefused extends Error {}

/** Rows per table of our schema, as the database counts them now (a restored scratch copy is checked with it). */
export async function tableCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of await tablesInOrder(db)) counts[t] = Number(rowsOf(await db.execute(sql.raw(`select count(*)::int as n from ${ident(t)}`)))[0]?.n ?? 0);
  return counts;
}

/** Restores a backup into a migrated, empty install. Postgres converts each JSON row back to its column types. */
export async function restoreBackup(db: Db, backup: BackupFile, keys: readonly MasterKey[]): Promise<Record<string, number>> {
  if (backup.format !== BACKUP_FORMAT) throw new RestoreRefused(`unknown backup format ${String(backup.format)}`);
  const mk = keys.find((k) => k.id === backup.keyId);
  if (!mk) throw new RestoreRefused(`the backup is encrypted under key ${backup.keyId}, which this install does not have (LT_MASTER_KEY)`);
  const raw = Buffer.from(backup.data, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', mk.key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  const dump = JSON.parse(gunzipSync(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()])).toString('utf8')) as Record<string, Rows>;
  const order = await tablesInOrder(db);
  const counts: Record<string, number> = {};
  await db.transaction(async (tx) => {
    for (const t of order) {
      const n = Number(rowsOf(await tx.execute(sql.raw(`select count(*)::int as n from ${ident(t)}`)))[0]?.n ?? 0);
      if (n > 0 && (dump[t]?.length ?? 0) > 0) throw new RestoreRefused(`table ${t} is not empty: restore needs a fresh install`);
    }
    for (const t of order) {
      const rows = dump[t] ?? [];
      counts[t] = rows.length;
      if (rows.length === 0) continue;
      await tx.execute(sql`insert into ${sql.raw(ident(t))} select * from json_populate_recordset(null::${sql.raw(ident(t))}, ${JSON.stringify(rows)}::json)`);
    }
    // Serial columns continue after the restored rows.
    const serials = rowsOf(await tx.execute(sql`select table_name as t, column_name as c from information_schema.columns where table_schema = 'public' and column_default like 'nextval(%'`));
    for (const s of serials) {
      await tx.execute(sql.raw(`select setval(pg_get_serial_sequence('${ident(String(s.t))}', '${String(s.c)}'), coalesce((select max(${ident(String(s.c))}) from ${ident(String(s.t))}), 0) + 1, false)`));
    }
  });
  return counts;
}
