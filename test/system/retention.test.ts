import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { startPlatform } from '@lienthong/cli';
import { createBatchStore, createDb, masterKeyFrom } from '@lienthong/db';
import { freshDatabase } from '../helpers/database.js';
import { useTestPlatform } from '../helpers/suite.js';
import { sessionOfNewUser } from '../helpers/users.js';

const DAY_MS = 86_400_000;
const suffix = String(Math.floor(1000 + Math.random() * 8999));
const citizen = { soDinhDanh: '051190007788', hoVaTen: 'LÊ THỊ THU TRANG', ngaySinh: '19900317' };
const inputFor = (dossierNo: string) => ({ dossierNo, procedureCode: '1.001193.000.00.00.H48', officerId: '051085000111', applicant: citizen });
const shortLived = `000.25.94.H48-260115-${suffix}`; // on a flow kept 30 days
const keptLong = `000.25.94.H48-260116-${suffix}`; // on the example flow, no retention set

describe('per-flow retention: a run past its retention keeps its audit metadata and loses its personal data', () => {
  const p = useTestPlatform();
  let auditor: string, expiring: string, kept: string; // the auditor's session; the runs kept 30 days and kept long
  beforeAll(async () => {
    auditor = await sessionOfNewUser(p, 'kiem-toan-luu-tru', [{ role: 'auditor' }]);
    // The citizen-verification example, published again under another key with a 30-day retention.
    const example = await p.request('GET', '/api/v1/flows/xac-thuc-cong-dan');
    const document = { ...example.body.document, key: 'xac-thuc-cong-dan-30-ngay',
      settings: { ...example.body.document.settings, retentionDays: 30 } };
    expect((await p.request('POST', '/api/v1/flows', document)).status).toBe(201);
    const a = await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan-30-ngay/runs', inputFor(shortLived));
    const b = await p.request('POST', '/api/v1/flows/xac-thuc-cong-dan/runs', inputFor(keptLong));
    expect([a.body.status, b.body.status]).toEqual(['completed', 'completed']);
    expiring = a.body.runId;
    kept = b.body.runId;
  });

  it('archives finished runs: an auditor reads what the run carried, sealed under its own key', async () => {
    await p.services.retention.tick();
    const res = await p.requestAs(auditor, 'GET', `/api/v1/run-records/${expiring}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ runId: expiring, flowKey: 'xac-thuc-cong-dan-30-ngay', version: 1, status: 'completed', archived: true,
      retention: { days: 30 }, personal: { businessKeys: { dossierNo: shortLived } } });
    expect(JSON.stringify(res.body.personal.output)).toContain(shortLived);
    expect(new Date(res.body.retention.expiresAt).getTime() - new Date(res.body.finishedAt).getTime()).toBe(30 * DAY_MS);
    // In our database the run's data is ciphertext: no citizen name or id in clear in the archive or the key table.
    const rows = JSON.stringify((await p.db.db.execute(sql`select r.personal, k.wrapped_key from run_records r join run_keys k using (run_id)`)).rows);
    for (const secret of [citizen.hoVaTen, citizen.soDinhDanh, shortLived]) expect(rows).not.toContain(secret);
  });

  it('when the retention ends, the run data is destroyed: the API says so with a code, and the history is gone', async () => {
    // A large foreach's items and outcomes (engine 4 keeps them in our database, as the worker's store writes them) go with the run.
    const batches = createBatchStore(p.db.db, masterKeyFrom(p.masterKey));
    await batches.stage({ id: `${expiring}/each`, runId: expiring, nodeId: 'each', total: 2, context: {}, from: 0, items: [citizen, citizen] });
    await batches.stage({ id: `${kept}/each`, runId: kept, nodeId: 'each', total: 1, context: {}, from: 0, items: [citizen] });
    const r = await p.services.retention.tick(new Date(Date.now() + 31 * DAY_MS));
    expect(r.destroyed).toContain(expiring);
    expect(r.destroyed).not.toContain(kept);

    const record = await p.requestAs(auditor, 'GET', `/api/v1/run-records/${expiring}`);
    expect(record.status).toBe(200);
    expect(record.body.personal).toBeUndefined();
    expect(record.body.destroyed).toMatchObject({ code: 'RUN_DATA_DESTROYED' });
    expect(record.body.destroyed.message.vi).toContain('đã bị hủy');
    // The audit metadata is all still there.
    expect(record.body).toMatchObject({ runId: expiring, flowKey: 'xac-thuc-cong-dan-30-ngay', version: 1, status: 'completed' });
    expect(record.body.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(record.body.businessKeyHashes).toHaveLength(1);
    expect(record.body.retention.destroyedAt).toBeDefined();

    // At once, before Temporal deletes the history: the archive answers first, so no export or timeline of the destroyed data.
    for (const [method, more] of [['GET', 'bundle'], ['GET', 'timeline'], ['POST', 'verify-replay']] as const) {
      const r = await p.requestAs(auditor, method, `/api/v1/runs/${expiring}/${more}`);
      expect([more, r.status, r.body.error?.code]).toEqual([more, 410, 'RUN_DATA_DESTROYED']);
    }

    // The run view (read from Temporal) now answers 410 with the same code: the execution was deleted.
    await vi.waitFor(async () => {
      const run = await p.requestAs(auditor, 'GET', `/api/v1/runs/${expiring}`);
      expect(run.status).toBe(410);
      expect(run.body.error.code).toBe('RUN_DATA_DESTROYED');
    }, { timeout: 60_000, interval: 500 });
    for (const more of ['timeline', 'bundle']) {
      const r = await p.requestAs(auditor, 'GET', `/api/v1/runs/${expiring}/${more}`);
      expect([r.status, r.body.error.code]).toEqual([410, 'RUN_DATA_DESTROYED']);
    }

    // Nothing personal of that run is left in our tables; the key row only says when it was destroyed.
    const left = (await p.db.db.execute(sql`select k.wrapped_key, k.destroyed_at, r.personal, u.business_keys from run_keys k join run_records r using (run_id) join runs u using (run_id) where run_id = ${expiring}`)).rows[0] as Record<string, unknown>;
    expect(left).toMatchObject({ wrapped_key: null, personal: null, business_keys: null });
    const items = (id: string) => p.db.db.execute(sql`select count(*)::int as n from batch_items where batch_id = ${`${id}/each`}`).then((x) => x.rows[0]);
    expect([await items(expiring), await items(kept)]).toEqual([{ n: 0 }, { n: 1 }]);
    expect(left.destroyed_at).not.toBeNull();
  });

  it('search by metadata still finds the run, by flow and by its dossier number (a keyed hash)', async () => {
    const byKey = await p.requestAs(auditor, 'GET', `/api/v1/run-records?businessKey=${encodeURIComponent(`dossierNo=${shortLived}`)}`);
    expect(byKey.status).toBe(200);
    expect(byKey.body.records.map((x: { runId: string }) => x.runId)).toEqual([expiring]);
    expect(byKey.body.records[0].destroyed.code).toBe('RUN_DATA_DESTROYED');
    const byFlow = await p.requestAs(auditor, 'GET', '/api/v1/run-records?flowKey=xac-thuc-cong-dan-30-ngay&status=completed');
    expect(byFlow.body.records.map((x: { runId: string }) => x.runId)).toEqual([expiring]);
  });

  it('a run of a flow without retention keeps its data', async () => {
    const res = await p.requestAs(auditor, 'GET', `/api/v1/run-records/${kept}`);
    expect(res.body).toMatchObject({ retention: { days: null }, personal: { businessKeys: { dossierNo: keptLong } } });
    expect(res.body.destroyed).toBeUndefined();
    expect((await p.requestAs(auditor, 'GET', `/api/v1/runs/${kept}`)).status).toBe(200);
  });

  it('an agency viewer of another agency neither reads nor finds the record', async () => {
    const viewer = await sessionOfNewUser(p, 'xem-cq-91', [{ role: 'agency-viewer', agency: '000.00.91.H48' }]);
    expect((await p.requestAs(viewer, 'GET', `/api/v1/run-records/${kept}`)).status).toBe(404);
    const search = await p.requestAs(viewer, 'GET', `/api/v1/run-records?businessKey=${encodeURIComponent(`dossierNo=${keptLong}`)}`);
    expect(search.body.records).toEqual([]);
  });

  it('the destruction is in the audit log, and the audit chain still verifies', async () => {
    await p.services.audit.flush();
    // Filtered by action: waiting for Temporal to delete the history (above) may have written a hundred reads of the run.
    const log = await p.request('GET', `/api/v1/audit?runId=${expiring}&action=runs.retention.destroy`);
    expect(log.body).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'runs.retention.destroy', runId: expiring, outcome: 'ok' })]));
    const verify = await p.request('GET', '/api/v1/audit/verify');
    expect(verify.body).toMatchObject({ ok: true });
  });
});

describe('`lienthong retention sweep` on a stopped install', () => {
  it('archives the finished run and, its retention over, destroys its data while the metadata stays', async () => {
    // The install's own database, reachable by the CLI once the platform is stopped: PGlite in a data directory
    // (or, in CI, a database on DATABASE_URL's server).
    const dataDir = mkdtempSync(join(tmpdir(), 'lt-retention-cli-'));
    const fresh = process.env.DATABASE_URL ? await freshDatabase() : undefined; // its close() drops the database
    const pgUrl = fresh?.url;
    const env = { ...process.env, DATA_DIR: dataDir, TEMPORAL_ADDRESS: inject('temporalAddress'), LT_MASTER_KEY: randomBytes(32).toString('base64'),
      ...(pgUrl ? { DATABASE_URL: pgUrl } : {}) };
    const open = () => createDb(pgUrl ? { DATABASE_URL: pgUrl } : { DATA_DIR: dataDir });
    const db = open();
    await db.migrate();
    const adminPassword = `lt-${randomBytes(8).toString('hex')}`; // the password policy refuses one containing the username
    const p = await startPlatform({ db, masterKey: env.LT_MASTER_KEY, adminPassword, temporal: { address: inject('temporalAddress'), namespace: 'default' },
      taskQueue: `retention-cli-${randomBytes(4).toString('hex')}`, log: () => () => undefined });
    let runId: string;
    try {
      const doc = (await p.services.flows.get('xac-thuc-cong-dan')).document;
      await p.services.flows.publish({ ...doc, key: 'xac-thuc-cong-dan-1-ngay', settings: { ...doc.settings, retentionDays: 1 } });
      const run = await p.services.runs.start('xac-thuc-cong-dan-1-ngay', inputFor(`000.25.94.H48-260117-${suffix}`), { waitMs: 20_000, caller: { id: 'user:admin' } });
      expect(run.status).toBe('completed');
      runId = run.runId;
      await p.services.stats.sync();
    } finally {
      await p.stop();
    }
    // Two days pass (the run finished two days ago, as far as the install knows).
    await db.db.execute(sql`update runs set finished_at = now() - interval '2 days' where run_id = ${runId}`);
    await db.close();

    const cli = fileURLToPath(new URL('../../apps/cli/dist/main.js', import.meta.url));
    const r = spawnSync(process.execPath, [cli, 'retention', 'sweep'], { env, encoding: 'utf8', timeout: 120_000 });
    expect(r.stdout + r.stderr).toContain('đã hủy dữ liệu / data destroyed: 1');
    expect(r.stdout).toContain(runId);
    expect(r.status).toBe(0);

    const after = open();
    try {
      const row = (await after.db.execute(sql`select u.flow_key, u.version, u.hash, u.status, u.business_keys, r.personal, r.business_key_hashes, k.wrapped_key, k.destroyed_at
        from runs u join run_records r using (run_id) join run_keys k using (run_id) where run_id = ${runId}`)).rows[0] as Record<string, unknown>;
      expect(row).toMatchObject({ flow_key: 'xac-thuc-cong-dan-1-ngay', version: 1, status: 'completed', business_keys: null, personal: null, wrapped_key: null });
      expect(row.business_key_hashes).toHaveLength(1);
      expect(row.destroyed_at).not.toBeNull();
      // Running it again finds nothing more to do.
      const again = spawnSync(process.execPath, [cli, 'retention', 'sweep'], { env, encoding: 'utf8', timeout: 120_000 });
      expect(again.stdout).toContain('đã hủy dữ liệu / data destroyed: 0');
    } finally {
      await after.close();
      await fresh?.close();
    }
  });
});
