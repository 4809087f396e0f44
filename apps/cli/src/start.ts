import { join } from 'node:path';
import { createDb } from '@lienthong/db';
import { resolveTemporalCli, startDevServer, temporalConfigFromEnv, TemporalCliUnavailable, type DevServer } from '@lienthong/temporal';
import { loadConfig } from './config.js';
import { logger } from './log.js';
import { startPlatform } from './platform.js';

/**
 * `lienthong start`: Temporal (embedded dev server or TEMPORAL_ADDRESS), the database (PGlite or
 * DATABASE_URL) with migrations, simulators, worker, API and designer; prints the URLs; Ctrl-C stops all.
 */
export async function start(): Promise<number> {
  const cfg = loadConfig();
  const log = logger('start');
  let devServer: DevServer | undefined;
  let address = cfg.temporalAddress;
  let uiUrl: string | undefined;
  if (!address) {
    let cli: string;
    try {
      cli = resolveTemporalCli({ log: logger('temporal') });
    } catch (err) {
      if (err instanceof TemporalCliUnavailable) {
        process.stderr.write(`\n${err.message}\n`);
        return 1;
      }
      throw err;
    }
    const tlog = logger('temporal');
    tlog(`starting ${cli} server start-dev (data: ${join(cfg.dataDir, 'temporal', 'temporal.db')})`);
    devServer = await startDevServer({ cli, dbFile: join(cfg.dataDir, 'temporal', 'temporal.db'), port: cfg.temporalPort, uiPort: cfg.temporalUiPort, namespace: cfg.temporalNamespace, onLine: tlog,
      uiCodecEndpoint: `http://${cfg.apiHost}:${cfg.apiPort}/api/v1/codec` });
    address = devServer.address;
    uiUrl = devServer.uiUrl;
  }
  const dblog = logger('db');
  const db = createDb({ ...(cfg.databaseUrl ? { DATABASE_URL: cfg.databaseUrl } : {}), DATA_DIR: cfg.dataDir });
  await db.migrate();
  dblog(`${db.kind === 'pglite' ? `PGlite at ${join(cfg.dataDir, 'pg')}` : 'PostgreSQL (DATABASE_URL)'}: migrations applied`);

  // An existing cluster: with its TLS settings (TEMPORAL_TLS, TEMPORAL_TLS_CERT/KEY/CA).
  const temporal = (cfg.temporalAddress ? temporalConfigFromEnv() : null) ?? { address, namespace: cfg.temporalNamespace };
  const platform = await startPlatform({ db, temporal, masterKey: cfg.masterKey,
    apiPort: cfg.apiPort, apiHost: cfg.apiHost, simulatorsPort: cfg.simulatorsPort, log: logger,
    codecOrigins: [`http://127.0.0.1:${cfg.temporalUiPort}`, `http://localhost:${cfg.temporalUiPort}`] });

  log('');
  log('Liên Thông đã sẵn sàng / is up:');
  log(`  Trình thiết kế / Designer   ${platform.apiUrl}/`);
  log(`  API (REST)                  ${platform.apiUrl}/api/v1   (OpenAPI: ${platform.apiUrl}/api/v1/openapi.json)`);
  log(`  API (tRPC)                  ${platform.apiUrl}/trpc`);
  log(`  Temporal                    ${address}${uiUrl ? `   (UI: ${uiUrl})` : ''}`);
  log(`  Mô phỏng / Simulators       ${platform.simulators?.url ?? '-'}   (faults: /_control/faults)`);
  log(`  Cơ sở dữ liệu / Database    ${db.kind === 'pglite' ? join(cfg.dataDir, 'pg') : 'DATABASE_URL'}`);
  log('');
  log('Thử / Try (đăng nhập rồi gọi luồng / log in, then call the flow; agency systems sign with SigV4 instead, docs/agency-access.md):');
  log(`  TOKEN=$(curl -s -X POST '${platform.apiUrl}/api/v1/auth/login' -H 'content-type: application/json' -d '{"username":"admin","password":"<mật khẩu / password>"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).token')`);
  log(`  curl -s -X POST '${platform.apiUrl}/api/v1/flows/xac-thuc-cong-dan/runs' -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\`);
  log(`    -d '{"dossierNo":"000.25.94.H48-260115-0007","procedureCode":"1.001193.000.00.00.H48","officerId":"051085000111","applicant":{"soDinhDanh":"051090123456","hoVaTen":"NGUYỄN VĂN AN","ngaySinh":"19900512"}}'`);
  log('Ctrl-C để dừng / to stop.');

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  log('Đang dừng / stopping…');
  await platform.stop();
  await db.close();
  await devServer?.stop();
  log('Đã dừng / stopped.');
  return 0;
}
