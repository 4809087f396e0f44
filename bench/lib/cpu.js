// CPU of processes (and their descendants) sampled through /proc, plus the whole machine.
import { readFileSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';

const TICK = 100; // USER_HZ on Linux

function statOf(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
    // fields after ")": state(0) ppid(1) ... utime(11) stime(12); rss(21) in pages
    return { ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]), rssPages: Number(rest[21]) };
  } catch {
    return null;
  }
}

function allStats() {
  const out = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const s = statOf(d);
    if (s) out.set(Number(d), s);
  }
  return out;
}

function machineTicks() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = (line[3] ?? 0) + (line[4] ?? 0);
  const total = line.reduce((a, b) => a + b, 0);
  return { idle, total };
}

/** Sum of ticks and RSS over pid and its descendants. */
function treeTicks(stats, root) {
  let ticks = 0; let rss = 0;
  const children = new Map();
  for (const [pid, s] of stats) { if (!children.has(s.ppid)) children.set(s.ppid, []); children.get(s.ppid).push(pid); }
  const stack = [root];
  const seen = new Set();
  while (stack.length) {
    const p = stack.pop();
    if (seen.has(p)) continue;
    seen.add(p);
    const s = stats.get(p);
    if (s) { ticks += s.ticks; rss += s.rssPages * 4096; }
    for (const c of children.get(p) ?? []) stack.push(c);
  }
  return { ticks, rss };
}

/**
 * Samples every `intervalMs` the CPU (percent of ONE core; 100 × nproc = the whole machine) of each
 * named process tree and of the machine. `stop()` returns averages, peaks and the series.
 */
export function sampleCpu(named, intervalMs = 1000) {
  const ncpu = cpus().length;
  const series = [];
  let prev = null;
  const take = () => {
    const stats = allStats();
    const m = machineTicks();
    const now = performance.now();
    const per = {};
    // A name maps to a pid (that process and its descendants) or { pid, tree: false } (that process alone:
    // the benchmark process is the parent of everything it spawns).
    for (const [name, v] of Object.entries(named())) {
      if (!v) continue;
      if (typeof v === 'object') { const s = stats.get(v.pid); if (s) per[name] = { ticks: s.ticks, rss: s.rssPages * 4096 }; } else per[name] = treeTicks(stats, v);
    }
    const cur = { now, m, per };
    if (prev) {
      const dt = (now - prev.now) / 1000;
      const sample = { t: Math.round(now), machinePct: 0, procs: {} };
      const dTotal = m.total - prev.m.total;
      sample.machinePct = dTotal > 0 ? (100 * (dTotal - (m.idle - prev.m.idle))) / dTotal : 0;
      for (const [name, v] of Object.entries(per)) {
        const before = prev.per[name];
        if (!before) continue;
        sample.procs[name] = { cpuPctOfOneCore: (100 * (v.ticks - before.ticks)) / TICK / dt, rssMB: v.rss / 1048576 };
      }
      series.push(sample);
    }
    prev = cur;
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      const names = new Set(series.flatMap((s) => Object.keys(s.procs)));
      const avg = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
      const r = (x) => (x === null ? null : Math.round(x * 10) / 10);
      const procs = {};
      for (const n of names) {
        const xs = series.map((s) => s.procs[n]?.cpuPctOfOneCore).filter((x) => x !== undefined);
        const rs = series.map((s) => s.procs[n]?.rssMB).filter((x) => x !== undefined);
        procs[n] = { avgPctOfOneCore: r(avg(xs)), avgPctOfMachine: r(avg(xs) / ncpu), peakPctOfOneCore: r(Math.max(...xs)), peakRssMB: r(Math.max(...rs)) };
      }
      const ms = series.map((s) => s.machinePct);
      return { ncpu, intervalMs, samples: series.length, machine: { avgPct: r(avg(ms)), peakPct: r(Math.max(...ms)) }, procs,
        series: series.map((s) => ({ t: s.t, machinePct: r(s.machinePct), procs: Object.fromEntries(Object.entries(s.procs).map(([k, v]) => [k, r(v.cpuPctOfOneCore)])) })) };
    },
  };
}
