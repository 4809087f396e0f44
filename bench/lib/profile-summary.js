// Reads V8 .cpuprofile files (node --cpu-prof, one per thread) and sums self time by group over a time window:
// where a thread's CPU went per run, without the start-up before the window or the shutdown after it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The group a frame's self time is counted under: a package, a Node module, or the VM's own work. */
export function groupOf(frame) {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(garbage collector)') return '(garbage collector)';
    if (functionName === '(program)') return '(program: V8/native, no JS frame)';
    return functionName ? `native: ${functionName}` : '(native)';
  }
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url.split('node_modules/').slice(-2).join('node_modules/'));
  if (nm) return nm[1];
  const ws = /\/(packages|apps)\/([^/]+)\//.exec(url);
  if (ws) return `@lienthong/${ws[2]}`;
  const node = /^node:(?:internal\/)?([^/]+(?:\/[^/]+)?)/.exec(url);
  if (node) return `node:${node[1]}`;
  // The workflow bundle (webpack inside the sandbox): its modules keep their package path after "webpack://".
  if (/webpack|workflow-bundle/.test(url)) return `workflow bundle: ${url.replace(/^.*node_modules\//, '').split('/').slice(0, 2).join('/')}`;
  return url.replace(/^file:\/\//, '').split('/').slice(-2).join('/');
}

/**
 * Self time (ms) per group within [fromUs, toUs] (CLOCK_MONOTONIC microseconds, as the profile's own timestamps),
 * plus busy (everything but idle) and idle totals.
 */
export function summarizeProfile(profile, fromUs = -Infinity, toUs = Infinity) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const groups = new Map();
  const fns = new Map();
  let t = profile.startTime;
  let busy = 0; let idle = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    // A sample stands for the time until the next one.
    const dt = i + 1 < profile.timeDeltas.length ? profile.timeDeltas[i + 1] : 0;
    if (t < fromUs || t > toUs || dt <= 0) continue;
    const node = byId.get(profile.samples[i]);
    const g = groupOf(node.callFrame);
    if (g === '(idle)') { idle += dt; continue; }
    busy += dt;
    groups.set(g, (groups.get(g) ?? 0) + dt);
    const fn = `${node.callFrame.functionName || '(anonymous)'} · ${g}`;
    fns.set(fn, (fns.get(fn) ?? 0) + dt);
  }
  const ms = (m) => [...m].map(([k, v]) => [k, v / 1000]).sort((a, b) => b[1] - a[1]);
  return { busyMs: busy / 1000, idleMs: idle / 1000, groups: ms(groups), functions: ms(fns) };
}

/** Every profile in `dir`, named by thread: "main" for thread 0 of a process, "thread N" otherwise. */
export function readProfiles(dir) {
  return readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => {
    const m = /CPU\.\d+\.\d+\.(\d+)\.(\d+)\.\d+\.cpuprofile$/.exec(f);
    return { file: join(dir, f), pid: m ? Number(m[1]) : null, thread: m && m[2] === '0' ? 'main' : `thread ${m?.[2] ?? '?'}`, profile: JSON.parse(readFileSync(join(dir, f), 'utf8')) };
  });
}
