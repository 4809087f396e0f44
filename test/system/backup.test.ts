import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup, flows, flowVersions, masterKeyFrom, restoreBackup, RestoreRefused, type DbHandle } from '@lienthong/db';
import { createAuditService } from '@lienthong/services';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { freshDatabase } from '../helpers/database.js';
import { sql } from 'drizzle-orm';

const count = async (h: { db: DbHandle['db'] }, table: string) =>
  Number(((await h.db.execute(sql.raw(`select count(*)::int as n from "${table}"`))) as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0);

describe('backup and restore', () => {
  let p: TestPlatform;
  // Backups are sealed under their own key (`lienthong backup` derives it from a passphrase or reads a key file), never
  // the master key kept beside the data (test/security/backup-key.test.ts).
  const backupKey = masterKeyFrom(randomBytes(32).toString('base64'));
  let target: DbHandle;
  beforeAll(async () => {
    p = await startTestPlatform();
    // Some state worth keeping: a registered agency, an account, runs (audit rows), the published example flow.
    expect((await p.request('POST', '/api/v1/agencies', { code: '000.00.91.H48', name: { vi: 'Sở Tư pháp Quảng Ngãi', en: 'Quang Ngai Department of Justice' } })).status).toBeLessThan(300);
    expect((await p.request('POST', '/api/v1/users', { username: 'van-hanh', roles: [{ role: 'operator' }] })).status).toBeLessThan(300);
    target = await freshDatabase();
  });
  afterAll(async () => {
    await target?.close();
    await p?.stop();
  });

  it('restores flows, versions, registry, accounts and an audit chain that still verifies on a fresh install', async () => {
    const backup = await createBackup(p.db.db, backupKey);
    expect(backup.data).not.toContain('Sở Tư pháp');
    const counts = await restoreBackup(target.db, JSON.parse(JSON.stringify(backup)), [backupKey]);
    for (const t of ['flows', 'flow_versions', 'agencies', 'users', 'audit_log']) {
      expect(await count({ db: target.db }, t), t).toBe(await count(p.db, t));
      expect(counts[t], t).toBeGreaterThan(0);
    }
    const [v] = await target.db.select().from(flowVersions);
    const [orig] = await p.db.db.select().from(flowVersions);
    expect(v?.hash).toBe(orig?.hash);
    expect((await target.db.select().from(flows)).map((f) => f.key)).toContain('xac-thuc-cong-dan');
    const verified = await createAuditService(target.db).verify();
    expect(verified).toMatchObject({ ok: true });
  });

  it('refuses to restore over existing data, and without the key (the master key is not it)', async () => {
    const backup = await createBackup(p.db.db, backupKey);
    await expect(restoreBackup(target.db, backup, [backupKey])).rejects.toBeInstanceOf(RestoreRefused);
    await expect(restoreBackup(target.db, backup, [masterKeyFrom(Buffer.alloc(32, 1).toString('base64'))])).rejects.toThrow(/LT_MASTER_KEY/);
    await expect(restoreBackup(target.db, backup, [masterKeyFrom(p.masterKey)])).rejects.toBeInstanceOf(RestoreRefused);
  });
});
