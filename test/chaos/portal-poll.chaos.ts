import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { manifests } from '@lienthong/connectors/manifests';
import { ensureVerificationKey, seedSimulatorCredentials } from '@lienthong/cli';
import { createCredentialStore, createDb, masterKeyFrom, type DbHandle } from '@lienthong/db';
import { createServices, type Services } from '@lienthong/services';
import { DVCQG_PORTAL_PATH, startSimulators } from '@lienthong/simulators';
import { EncryptionCodec, payloadKeyFromMaster } from '@lienthong/temporal';
import { spawnProc, startTemporal } from '../../bench/lib/stack.js';
import { startPostgres } from '../../bench/lib/postgres.js';
import { sleep } from './harness.js';

// The portal poller under kill -9: the worker (its own OS process, on the shared PostgreSQL) is killed while the poll
// reads the DVCQG portal, and again while it is starting the page's runs. Every dossier still starts the routing flow
// exactly once: one runs row and one run per dossier version, never two. Figures are printed, not asserted on time.
const FLOW = 'dieu-phoi-ho-so-cong';
const DOSSIERS = Number(process.env.LT_CHAOS_DOSSIERS ?? 40);
const LIST_OP = 'dvcqg.LayDanhSachHoSoMC';
const log = process.env.LT_TEST_LOGS ? (l: string) => console.log(l) : () => undefined;
const figure = (l: string) => console.log(`[chaos] ${l}`);

interface Proc { pid: number; kill9(): Promise<void>; stop(): Promise<void> }
type Postgres = NonNullable<Awaited<ReturnType<typeof startPostgres>>>;

function routingFlow(): unknown {
  const doc = JSON.parse(readFileSync(new URL('../../examples/dieu-phoi-ho-so.json', import.meta.url), 'utf8')) as { key: string; nodes: Record<string, unknown> };
  doc.key = FLOW;
  doc.nodes.start = { kind: 'trigger', trigger: { type: 'poll', source: 'dvcqg.dossiers', credentialId: 'ngsp-adapter', every: '5s',
    input: "{ 'dossierNo': $input.MaHoSo, 'procedureCode': $input.MaTTHC, 'procedureName': $input.TenTTHC, 'applicantName': $input.ChuHoSo, 'receivedAt': $input.NgayTiepNhan, 'dueAt': $input.NgayHenTra, 'handlingAgencyCode': $input.DonViXuLy }" } };
  return doc;
}
const dossierNo = (i: number) => `000.25.94.H48-260116-${String(i).padStart(4, '0')}`;
const dossier = (i: number) => ({ MaHoSo: dossierNo(i), MaTTHC: '1.001193.000.00.00.H48', TenTTHC: 'Đăng ký khai sinh', ChuHoSo: 'TRẦN THỊ BÌNH', LoaiDoiTuong: '1',
  NgayTiepNhan: '20260116080000', NgayHenTra: '20260117170000', TrangThaiHoSo: '1', DonViXuLy: '000.25.94.H48' });

describe('chaos: the worker is killed -9 while polling the DVCQG portal, and every dossier starts its flow exactly once', () => {
  let postgres: Postgres | null = null;
  let temporal: Awaited<ReturnType<typeof startTemporal>> | undefined;
  let sims: Awaited<ReturnType<typeof startSimulators>> | undefined;
  let db: DbHandle | undefined;
  let connection: Connection | undefined;
  let client: Client;
  let services: Services;
  let worker: Proc | undefined;
  const masterKey = randomBytes(32).toString('base64');
  const taskQueue = `chaos-poll-${randomBytes(4).toString('hex')}`;
  let n = 0;
  const startWorker = async () => {
    worker = await spawnProc({ role: 'worker', name: `worker-${++n}`, temporal: { address: temporal?.address, namespace: 'default' }, masterKey, taskQueue,
      simUrl: sims?.url, databaseUrl: postgres?.url }, { log }) as Proc;
    return worker;
  };

  beforeAll(async () => {
    postgres = await startPostgres({ log });
    if (!postgres) throw new Error('this chaos test needs Debian\'s PostgreSQL binaries (initdb under /usr/lib/postgresql): apt-get install postgresql');
    temporal = await startTemporal({ log: () => undefined });
    sims = await startSimulators({ port: 0, log: () => undefined });
    db = createDb({ DATABASE_URL: postgres.url });
    await db.migrate();
    connection = await Connection.connect({ address: temporal.address });
    client = new Client({ connection, namespace: 'default', dataConverter: { payloadCodecs: [new EncryptionCodec(payloadKeyFromMaster(masterKey))] } });
    services = createServices({ db: db.db, temporal: client, manifests, taskQueue, masterKey: masterKeyFrom(masterKey) });
    const credentials = createCredentialStore(db.db, masterKeyFrom(masterKey));
    await seedSimulatorCredentials(credentials, sims.url, { port: sims.smtpPort, ca: sims.smtpCa });
    await ensureVerificationKey(credentials);
    await startWorker();
    // The routing flow pins 7.a (the applicant's verification) as a subflow: published first, as `npm start` does.
    await services.flows.publish(JSON.parse(readFileSync(new URL('../../examples/xac-thuc-cong-dan-day-du.json', import.meta.url), 'utf8')), { by: 'chaos' });
    await services.flows.publish(routingFlow(), { by: 'chaos' });
    await until('the poller at the portal head', () => services.triggers.poll.state(FLOW), (s) => s?.cursor !== undefined, 60_000);
  });
  afterAll(async () => {
    await services?.triggers.poll.stop(FLOW).catch(() => undefined);
    await worker?.stop().catch(() => undefined);
    await connection?.close().catch(() => undefined);
    await sims?.close().catch(() => undefined);
    await db?.close().catch(() => undefined);
    await temporal?.stop().catch(() => undefined);
    await postgres?.stop().catch(() => undefined);
  });

  async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 120_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await read().catch(() => undefined as T);
      if (ok(v)) return v;
      if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(v)}`);
      await sleep(100);
    }
  }
  const rows = async () => (await services.runs.list({ flowKey: FLOW, limit: 1000 })).filter((r) => r.trigger === 'poll');
  const listCalls = () => sims?.counters.snapshot()[LIST_OP]?.calls ?? 0;

  it(`${DOSSIERS} dossiers submitted on the portal, the worker killed during the poll's read and again mid-page: one run each`, async () => {
    for (let i = 1; i <= DOSSIERS; i++) {
      const r = await fetch(`${sims?.url ?? ''}${DVCQG_PORTAL_PATH}/dossiers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(dossier(i)) });
      expect(r.status).toBe(201);
    }
    // Kill 1: while the poll waits for the portal's answer (slowed to 2 s), so the read is lost with the worker.
    sims?.faults.set(LIST_OP, { latencyMs: 2_000 });
    const callsBefore = listCalls();
    await services.triggers.poll.pollNow(FLOW);
    await until('the poll reading the portal', async () => listCalls(), (c) => c > callsBefore, 30_000);
    await worker?.kill9();
    const atKill1 = (await rows()).length;
    sims?.faults.clear(LIST_OP);
    const killedAt = Date.now();
    await startWorker();

    // Kill 2: once the retried poll has started some of the page's runs, before the cursor moves past them.
    const seen = await until('the page being started', async () => (await rows()).length, (k) => k > 0, 120_000);
    await worker?.kill9();
    const atKill2 = (await rows()).length;
    await startWorker();
    const all = await until(`${DOSSIERS} runs`, rows, (r) => r.length >= DOSSIERS, 150_000);
    figure(`killed during the read with ${atKill1} runs started; killed mid-page with ${atKill2} of ${DOSSIERS} started (first seen ${seen}); all ${DOSSIERS} started ${Math.round((Date.now() - killedAt) / 1000)} s after the first kill`);

    // Polling on finds nothing new: the cursor moved past the page, and a repeat would find every run already there.
    for (let k = 0; k < 2; k++) {
      const before = (await services.triggers.poll.state(FLOW))?.polls ?? 0;
      await services.triggers.poll.pollNow(FLOW);
      await until('one more poll', async () => (await services.triggers.poll.state(FLOW))?.polls ?? 0, (p) => p > before, 60_000);
    }
    const final = await rows();
    expect(final).toHaveLength(DOSSIERS);
    expect(all.length).toBe(DOSSIERS);
    expect(final.map((r) => r.idempotencyKey).sort()).toEqual(Array.from({ length: DOSSIERS }, (_, i) => `poll:dvcqg.dossiers:${dossierNo(i + 1)}@1`).sort());
    // One execution per row in Temporal, none without a row.
    const executions = new Map<string, number>();
    for await (const w of client.workflow.list({ query: `TaskQueue = '${taskQueue}' AND LtFlowId = '${FLOW}'` })) executions.set(w.workflowId, (executions.get(w.workflowId) ?? 0) + 1);
    expect([...executions.keys()].sort()).toEqual(final.map((r) => r.runId).sort());
    expect([...executions.values()].every((c) => c === 1)).toBe(true);
    const state = await services.triggers.poll.state(FLOW);
    figure(`poller: ${state?.polls ?? 0} polls, ${state?.started ?? 0} runs counted as started by the workflow, ${final.length} rows, ${executions.size} executions`);
  });
});
