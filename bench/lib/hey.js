// The out-of-process load generator: `hey` (Go, Debian package "hey"), closed loop, keep-alive, one fixed request.
// A load generator in the measured process would share its CPU with what it measures; hey runs as its own process.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

const INSTALL = 'apt-get install -y --no-install-recommends hey';

function onPath(cmd) {
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(`${dir}/${cmd}`)) return `${dir}/${cmd}`;
  return null;
}

/** hey's path; installs Debian's package when missing and we may (root with apt-get), otherwise says what to run. */
export function ensureHey(log = () => undefined) {
  const found = process.env.LT_BENCH_HEY ?? onPath('hey');
  if (found) return found;
  if (process.getuid?.() === 0 && onPath('apt-get')) {
    log(`hey is missing: ${INSTALL}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    try { execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'hey'], { env, stdio: 'ignore', timeout: 300_000 }); } catch {
      execFileSync('apt-get', ['update'], { env, stdio: 'ignore', timeout: 300_000 });
      execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'hey'], { env, stdio: 'ignore', timeout: 300_000 });
    }
    const installed = onPath('hey');
    if (installed) return installed;
  }
  throw new Error(`Cần công cụ tạo tải "hey" / the load generator "hey" is required: run \`sudo ${INSTALL}\` (Debian/Ubuntu), or set LT_BENCH_HEY to its path`);
}

/** The CPU ticks of this process's waited-for children (hey, once it has exited): fields cutime + cstime. */
function childTicks() {
  const s = readFileSync('/proc/self/stat', 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return Number(f[13]) + Number(f[14]);
}

/** Parses hey's summary: status codes, transport errors, latency percentiles (seconds → ms), total time. */
export function parseHeySummary(text) {
  const num = (re) => { const m = re.exec(text); return m ? Number(m[1]) : null; };
  const statuses = {};
  const codes = /Status code distribution:\n([\s\S]*?)(?:\n\n|$)/.exec(text)?.[1] ?? '';
  for (const m of codes.matchAll(/\[(\d+)\]\s+(\d+) responses/g)) statuses[m[1]] = Number(m[2]);
  const errorKinds = {};
  const errs = /Error distribution:\n([\s\S]*?)(?:\n\n|$)/.exec(text)?.[1] ?? '';
  for (const m of errs.matchAll(/\[(\d+)\]\s+(.+)/g)) {
    // "Post http://…: net/http: request canceled (Client.Timeout exceeded …)" → the reason, without the URL
    const kind = m[2].replace(/^\w+ "?https?:\/\/\S+"?:\s*/, '').slice(0, 120);
    errorKinds[kind] = (errorKinds[kind] ?? 0) + Number(m[1]);
  }
  const pct = (p) => { const v = num(new RegExp(`\\s${p}% in ([\\d.]+) secs`)); return v === null ? null : Math.round(v * 10_000) / 10; };
  return {
    totalSeconds: num(/Total:\s+([\d.]+) secs/), statuses, errorKinds,
    latencyMs: { p10: pct(10), p50: pct(50), p90: pct(90), p99: pct(99), max: (() => { const v = num(/Slowest:\s+([\d.]+) secs/); return v === null ? null : Math.round(v * 10_000) / 10; })() },
  };
}

/**
 * Runs hey once: `concurrency` keep-alive connections, each sending the same request one after the other, for
 * `durationS` seconds (or `requests` in all). Success = HTTP 200; hey does not read bodies, so the caller checks a sample.
 */
export async function runHey({ hey, url, headers = {}, bodyFile, concurrency, durationS, requests, timeoutS = 40 }) {
  const args = ['-c', String(concurrency), '-m', 'POST', '-T', 'application/json', '-t', String(timeoutS)];
  if (durationS) args.push('-z', `${durationS}s`); else args.push('-n', String(requests));
  if (bodyFile) args.push('-D', bodyFile);
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
  args.push(url);
  const ticks0 = childTicks();
  const load0 = loadavg()[0];
  const { code, out, err } = await new Promise((resolve) => {
    const child = spawn(hey, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let o = ''; let e = '';
    child.stdout.on('data', (d) => { o += d.toString(); });
    child.stderr.on('data', (d) => { e += d.toString(); });
    child.on('close', (c) => resolve({ code: c, out: o, err: e }));
  });
  if (code !== 0) throw new Error(`hey exited ${code}: ${(err || out).slice(0, 500)}`);
  const s = parseHeySummary(out);
  const answered = s.statuses['200'] ?? 0;
  const otherStatuses = Object.entries(s.statuses).filter(([k]) => k !== '200').reduce((a, [, n]) => a + n, 0);
  const transport = Object.values(s.errorKinds).reduce((a, b) => a + b, 0);
  const seconds = s.totalSeconds ?? durationS ?? 1;
  return {
    concurrency, seconds: Math.round(seconds * 10) / 10, answered, errors: otherStatuses + transport, statuses: s.statuses, errorKinds: s.errorKinds,
    answersPerSec: Math.round((answered / seconds) * 10) / 10, latencyMs: s.latencyMs,
    heyCpuMs: (childTicks() - ticks0) * 10, loadAverage1m: [Math.round(load0 * 100) / 100, Math.round(loadavg()[0] * 100) / 100],
  };
}
