import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, resolveTemporalCli, startDevServer, TemporalCliUnavailable, type DevServer } from '@lienthong/temporal';
import { loadConfig, secureDataDir, type Config } from './config.js';
import { logger } from './log.js';
import { devServersOn, isOurDevServer, isOurs, readPid, removePid, stopPid, supervise, writePid } from './supervisor.js';

const mainScript = fileURLToPath(new URL('./main.js', import.meta.url));
const isOurStart = (argv: string[]) => argv.includes('start') && argv.some((a) => /(main|lienthong)(\.js)?$/.test(a));
const isOurPlatform = (dataDir: string) => (argv: string[]) => argv.includes('_platform') && argv.includes(dataDir);

/**
 * What a previous start killed with -9 left behind: its platform child (which stops by itself when its supervisor goes;
 * wait for it, it holds the API port and PGlite's files) and its Temporal dev server (on our Temporal file: stop it, its
 * output pipes lead nowhere now, and start a fresh one).
 */
async function clearLeftovers(cfg: Config, dbFile: string): Promise<void> {
  const log = logger('start');
  const platform = readPid(cfg.dataDir, 'platform');
  if (platform && isOurs(platform, isOurPlatform(cfg.dataDir))) {
    log(`tiến trình nền tảng cũ còn chạy / a previous platform process is still running (pid ${platform}): stopping it`);
    await stopPid(platform, 30_000);
  }
  removePid(cfg.dataDir, 'platform');
  const recorded = readPid(cfg.dataDir, 'temporal');
  const orphans = new Set([...(recorded && isOurs(recorded, isOurDevServer(dbFile)) ? [recorded] : []), ...devServersOn(dbFile)]);
  for (const pid of orphans) {
    logger('temporal')(`máy chủ Temporal của lần chạy trước / the previous start's Temporal dev server (pid ${pid}): stopping it`);
    await stopPid(pid);
  }
  removePid(cfg.dataDir, 'temporal');
}

/**
 * `lienthong start`: Temporal (embedded dev server or TEMPORAL_ADDRESS), then the platform (database and migrations,
 * simulators, worker, API, designer) as a supervised child process, started again when it dies; prints the URLs;
 * Ctrl-C or SIGTERM stops all.
 */
export async function start(): Promise<number> {
  process.umask(0o077);
  const cfg = loadConfig();
  const log = logger('start');
  secureDataDir(cfg.dataDir);
  const running = readPid(cfg.dataDir, 'start');
  if (running && running !== process.pid && isOurs(running, isOurStart)) {
    process.stderr.write(`Liên Thông đang chạy trên ${cfg.dataDir} (pid ${running}) / is already running on this data directory\n`);
    return 1;
  }
  writePid(cfg.dataDir, 'start', process.pid);
  let stopRequested = false;
  const stopped = new Promise<void>((resolve) => {
    const stop = () => { stopRequested = true; resolve(); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  const dbFile = join(cfg.dataDir, 'temporal', 'temporal.db');
  let devServer: DevServer | undefined;
  const stopDevServer = async () => { if (devServer) { await devServer.stop(); removePid(cfg.dataDir, 'temporal', devServer.process.pid); } };
  try {
    await clearLeftovers(cfg, dbFile);
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
      tlog(`starting ${cli} server start-dev (data: ${dbFile})`);
      const scheme = cfg.http.tls ? 'https' : 'http';
      // The UI on a loopback port nobody is told (chosen once: a restarted dev server keeps it), under /temporal, which
      // the API serves behind its login (apps/api/src/temporal-ui.ts); LT_TEMPORAL_UI=off: no UI at all.
      const ui = cfg.temporalUi ? { uiPort: cfg.temporalUiPort ?? await freePort(), uiPublicPath: '/temporal' } : {};
      const options = { cli, dbFile, port: cfg.temporalPort, ...ui, namespace: cfg.temporalNamespace, onLine: tlog,
        uiCodecEndpoint: `${scheme}://${cfg.apiHost}:${cfg.apiPort}/api/v1/codec` };
      // The dev server is supervised too: when it dies it is started again on the same port and file (runs survive in it).
      const launch = async (): Promise<DevServer> => {
        const d = await startDevServer(options);
        devServer = d;
        if (d.process.pid) writePid(cfg.dataDir, 'temporal', d.process.pid);
        d.process.once('exit', (code, signal) => {
          removePid(cfg.dataDir, 'temporal', d.process.pid);
          if (stopRequested || devServer !== d) return;
          tlog(`máy chủ Temporal dừng bất thường / the Temporal dev server died (${signal ?? `exit ${String(code)}`}); khởi động lại / restarting`);
          setTimeout(() => { if (!stopRequested) launch().catch((err: unknown) => tlog(`không khởi động lại được / could not restart it: ${(err as Error).message}`)); }, 1_000);
        });
        return d;
      };
      const d = await launch();
      address = d.address;
      uiUrl = d.uiUrl;
    }

    const sup = supervise({ script: mainScript, args: ['_platform', '--data-dir', cfg.dataDir, ...(devServer ? ['--dev-temporal', address] : []), ...(uiUrl ? ['--temporal-ui', uiUrl] : [])], dataDir: cfg.dataDir, log });
    const first = await Promise.race([sup.firstReady, stopped.then(() => null)]);
    if (!first || 'exitCode' in first) {
      await sup.stop();
      if (!stopRequested) process.stderr.write('Nền tảng không khởi động được (xem nhật ký ở trên) / the platform did not start (see the log above)\n');
      return first && 'exitCode' in first ? first.exitCode || 1 : 0;
    }
    const { apiUrl, simulatorsUrl, dbKind } = first.ready;
    log('');
    log('Liên Thông đã sẵn sàng / is up:');
    log(`  Trình thiết kế / Designer   ${apiUrl}/`);
    log(`  API (REST)                  ${apiUrl}/api/v1   (OpenAPI: ${apiUrl}/api/v1/openapi.json)`);
    log(`  API (tRPC)                  ${apiUrl}/trpc`);
    log(`  Temporal                    ${address}${uiUrl ? `   (UI: ${apiUrl}/temporal/ — quản trị viên, kiểm toán viên đã đăng nhập / signed-in admins and auditors)` : ''}`);
    log(`  Mô phỏng / Simulators       ${simulatorsUrl ?? '-'}   (faults: /_control/faults)`);
    log(`  Cơ sở dữ liệu / Database    ${dbKind === 'pglite' ? join(cfg.dataDir, 'pg') : 'DATABASE_URL'}`);
    log('');
    log('Thử / Try (đăng nhập rồi gọi luồng / log in, then call the flow; agency systems sign with SigV4 instead, docs/agency-access.md):');
    log(`  TOKEN=$(curl -s -X POST '${apiUrl}/api/v1/auth/login' -H 'content-type: application/json' -d '{"username":"admin","password":"<mật khẩu / password>"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).token')`);
    log(`  curl -s -X POST '${apiUrl}/api/v1/flows/xac-thuc-cong-dan/runs' -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\`);
    log(`    -d '{"dossierNo":"000.25.94.H48-260115-0007","procedureCode":"1.001193.000.00.00.H48","officerId":"051085000111","applicant":{"soDinhDanh":"051090123456","hoVaTen":"NGUYỄN VĂN AN","ngaySinh":"19900512"}}'`);
    log('Ctrl-C để dừng / to stop.');

    await stopped;
    log('Đang dừng / stopping…');
    await sup.stop();
    await stopDevServer();
    log('Đã dừng / stopped.');
    return 0;
  } finally {
    await stopDevServer();
    if (readPid(cfg.dataDir, 'start') === process.pid) removePid(cfg.dataDir, 'start');
  }
}
