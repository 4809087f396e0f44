import { createDb } from '@lienthong/db';
import { temporalConfigFromEnv } from '@lienthong/temporal';
import { loadConfig } from './config.js';
import { logger } from './log.js';
import { startPlatform } from './platform.js';

/**
 * `lienthong api` / `lienthong worker`: one role of a province's multi-process layout (docs/deploy.md),
 * several of each against one Temporal cluster (TEMPORAL_ADDRESS) and one PostgreSQL (DATABASE_URL).
 * Background work (run-end callbacks, retention, alert evaluation) runs on Temporal (workflows and schedules on the
 * workers), so every instance is alike; LT_HOUSEKEEPING is obsolete and ignored.
 */
export async function roleCommand(role: 'api' | 'worker', env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const missing = ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'LT_MASTER_KEY'].filter((k) => !env[k]);
  if (missing.length > 0) {
    process.stderr.write(`Thiếu biến môi trường / missing environment: ${missing.join(', ')}\n` +
      `  \`lienthong ${role}\` chạy một vai trò trong bố trí nhiều tiến trình: cụm Temporal, PostgreSQL dùng chung và cùng một khóa chủ.\n` +
      `  \`lienthong ${role}\` runs one role of the multi-process layout: a Temporal cluster, a shared PostgreSQL and the same master key (docs/deploy.md).\n` +
      '  Một máy, một tiến trình / one machine, one process: `lienthong start`.\n');
    return 2;
  }
  const cfg = loadConfig(env);
  const log = logger(role);
  // Last resort: a promise nobody awaited must not end the process (request handlers answer their own errors).
  process.on('unhandledRejection', (err) => log(`unhandled rejection: ${(err as Error)?.stack ?? String(err)}`));
  const db = createDb({ DATABASE_URL: cfg.databaseUrl as string, DATA_DIR: cfg.dataDir });
  await db.migrate();
  const platform = await startPlatform({
    db, temporal: temporalConfigFromEnv(env) ?? { address: cfg.temporalAddress as string, namespace: cfg.temporalNamespace }, masterKey: cfg.masterKey,
    apiPort: cfg.apiPort, apiHost: cfg.apiHost, simulators: false, log: logger, http: cfg.http,
    roles: { api: role === 'api', worker: role === 'worker' },
    ...(env.LT_TASK_QUEUE ? { taskQueue: env.LT_TASK_QUEUE } : {}),
    ...(env.LT_WORKER_IDENTITY ? { workerIdentity: env.LT_WORKER_IDENTITY } : {}),
    ...(env.LT_SIMULATORS_URL ? { simulatorsUrl: env.LT_SIMULATORS_URL } : {}),
    // A cluster's Temporal UI server (started with publicPath /temporal, reachable only from the API hosts), served behind our login.
    ...(role === 'api' && env.LT_TEMPORAL_UI_URL ? { temporalUi: env.LT_TEMPORAL_UI_URL } : {}),
  });
  log(role === 'api' ? `API sẵn sàng / ready: ${platform.apiUrl}/api/v1 (health: ${platform.apiUrl}/readyz)` : `worker sẵn sàng / ready (Temporal ${cfg.temporalAddress})`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  log('Đang dừng / stopping…');
  await platform.stop();
  await db.close();
  return 0;
}
