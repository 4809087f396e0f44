import { join } from 'node:path';
import { createDb, openEmbeddedDb } from '@lienthong/db';
import { temporalConfigFromEnv } from '@lienthong/temporal';
import { loadConfig } from './config.js';
import { logger } from './log.js';
import { startPlatform } from './platform.js';

/**
 * The embedded layout runs its simulators (and a tester's receivers) on loopback, so it allows loopback egress
 * explicitly, and says so; LT_EGRESS_ALLOW, when set, replaces it. The multi-process roles allow nothing by default.
 */
function embeddedEgressAllow(log: (line: string) => void): string {
  const allow = process.env.LT_EGRESS_ALLOW ?? '127.0.0.0/8,::1';
  log(`LT_EGRESS_ALLOW=${allow} (callback và webhook chỉ được tới các địa chỉ nội bộ này / callbacks and webhooks may reach these internal addresses)`);
  return allow;
}

/**
 * `lienthong _platform` (internal): the platform process `lienthong start` supervises — database and migrations,
 * simulators, worker, API and designer. Tells its supervisor when it is ready (IPC) and stops when told to, or when
 * the supervisor goes (its IPC channel closes), so it never outlives it holding the port and the database files.
 */
export async function platformProcess(args: string[]): Promise<number> {
  process.umask(0o077);
  const supervisorGone = new Promise<void>((resolve) => process.once('disconnect', () => resolve()));
  const devTemporal = args[args.indexOf('--dev-temporal') + 1];
  // The embedded dev server's UI (internal loopback address), served by our API under /temporal/ behind the login.
  const temporalUi = args.includes('--temporal-ui') ? args[args.indexOf('--temporal-ui') + 1] : undefined;
  const cfg = loadConfig();
  const log = logger('start');
  // Last resort: a promise nobody awaited must not end the process (the request handlers answer their own errors;
  // this is for a background job's). An exception thrown outside any handler does end it; the supervisor restarts it.
  process.on('unhandledRejection', (err) => logger('api')(`unhandled rejection: ${(err as Error)?.stack ?? String(err)}`));

  // A worker that failed, or the embedded database's thread gone, leaves an API that cannot work: stop and exit 1,
  // the supervisor restarts us.
  let workerFailed: (() => void) | null = null;
  let failed = false;
  const fail = () => { failed = true; workerFailed?.(); };
  // PGlite on its own thread, reached over a Unix socket (docs/decisions/0015-pglite-on-its-own-thread.md).
  const db = cfg.databaseUrl ? createDb({ DATABASE_URL: cfg.databaseUrl }) : await openEmbeddedDb({ DATA_DIR: cfg.dataDir }, (reason) => {
    logger('db')(`luồng PGlite đã dừng / the PGlite thread stopped (${reason})`);
    fail();
  });
  await db.migrate();
  logger('db')(`${db.kind === 'pglite' ? `PGlite at ${join(cfg.dataDir, 'pg')}` : 'PostgreSQL (DATABASE_URL)'}: migrations applied`);
  // An existing cluster: with its TLS settings (TEMPORAL_TLS, TEMPORAL_TLS_CERT/KEY/CA).
  const temporal = (cfg.temporalAddress ? temporalConfigFromEnv() : null)
    ?? { address: cfg.temporalAddress ?? (args.includes('--dev-temporal') && devTemporal ? devTemporal : `127.0.0.1:${cfg.temporalPort}`), namespace: cfg.temporalNamespace };
  const platform = await startPlatform({ db, temporal, masterKey: cfg.masterKey, http: cfg.http, onWorkerFailed: fail,
    apiPort: cfg.apiPort, apiHost: cfg.apiHost, simulatorsPort: cfg.simulatorsPort, log: logger, egressAllow: embeddedEgressAllow(log),
    ...(temporalUi ? { temporalUi } : {}) });

  await new Promise<void>((resolve) => {
    workerFailed = resolve;
    if (failed) resolve();
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
    void supervisorGone.then(resolve);
    if (process.connected) process.send?.({ type: 'ready', apiUrl: platform.apiUrl, dbKind: db.kind, ...(platform.simulators ? { simulatorsUrl: platform.simulators.url } : {}) });
    else if (process.send) resolve(); // the supervisor went while we started
  });
  log('Đang dừng nền tảng / stopping the platform…');
  await platform.stop();
  await db.close();
  if (process.connected) process.disconnect(); // the open channel would keep this process alive
  return failed ? 1 : 0;
}
