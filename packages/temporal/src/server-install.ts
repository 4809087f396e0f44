import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { executable, lienthongCacheDir, onPath, type Log } from './cli-install.js';

/**
 * The Temporal server proper (not the CLI's dev server) for a multi-process cluster on PostgreSQL, and its SQL
 * schema tool. Both are built once from the Go module proxy with `go install` (about 4 minutes each on 2 cores)
 * into the cache; nothing downloads or builds them while tests or the platform run.
 */
export const TEMPORAL_SERVER_VERSION = '1.29.1';

/** The command that builds both binaries, for messages. */
export const SERVER_INSTALL_COMMAND = 'npx lienthong cluster install';

export class TemporalServerUnavailable extends Error {
  override readonly name = 'TemporalServerUnavailable';
}

export interface TemporalServerBinaries {
  /** `temporal-server`'s binary (`go.temporal.io/server/cmd/server`, installed as `server`). */
  server: string;
  /** `temporal-sql-tool` (`go.temporal.io/server/cmd/tools/sql`, installed as `sql`). */
  sqlTool: string;
  version: string;
}

export function serverCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return lienthongCacheDir(env, 'temporal-server', TEMPORAL_SERVER_VERSION, 'bin');
}

const binaries = (dir: string): TemporalServerBinaries => ({ server: join(dir, 'server'), sqlTool: join(dir, 'sql'), version: TEMPORAL_SERVER_VERSION });

/** The cached binaries, or an error naming the install command (never builds them: that is `installTemporalServer`). */
export function resolveTemporalServer(env: NodeJS.ProcessEnv = process.env): TemporalServerBinaries {
  const dir = serverCacheDir(env);
  const found = binaries(dir);
  const missing = [found.server, found.sqlTool].filter((p) => !executable(p));
  if (missing.length) {
    throw new TemporalServerUnavailable([
      `Chưa cài Temporal server ${TEMPORAL_SERVER_VERSION} / Temporal server ${TEMPORAL_SERVER_VERSION} is not installed: missing ${missing.join(', ')}.`,
      `Cài một lần (cần Go và mạng tới Go module proxy) / install it once (needs Go and the Go module proxy): ${SERVER_INSTALL_COMMAND}`,
    ].join('\n'));
  }
  return found;
}

/** Go on PATH, or where the official tarball puts it. */
function findGo(env: NodeJS.ProcessEnv): string | null {
  return onPath('go', env) ?? (executable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : null);
}

/** Builds whichever of the two binaries is missing into the cache with `go install …@v<version>`. */
export function installTemporalServer(opts: { env?: NodeJS.ProcessEnv; log?: Log } = {}): TemporalServerBinaries {
  const env = opts.env ?? process.env;
  const log = opts.log ?? ((l: string) => console.log(`[temporal-server] ${l}`));
  const dir = serverCacheDir(env);
  const target = binaries(dir);
  const todo = [[target.server, 'cmd/server'], [target.sqlTool, 'cmd/tools/sql']].filter(([bin]) => !executable(bin!));
  if (!todo.length) return target;
  const go = findGo(env);
  if (!go) throw new TemporalServerUnavailable(`Không tìm thấy Go / Go not found on PATH or in /usr/local/go/bin: it builds Temporal server ${TEMPORAL_SERVER_VERSION}.`);
  mkdirSync(dir, { recursive: true });
  for (const [, pkg] of todo) {
    const args = ['install', `go.temporal.io/server/${pkg!}@v${TEMPORAL_SERVER_VERSION}`];
    log(`$ GOBIN=${dir} ${go} ${args.join(' ')}   (vài phút / a few minutes)`);
    const r = spawnSync(go, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...env, GOBIN: dir } });
    if (r.status !== 0) throw new TemporalServerUnavailable(`go install go.temporal.io/server/${pkg!}@v${TEMPORAL_SERVER_VERSION} failed (exit ${String(r.status)}).`);
  }
  return resolveTemporalServer(env);
}
