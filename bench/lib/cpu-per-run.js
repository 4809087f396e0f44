// CPU milliseconds per run, per process: utime + stime from /proc/<pid>/stat (the process, its threads and its
// descendants) read before and after a fixed count of runs. Independent of how busy the rest of the machine is,
// unlike latency; a tick is 10 ms, so count runs enough for a few hundred ticks.
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';

const MS_PER_TICK = 10; // USER_HZ = 100 on Linux

function procStats() {
  const out = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      // after ")": state(0) ppid(1) … utime(11) stime(12)
      out.set(Number(d), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch { /* exited meanwhile */ }
  }
  return out;
}

/** Ticks of one thread of a process (`{ pid, tid }`: e.g. the embedded database's thread in the platform process). */
function threadTicks(pid, tid) {
  try {
    const s = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch { return 0; }
}

/** Ticks of pid and, unless `alone`, its descendants (a dev server's children, PostgreSQL's backends). */
function ticksOf(stats, pid, alone) {
  if (alone) return stats.get(pid)?.ticks ?? 0;
  const children = new Map();
  for (const [p, s] of stats) { const list = children.get(s.ppid) ?? []; list.push(p); children.set(s.ppid, list); }
  let ticks = 0; const stack = [pid];
  while (stack.length) { const p = stack.pop(); ticks += stats.get(p)?.ticks ?? 0; stack.push(...(children.get(p) ?? [])); }
  return ticks;
}

/** A function that reads the CPU ticks (10 ms each) of every named process now; same `named` shape as cpuPerRun's. */
export function ticksReader(named) {
  const entries = Object.entries(named).filter(([, v]) => v);
  return () => { const s = procStats(); return Object.fromEntries(entries.map(([k, v]) => [k, typeof v === 'object' ? (v.tid ? threadTicks(v.pid, v.tid) : ticksOf(s, v.pid, true)) : ticksOf(s, v, false)])); };
}

/**
 * Runs `work()` (which completes `runs` runs) and returns the CPU each named process spent per run.
 * @param {Record<string, number | { pid: number, alone: true } | undefined>} named
 */
export async function cpuPerRun(named, runs, work) {
  const entries = Object.entries(named).filter(([, v]) => v);
  const read = ticksReader(named);
  const before = read(); const t0 = performance.now();
  const result = await work();
  const after = read(); const wallMs = performance.now() - t0;
  const msPerRun = Object.fromEntries(entries.map(([k]) => [k, Math.round(((after[k] - before[k]) * MS_PER_TICK * 10) / runs) / 10]));
  return { runs, wallMs: Math.round(wallMs), msPerRun, loadAverage: loadavg().map((x) => Math.round(x * 100) / 100), result };
}
