import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LtError } from '@lienthong/errors';
import { createBatchStore, createCredentialStore, masterKeyFrom, CredentialNotFound, CredentialNotGranted, type DbHandle } from '@lienthong/db';
import { manifests } from '@lienthong/connectors/manifests';
import type { CredentialStore } from '@lienthong/connectors/activities';
import { createConnectionResolver, createServices, type Services } from '@lienthong/services';
import { createMaintenanceReader } from '@lienthong/services';
import { connectClient, EncryptionCodec, payloadKeyFromMaster, type TemporalConfig } from '@lienthong/temporal';
import { simulatorCredentials, startSimulators, type RunningSimulators } from '@lienthong/simulators';
import { startApiServer, startMetricsListener, type ApiServerOptions, type RunningApi } from '@lienthong/api';
import { alertConfigFromEnv, createAlertEngine, egressPolicy, workerDownProbe, type AlertEnv } from '@lienthong/observability';
import { clientTracingInterceptors, startTracing, stopTracing, tracingEnabled } from '@lienthong/observability';
import { TASK_QUEUE } from '@lienthong/temporal/keys';
import { connectWorker, createHistoryReplayer, createWorker, stepScheduledAt } from '@lienthong/worker';
import { serveDesigner } from './designer.js';
import type { Logger } from './log.js';
import type { HttpConfig } from './config.js';

export const examplesDir = fileURLToPath(new URL('../../../examples', import.meta.url));

export interface PlatformOptions {
  db: DbHandle;
  /** The cluster; `tls` as TEMPORAL_TLS* give it (temporalConfigFromEnv), for the client and the worker alike. */
  temporal: TemporalConfig;
  masterKey: string;
  apiPort?: number;
  apiHost?: string;
  simulatorsPort?: number;
  /** Start simulators in this process (the embedded default) and point the seeded credentials at them. */
  simulators?: boolean;
  taskQueue?: string;
  log: (component: string) => Logger;
  /**
   * First start (no accounts yet) creates the account `admin` with this password, or with a generated one
   * printed once. Tests pass their own.
   */
  adminPassword?: string;
  /** How often the retention schedule archives finished runs and destroys expired run data (default LT_RETENTION_INTERVAL_MS, else 5 min). */
  retentionIntervalMs?: number;
  /** Origins (the Temporal UI) allowed to call the codec endpoint with the session cookie. */
  codecOrigins?: readonly string[];
  /** The Temporal UI's internal address, served by the API under /temporal/ to signed-in admins and auditors (apps/api/src/temporal-ui.ts). */
  temporalUi?: string;
  /** Alert channels and thresholds (LT_ALERT_*; default process.env). */
  alertEnv?: AlertEnv;
  /** Access gate options (clock for signature dates, proxy trust, Secure cookies). */
  auth?: ApiServerOptions['auth'];
  /** The API listener's hardening: proxy trust, TLS, /metrics access, timeouts and connection cap (config.ts httpConfig). */
  http?: Partial<HttpConfig>;
  /** Eager workflow start to the in-process worker (default on; LT_EAGER_START=false turns it off). */
  eagerStart?: boolean;
  /**
   * What this process runs (default: everything, as `npm start`). A province's layout runs `lienthong api`
   * (api only) and `lienthong worker` (worker only) as separate processes, several of each.
   */
  roles?: { api?: boolean; worker?: boolean };
  /** Point the connectors' seeded credentials at simulators running elsewhere (demos and tests of the multi-process layout). */
  simulatorsUrl?: string;
  /** The worker failed (not a requested stop): a supervised process exits so that it is started again. */
  onWorkerFailed?: (err: Error) => void;
  /** The worker's identity in Temporal's history (default: the SDK's pid@host). */
  workerIdentity?: string;
  /**
   * Egress allow list for callbacks and webhooks (LT_EGRESS_ALLOW syntax: CIDRs, addresses, host names; default
   * process.env.LT_EGRESS_ALLOW, else nothing: loopback, link-local and private addresses are refused).
   */
  egressAllow?: string;
}

export interface Platform {
  /** Empty when this process runs no API (`lienthong worker`). */
  apiUrl: string;
  simulators?: RunningSimulators;
  services: Services;
  stop(): Promise<void>;
}

/** Credentials the demo flows reference, pointed at our simulators. Real deployments put their own. */
export async function seedSimulatorCredentials(store: ReturnType<typeof createCredentialStore>, simUrl: string, smtp?: { port: number; ca: string }): Promise<void> {
  // Demo credentials for simulators: granted to every flow ('*'). Real credentials are granted flow by flow.
  for (const c of simulatorCredentials(simUrl, smtp)) { await store.put(c.id, c.type, c.secret); await store.grant(c.id, ['*'], 'system:simulators'); }
}

/** The credential holding the citizen verification cache's HMAC key (DOMAIN §7.a), and the flows it is granted to. */
export const VERIFICATION_KEY_ID = 'xac-thuc-hmac';
const VERIFICATION_KEY_FLOWS = ['xac-thuc-cong-dan-day-du'];

/** Made once per install (random, encrypted at rest like every credential), never in flow data; a province may rotate it. */
export async function ensureVerificationKey(store: ReturnType<typeof createCredentialStore>): Promise<void> {
  if ((await store.list()).some((c) => c.id === VERIFICATION_KEY_ID)) return;
  await store.put(VERIFICATION_KEY_ID, 'verification-hmac', { key: randomBytes(32).toString('base64') });
  await store.grant(VERIFICATION_KEY_ID, VERIFICATION_KEY_FLOWS, 'system:platform');
}

/** The software signing key of the report roll-ups (DOMAIN §7.c step 6), a credential named by id; the flows it is granted to. */
export const REPORT_SIGNING_KEY_ID = 'bao-cao-ky-so';
const REPORT_SIGNING_FLOWS = ['tong-hop-bao-cao-day-du'];

/** Made once per install (Ed25519, encrypted at rest like every credential), never in flow data; a province may replace it with its CA-issued key. */
export async function ensureReportSigningKey(store: ReturnType<typeof createCredentialStore>): Promise<void> {
  if ((await store.list()).some((c) => c.id === REPORT_SIGNING_KEY_ID)) return;
  const { privateKey } = generateKeyPairSync('ed25519');
  await store.put(REPORT_SIGNING_KEY_ID, 'signing-key', { privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() });
  await store.grant(REPORT_SIGNING_KEY_ID, REPORT_SIGNING_FLOWS, 'system:platform');
}

/** The flow keys a document calls as subflows (a subflow node, or a foreach whose body is one). */
function subflowKeys(doc: unknown): string[] {
  const nodes = (doc as { nodes?: Record<string, { kind?: string; flow?: { key?: string }; body?: { subflow?: { key?: string } } }> }).nodes ?? {};
  return Object.values(nodes).map((n) => (n.kind === 'subflow' ? n.flow?.key : n.body?.subflow?.key)).filter((k): k is string => typeof k === 'string');
}

/** Example files in dependency order: a flow another calls as a subflow (pinned to a version) is published before it. */
export function examplesInDependencyOrder(files: { name: string; doc: unknown }[]): { name: string; doc: unknown }[] {
  const byKey = new Map(files.map((f) => [(f.doc as { key?: string }).key, f]));
  const out: { name: string; doc: unknown }[] = [];
  const seen = new Set<string>();
  const visit = (f: { name: string; doc: unknown }): void => {
    if (seen.has(f.name)) return;
    seen.add(f.name); // marked first: a cycle ends here instead of looping (the publish then names the missing flow)
    for (const k of subflowKeys(f.doc)) { const dep = byKey.get(k); if (dep) visit(dep); }
    out.push(f);
  };
  [...files].sort((a, b) => a.name.localeCompare(b.name)).forEach(visit);
  return out;
}

/** Publishes every example flow, a called subflow before its caller (publishing unchanged content is a no-op). */
export async function publishExamples(services: Services, log: Logger): Promise<void> {
  const files = readdirSync(examplesDir).filter((n) => n.endsWith('.json'))
    .map((name) => ({ name, doc: JSON.parse(readFileSync(`${examplesDir}/${name}`, 'utf8')) as unknown }));
  for (const { name: f, doc } of examplesInDependencyOrder(files)) {
    try {
      const v = await services.flows.publish(doc, { by: 'system:examples', note: 'example' });
      log(`flow ${v.flowKey} v${v.version} (${v.hash.slice(0, 12)})`);
    } catch (err) {
      log(`example ${f} not published: ${(err as Error).message}`);
    }
  }
}

/** With no accounts yet, creates `admin`; a generated password is printed once (it is stored only as a scrypt hash). */
export async function ensureFirstAdmin(services: Services, log: Logger, password?: string): Promise<void> {
  if ((await services.users.count()) > 0) return;
  const r = await services.users.create({ username: 'admin', displayName: 'Quản trị / Administrator', roles: [{ role: 'admin' }], ...(password ? { password } : {}) });
  await services.audit.record({ actorType: 'platform', actorId: 'platform', action: 'users.create', outcome: 'ok', detail: { username: 'admin', firstStart: true } });
  if (r.password) {
    log('Tài khoản quản trị đầu tiên / first admin account (mật khẩu chỉ hiện một lần / password shown once):');
    log(`  admin / ${r.password}`);
  }
}

/** The embedded platform in one process: simulators, worker, API (and the designer's files). */
export async function startPlatform(o: PlatformOptions): Promise<Platform> {
  const mk = masterKeyFrom(o.masterKey);
  const credentialsDb = createCredentialStore(o.db.db, mk);
  const plainCredentials: CredentialStore = {
    // The worker's store: a credential serves only a flow it is granted to (credential_grants).
    resolve: async (id, use) => {
      try {
        return await credentialsDb.resolve(id, { flowKey: use?.flowKey });
      } catch (err) {
        if (err instanceof CredentialNotFound) throw new LtError('CONNECTOR_CREDENTIAL_NOT_FOUND', { credentialId: id });
        if (err instanceof CredentialNotGranted) throw new LtError('CREDENTIAL_NOT_GRANTED', { credentialId: id, flowKey: err.flowKey });
        throw err;
      }
    },
  };
  const connectionCredentials: { store?: CredentialStore } = {}; // connections first (set once the services exist, below)
  const credentials: CredentialStore = { resolve: (id, use) => (connectionCredentials.store ?? plainCredentials).resolve(id, use) };
  const stops: (() => Promise<void>)[] = [];
  let simulators: (RunningSimulators & { smtpPort: number; smtpCa: string }) | undefined;
  if (o.simulators !== false) {
    simulators = await startSimulators({ port: o.simulatorsPort ?? 0, log: o.log('simulators') });
    stops.push(() => simulators?.close() ?? Promise.resolve());
    await seedSimulatorCredentials(credentialsDb, simulators.url, { port: simulators.smtpPort, ca: simulators.smtpCa });
  } else if (o.simulatorsUrl) {
    await seedSimulatorCredentials(credentialsDb, o.simulatorsUrl);
  }
  const roles = { api: o.roles?.api ?? true, worker: o.roles?.worker ?? true };
  // Every Temporal payload is encrypted with a key derived from the master key (no clear personal data in histories).
  const codec = new EncryptionCodec(payloadKeyFromMaster(o.masterKey));
  // Tracing (OTEL_EXPORTER_OTLP_ENDPOINT): started here unless the embedding process (a test) already did.
  if (!tracingEnabled() && startTracing()) stops.push(() => stopTracing());
  // One connection for the client and the in-process worker: eager workflow start hands a run's first
  // workflow task straight back to this worker (one task dispatch fewer on every synchronous call).
  const connection = await connectWorker(o.temporal.address, o.temporal.tls);
  stops.push(() => connection.close());
  const temporal = await connectClient(o.temporal, { codec, interceptors: clientTracingInterceptors(), connection });
  // Eager start needs the worker in this process (same connection, same task queue).
  const eagerStart = roles.worker && (o.eagerStart ?? process.env.LT_EAGER_START !== 'false');
  const egress = egressPolicy(o.egressAllow ?? process.env.LT_EGRESS_ALLOW);
  // "Verify replay" replays a run's history on this install's worker build (bundled once, on first use).
  const replayer = createHistoryReplayer({ payloadCodec: codec });
  const services = createServices({ egress, replayer, db: o.db.db, temporal, manifests, masterKey: mk, log: o.log('api'), eagerStart, purgeAtClose: true, ...(o.taskQueue ? { taskQueue: o.taskQueue } : {}) });
  stops.push(() => services.audit.flush()); // after the API stops: every queued audit row is written
  // A connection serves a step the version valid when the step was scheduled, within the target system's shared rate limit.
  connectionCredentials.store = createConnectionResolver({ store: services.connections.store(), limits: services.requestLimits, fallback: plainCredentials, stepScheduledAt });
  if (roles.api) {
    await ensureFirstAdmin(services, o.log('start'), o.adminPassword);
    await ensureVerificationKey(credentialsDb);
    await ensureReportSigningKey(credentialsDb);
    await publishExamples(services, o.log('start'));
    await services.reporting.regimes.ensureDemo(); // the regime tong-hop-bao-cao-day-du's schedule runs on (never over an edited one)
    await services.schedules.syncAll(); // schedules made by an older release start runs the current way
    await services.triggers.poll.syncAll(); // every poll-triggered flow has its poller (one per flow, whoever starts first)
  }

  // Background work on Temporal (docs/decisions/0011): retention and alert evaluation are Temporal Schedules, created by
  // whichever process starts first; their workflows and the run-end callbacks run on the workers.
  const alertLog = o.log('alerts');
  const alertConfig = alertConfigFromEnv(o.alertEnv ?? process.env, alertLog, egress);
  // Scheduled backups only with LT_BACKUP_DIR and a key of their own; otherwise no schedule, and the console says so.
  const backupStatus = await services.backups.status();
  if (!backupStatus.enabled) o.log('backups')(`sao lưu định kỳ đang tắt / scheduled backups are off (${backupStatus.reason === 'no-dir' ? 'LT_BACKUP_DIR' : 'LT_BACKUP_KEY_FILE / LT_BACKUP_PASSPHRASE'})`);
  await services.background.ensure({ alertsEveryMs: alertConfig.intervalMs ?? 15_000,
    retentionEveryMs: o.retentionIntervalMs ?? Number(process.env.LT_RETENTION_INTERVAL_MS ?? 300_000), backupsEveryMs: backupStatus.enabled ? backupStatus.everyMs : null });

  if (roles.worker) {
    // Alerts: rules over the connector outcomes of this process's worker, delivered by webhook and email;
    // evaluated when the alert schedule's workflow asks (no timer of its own).
    const alertEngine = createAlertEngine({ store: services.alerts, log: alertLog, ...alertConfig, every: () => () => undefined,
      probes: [workerDownProbe(temporal.workflowService, { namespace: o.temporal.namespace, taskQueue: o.taskQueue ?? TASK_QUEUE })] });
    await alertEngine.start();
    stops.push(() => alertEngine.stop());
    const retentionLog = o.log('retention');
    const background = { ...services.callbacks.activities,
      async retentionSweep() {
        const r = await services.retention.tick();
        await services.verificationCache.sweep(new Date()); // expired verification results (DOMAIN §7.a: kept ≤ 24 h)
        if (r.destroyed.length > 0) retentionLog(`retention ended for ${r.destroyed.length} run(s): data keys destroyed`);
        return { archived: r.archived, destroyed: r.destroyed.length };
      },
      retentionPurgeRun: async (runId: string) => ({ destroyed: await services.retention.purgeAtClose(runId) }),
      alertsEvaluate: async () => {
        await alertEngine.evaluate();
        // a critical alert that lasts becomes an incident (services/incidents); a failure here never stops the alerts.
        await services.incidents.openForCriticalAlerts(new Date()).catch((e: unknown) => alertLog(`incidents: ${(e as Error).message}`));
      },
      reportsGenerate: async (at?: string) => {
        await services.stats.sync();
        return { stored: (await services.reports.stored.generateDue(at ? new Date(at) : new Date())).map((r) => `${r.kind}:${r.slug}`) };
      } };
    const { worker } = await createWorker({ address: o.temporal.address, namespace: o.temporal.namespace, connection, credentials, catalogues: services.catalogues, verificationCache: services.verificationCache, reportDeliveries: services.reportDeliveries, audit: services.audit, reporting: services.reporting.cycle, codec, exchange: services.exchange.activities, background,
      schedules: services.schedules.activities, triggers: services.triggers.poll.activities, tasks: services.tasks.activities, accountRequests: services.accountRequests.activities, backups: services.backups.activities, batches: createBatchStore(o.db.db, mk),
      ioc: services.ioc.store, // DOMAIN §7.d: the IOC register and indicator outbox
      maintenance: createMaintenanceReader(o.db.db), // steps to a system in a maintenance window wait until it ends
      ...(o.taskQueue ? { taskQueue: o.taskQueue } : {}), ...(o.workerIdentity ? { identity: o.workerIdentity } : {}) });
    const workerLog = o.log('worker');
    const running = worker.run().catch((err: unknown) => { workerLog(`worker stopped: ${(err as Error).message}`); o.onWorkerFailed?.(err as Error); });
    stops.push(async () => { if (worker.getState() === 'RUNNING') worker.shutdown(); await running; });
  }
  const stop = async () => { for (const s of stops.reverse()) await s().catch(() => undefined); };

  if (!roles.api) return { apiUrl: '', services, stop };
  const designer = serveDesigner();
  const http = o.http ?? {};
  const auth = { ...o.auth, ...(http.trustProxy !== undefined ? { trustProxy: http.trustProxy } : {}), ...(http.secureCookies !== undefined ? { secureCookies: http.secureCookies } : {}) };
  const api: RunningApi = await startApiServer({ services, port: o.apiPort ?? 0, host: o.apiHost ?? '127.0.0.1', log: o.log('api'), auth,
    codec, codecOrigins: o.codecOrigins ?? [], ...(o.temporalUi ? { temporalUi: o.temporalUi } : {}), ...(http.limits ? { limits: http.limits } : {}), ...(http.metricsToken ? { metricsToken: http.metricsToken } : {}),
    ...(http.tls ? { tls: http.tls } : {}),
    fallback: (req: IncomingMessage, res: ServerResponse) => designer(req, res) });
  stops.push(() => api.close());
  if (http.metricsPort) {
    const m = await startMetricsListener(http.metricsPort);
    stops.push(() => m.close());
    o.log('api')(`/metrics: ${m.url}/metrics`);
  }
  return { apiUrl: api.url, services, ...(simulators ? { simulators } : {}), stop };
}
