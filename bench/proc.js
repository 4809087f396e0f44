#!/usr/bin/env node
// One component of Liên Thông as its own OS process, for benchmarks, chaos and scale-out tests:
//   node bench/proc.js '<json config>'
// roles: "simulators" | "worker" | "api" | "platform" (API + worker in one process, as `npm start` runs them).
// Prints one line `READY {json}` on stdout when serving; exits on SIGTERM / SIGINT (or dies on SIGKILL).
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';

const cfg = JSON.parse(process.argv[2] ?? process.env.LT_PROC ?? '{}');
// Quiet unless verbose, but an internal error (a 500's reference and stack) is always told: a benchmark must not hide a bug.
const log = cfg.verbose ? (n) => (l) => process.stderr.write(`[${cfg.role}:${n}] ${l}\n`) : (n) => (l) => { if (/internal error/.test(l)) process.stderr.write(`[${cfg.role}:${n}] ${l}\n`); };
const stops = [];
const ready = (info) => process.stdout.write(`READY ${JSON.stringify({ pid: process.pid, ...info })}\n`);

async function database() {
  const { createDb, openEmbeddedDb } = await import('@lienthong/db');
  // Without DATABASE_URL, PGlite as `npm start` runs it: on its own thread behind a Unix socket.
  const h = cfg.databaseUrl ? createDb({ DATABASE_URL: cfg.databaseUrl, ...(cfg.poolMax ? { PG_POOL_MAX: String(cfg.poolMax) } : {}) })
    : await openEmbeddedDb({ DATA_DIR: cfg.dataDir ?? ':memory:' }, (reason) => { process.stderr.write(`[${cfg.role}] PGlite thread stopped: ${reason}\n`); process.exit(1); });
  await h.migrate();
  stops.push(() => h.close());
  return h;
}

/** The credential store the connectors resolve from; seeded with the simulators' URL when asked. */
async function credentialStore(db) {
  const { createCredentialStore, masterKeyFrom, CredentialNotFound } = await import('@lienthong/db');
  const { LtError } = await import('@lienthong/errors');
  const { seedSimulatorCredentials } = await import('@lienthong/cli');
  const store = createCredentialStore(db.db, masterKeyFrom(cfg.masterKey));
  if (cfg.simUrl && cfg.seed !== false) await seedSimulatorCredentials(store, cfg.simUrl);
  return {
    resolve: async (id) => {
      try { return await store.resolve(id); } catch (err) {
        if (err instanceof CredentialNotFound) throw new LtError('CONNECTOR_CREDENTIAL_NOT_FOUND', { credentialId: id });
        throw err;
      }
    },
  };
}

async function codec() {
  const { EncryptionCodec, payloadKeyFromMaster } = await import('@lienthong/temporal');
  return new EncryptionCodec(payloadKeyFromMaster(cfg.masterKey));
}

async function startWorker(db) {
  const credentials = await credentialStore(db);
  const identity = cfg.identity ?? `${cfg.name ?? 'worker'}@${hostname()}:${process.pid}`;
  let worker; let connection;
  if (cfg.workflows === 'handwritten' || cfg.workflows === 'interpreter-replica') {
    // The same worker assembly as createWorker, only the workflow code differs (benchmark 1).
    const { NativeConnection, Worker } = await import('@temporalio/worker');
    const { createConnectorActivities, createHttpClient } = await import('@lienthong/connectors/activities');
    const { withFailureMapping, workflowsPath } = await import('@lienthong/worker');
    connection = await NativeConnection.connect({ address: cfg.temporal.address });
    const activities = withFailureMapping(createConnectorActivities({ http: createHttpClient(), credentials, clock: () => new Date() }));
    worker = await Worker.create({
      connection, namespace: cfg.temporal.namespace, taskQueue: cfg.taskQueue, identity, activities,
      workflowsPath: cfg.workflows === 'handwritten' ? fileURLToPath(new URL('./workflows/handwritten.js', import.meta.url)) : workflowsPath,
      dataConverter: { payloadCodecs: [await codec()] }, ...(cfg.tuning ?? {}),
    });
  } else {
    const { createWorker } = await import('@lienthong/worker');
    // With the shared database, the worker also carries the data exchange's and the poll triggers' activities (as startPlatform's worker does).
    const shared = cfg.databaseUrl ? await services(db) : undefined;
    const exchange = shared?.exchange?.activities;
    const triggers = shared?.triggers?.poll.activities;
    ({ worker, connection } = await createWorker({ address: cfg.temporal.address, namespace: cfg.temporal.namespace, credentials, codec: await codec(),
      taskQueue: cfg.taskQueue, identity, ...(exchange ? { exchange } : {}), ...(triggers ? { triggers } : {}), ...(cfg.tuning ? { tuning: cfg.tuning } : {}) }));
  }
  const running = worker.run();
  stops.push(async () => { if (worker.getState() === 'RUNNING') worker.shutdown(); await running.catch(() => undefined); await connection.close(); });
  return identity;
}

async function services(db) {
  const { createServices } = await import('@lienthong/services');
  const { manifests } = await import('@lienthong/connectors/manifests');
  const { connectClient } = await import('@lienthong/temporal');
  const { masterKeyFrom } = await import('@lienthong/db');
  const temporal = await connectClient(cfg.temporal, { codec: await codec() });
  stops.push(() => temporal.connection.close());
  const s = createServices({ db: db.db, temporal, manifests, taskQueue: cfg.taskQueue, masterKey: masterKeyFrom(cfg.masterKey), log: log('services') });
  if (s.audit?.flush) stops.push(() => s.audit.flush());
  return s;
}

/** An API instance alone (no worker), as a province runs several behind a load balancer. */
async function startApi(db) {
  const { startApiServer } = await import('@lienthong/api');
  const { publishExamples } = await import('@lienthong/cli');
  await credentialStore(db);
  const s = await services(db);
  // The first instance on an empty database creates `admin` (as startPlatform does) and publishes the examples.
  if (cfg.adminPassword && s.users && (await s.users.count()) === 0) {
    await s.users.create({ username: 'admin', displayName: 'Quản trị / Administrator', roles: [{ role: 'admin' }], password: cfg.adminPassword });
  }
  if (cfg.publish !== false) await publishExamples(s, () => undefined);
  const api = await startApiServer({ services: s, port: cfg.port ?? 0, host: '127.0.0.1', log: log('api') });
  stops.push(() => api.close());
  return api.url;
}

async function main() {
  if (cfg.role === 'simulators') {
    const { startSimulators } = await import('@lienthong/simulators');
    const sims = await startSimulators({ port: cfg.port ?? 0, log: log('sim') });
    stops.push(() => sims.close());
    return ready({ url: sims.url });
  }
  const { Runtime, DefaultLogger } = await import('@temporalio/worker');
  try { Runtime.install({ logger: new DefaultLogger(cfg.verbose ? 'INFO' : 'WARN') }); } catch { /* installed */ }
  if (cfg.role === 'worker') {
    // A worker needs only the connectors' credentials: its own database (in memory unless DATABASE_URL) seeded with them.
    const db = await database();
    return ready({ identity: await startWorker(db) });
  }
  if (cfg.role === 'api') {
    const db = await database();
    return ready({ url: await startApi(db) });
  }
  if (cfg.role === 'platform') {
    const db = await database();
    const { startPlatform } = await import('@lienthong/cli');
    await credentialStore(db);
    const p = await startPlatform({ db, temporal: cfg.temporal, masterKey: cfg.masterKey, simulators: false, taskQueue: cfg.taskQueue, apiPort: cfg.port ?? 0, log, ...(cfg.adminPassword ? { adminPassword: cfg.adminPassword } : {}) });
    stops.push(() => p.stop());
    return ready({ url: p.apiUrl, ...(db.osThreadId ? { dbThread: db.osThreadId } : {}) });
  }
  throw new Error(`unknown role ${String(cfg.role)}`);
}

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  for (const s of stops.reverse()) await s().catch(() => undefined);
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
main().catch((err) => { process.stderr.write(`${cfg.role} failed: ${err.stack ?? err}\n`); process.exit(1); });
