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
  if (/webpack|workflow-bundle/.test(url)) return 'workflow bundle (our interpreter and the SDK, in the sandbox)';
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

/** Coarser groups for a per-run breakdown: database, Temporal SDK, HTTP and API, validation, our code, the VM itself. */
export function categoryOf(group) {
  if (/^(@electric-sql\/pglite|wasm\/|drizzle-orm|pg|pg-protocol|pg-pool|postgres-array)$|^wasm\//.test(group)) return 'database (PGlite/node-postgres, drizzle)';
  if (/^(@temporalio\/|protobufjs|@protobufjs\/|long$|proto3-json-serializer|rxjs|ms$|nexus-rpc|@grpc\/)/.test(group) || /workflow bundle|evalmachine|runInContext/.test(group)) return 'Temporal SDK (worker, core bridge, sandbox, workflow bundle)';
  if (/^(node:(deps\/undici|_http|http|net|stream|internal\/http|zlib|dns|tls)|@trpc\/|undici|trpc-to-openapi)/.test(group)) return 'HTTP (API server, fetch to the simulator)';
  if (/^(ajv|zod|ajv-formats)/.test(group)) return 'validation (ajv, zod)';
  if (/^@lienthong\//.test(group)) return 'our packages (@lienthong/*)';
  if (/^\(|^native: |^\(native\)/.test(group)) return 'V8 itself: GC, native code, messaging (postMessage)';
  if (/^node:/.test(group)) return 'other Node.js internals (async_hooks, crypto, timers, …)';
  return 'other packages';
}
