import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScheduleNotFoundError } from '@temporalio/client';
import { createDb, deriveBackupKey, restoreBackup, tableCounts, type SealedBackup } from '@lienthong/db';
import { createAlertEngine } from '@lienthong/observability';
import { BACKUP_ALERT_KEY, backupFileName, createBackgroundSchedules } from '@lienthong/services';
import { SCHEDULED_BACKUP_WORKFLOW, type BackupRunResult } from '@lienthong/temporal/contracts';
import { useServicesWorker } from './services-worker.js';

// Scheduled backups (R-19, issue 22 DW5): the backup schedule's workflow on the real Temporal test server and its
// activities over a real database: the encrypted file written into LT_BACKUP_DIR, verified by a restore into a scratch
// PGlite, older files pruned by "keep 1 daily, 2 monthly", each run recorded; a broken target raises the backup alert
// and the next success clears it. The services read LT_BACKUP_* when a run starts, as the platform does.

// Every backup is restored into a scratch database on disk (seconds each; far more on a loaded machine).
const SLOW = 600_000;
const passphrase = `cum-mat-khau-${randomBytes(6).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), 'lt-backups-'));
const saved = { ...process.env };
Object.assign(process.env, { LT_BACKUP_DIR: dir, LT_BACKUP_PASSPHRASE: passphrase, LT_BACKUP_KEEP_DAILY: '1', LT_BACKUP_KEEP_MONTHLY: '2' });
afterAll(() => { for (const k of ['LT_BACKUP_DIR', 'LT_BACKUP_PASSPHRASE', 'LT_BACKUP_KEEP_DAILY', 'LT_BACKUP_KEEP_MONTHLY']) { if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k]; } });

describe('scheduled backups: written, verified by a restore, pruned by the retention rule, alerted on failure', () => {
  const s = useServicesWorker('backups', (services) => services.backups.activities as unknown as Record<string, (...args: unknown[]) => unknown>);
  const engine = { current: null as ReturnType<typeof createAlertEngine> | null };
  beforeAll(async () => {
    // The platform's alert engine listens for the backup alert in the worker's process.
    engine.current = createAlertEngine({ store: s.services.alerts, every: () => () => undefined });
    await engine.current.start();
  });
  afterAll(async () => { await engine.current?.stop(); });

  const run = (at: string) => s.client.workflow.execute(SCHEDULED_BACKUP_WORKFLOW, { taskQueue: s.taskQueue, workflowId: `backup-${randomBytes(4).toString('hex')}`, args: [{ at }] }) as Promise<BackupRunResult>;
  const files = () => readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

  const times = ['2027-01-10T19:00:00.000Z', '2027-01-30T19:00:00.000Z', '2027-02-02T19:00:00.000Z', '2027-02-03T19:00:00.000Z'];
  const name = (i: number) => backupFileName(new Date(times[i] as string));

  it('keeps the newest of the last day and of the last 2 months, each backup restored and counted first', { timeout: SLOW }, async () => {
    const seen: string[][] = [];
    for (const at of times.slice(0, 3)) {
      const r = await run(at);
      expect(r.outcome, r.error).toBe('ok');
      expect(r.file).toBe(backupFileName(new Date(at)));
      seen.push(files());
    }
    // 31 January (in Vietnam) replaces 11 January: neither the last day nor its month's newest; 3 February keeps January's newest.
    expect(seen).toEqual([[name(0)], [name(1)], [name(1), name(2)]]);
  });

  it('a broken target records the failure and raises the backup alert; the next success clears it and prunes', { timeout: SLOW }, async () => {
    const blocked = join(dir, 'not-a-directory');
    writeFileSync(blocked, 'a file where the backup directory should be');
    process.env.LT_BACKUP_DIR = blocked;
    const failed = await run('2027-02-03T18:00:00.000Z');
    expect(failed.outcome).toBe('failed');
    expect(failed.error).toMatch(/not-a-directory/);
    await engine.current?.idle();
    const open = (await s.services.alerts.list({ status: 'open' })).find((a) => a.key === BACKUP_ALERT_KEY);
    expect(open?.severity).toBe('critical');
    expect(open?.message.vi).toMatch(/^Sao lưu định kỳ không thành công/);
    expect((await s.services.backups.list(1))[0]).toMatchObject({ outcome: 'failed', file: null });

    process.env.LT_BACKUP_DIR = dir;
    expect((await run(times[3] as string)).outcome).toBe('ok');
    await engine.current?.idle();
    expect((await s.services.alerts.list({ status: 'open' })).some((a) => a.key === BACKUP_ALERT_KEY)).toBe(false);
    expect((await s.services.alerts.list({ status: 'resolved' })).some((a) => a.key === BACKUP_ALERT_KEY)).toBe(true);
    expect(files()).toEqual([name(1), name(3)]);

    const rows = (await s.services.backups.list()).slice().reverse(); // oldest first
    expect(rows.map((b) => b.outcome)).toEqual(['ok', 'ok', 'ok', 'failed', 'ok']);
    expect(rows.map((b) => b.pruned)).toEqual([[], [name(0)], [], [], [name(2)]]);
    // Each was verified by a restore into a scratch database (its counts are those restored), and holds the runs before it.
    expect(rows.filter((b) => b.outcome === 'ok').every((b) => b.verifiedAt !== null && (b.bytes ?? 0) > 0)).toBe(true);
    expect(rows.map((b) => b.counts?.backups ?? null)).toEqual([0, 1, 2, null, 4]);
  });

  it('a kept file opens with the backup passphrase (not the master key) and restores what was counted', { timeout: SLOW }, async () => {
    const text = readFileSync(join(dir, name(3)), 'utf8');
    const file = JSON.parse(text) as SealedBackup;
    expect(file.keySource).toBe('passphrase');
    expect(text).not.toContain('lienthong-backup-2027'); // encrypted: the recorded file names (table content) are not in clear
    const scratch = createDb({ DATA_DIR: ':memory:' });
    try {
      await scratch.migrate();
      await restoreBackup(scratch.db, file, [deriveBackupKey({ passphrase }, file.kdf).key]);
      const restored = await tableCounts(scratch.db);
      // Every table the backup holds, as counted when it was made (this tree's newer migrations may add empty tables).
      expect(Object.fromEntries(Object.keys(file.counts ?? {}).map((t) => [t, restored[t]]))).toEqual(file.counts);
    } finally {
      await scratch.close();
    }
  });

  it('the schedule exists only while backups are configured; without them the status says why', async () => {
    const schedules = createBackgroundSchedules(s.client, { taskQueue: s.taskQueue });
    try {
      await schedules.ensure({ backupsEveryMs: 3_600_000 });
      const d = await s.client.schedule.getHandle(schedules.ids.backups).describe();
      expect(d.action.type === 'startWorkflow' ? d.action.workflowType : null).toBe(SCHEDULED_BACKUP_WORKFLOW);
      await schedules.ensure({ backupsEveryMs: null });
      await expect(s.client.schedule.getHandle(schedules.ids.backups).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
    } finally {
      await schedules.remove();
    }
    delete process.env.LT_BACKUP_PASSPHRASE;
    expect(await s.services.backups.status()).toEqual({ enabled: false, reason: 'no-key' });
    process.env.LT_BACKUP_PASSPHRASE = passphrase;
  });
});
