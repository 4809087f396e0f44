// The machine and versions a result was measured on.
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, release } from 'node:os';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function cpuModel() {
  try {
    const m = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    return m ? m[1].trim() : cpus()[0]?.model ?? 'unknown';
  } catch { return cpus()[0]?.model ?? 'unknown'; }
}

function pkgVersion(name) {
  try { return require(`${name}/package.json`).version; } catch { return null; }
}

function git(args) {
  try { return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return null; }
}

export function machineInfo(extra = {}) {
  return {
    date: new Date().toISOString(),
    nproc: cpus().length,
    cpuModel: cpuModel(),
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    kernel: release(),
    /** Load average when the benchmark ended: other work on the machine (the team's builds and tests) shows here. */
    loadAverage1m5m: loadavg().slice(0, 2).map((x) => Math.round(x * 100) / 100),
    node: process.version,
    temporalSdk: pkgVersion('@temporalio/worker'),
    gitCommit: git(['rev-parse', '--short', 'HEAD']),
    gitDirty: (git(['status', '--porcelain', '--untracked-files=no']) ?? '') !== '',
    ...extra,
  };
}
