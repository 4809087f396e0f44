// A small closed-loop load generator: `connections` keep-alive connections, each issuing one request
// after the other (optionally paced) until `durationMs` has passed or `maxRequests` were sent.
import http from 'node:http';
import { summarize } from './stats.js';

/**
 * @param {object} o
 * @param {string} o.url
 * @param {string} [o.method]
 * @param {(i: number) => ({ body?: string | Buffer, headers?: Record<string,string> })} [o.request] builds request i
 * @param {number} o.connections
 * @param {number} o.durationMs
 * @param {number} [o.maxRequests]
 * @param {number} [o.timeoutMs] per request
 * @param {number} [o.paceMs] each connection waits so that it starts at most one request every paceMs
 * @param {number} [o.rampMs] connections start spread over this long
 * @param {(status: number, body: string) => boolean} [o.ok] what counts as a success (default 2xx)
 * @param {string} [o.openPath] each connection first GETs this path (not counted) so that every connection is open from the start
 * @param {number} [o.spreadMs] after opening, connection c waits c/connections × spreadMs before its first counted request
 */
export async function runLoad(o) {
  const u = new URL(o.url);
  // One agent with one socket per connection loop: each loop is one real keep-alive connection (a shared pool
  // would hand a few sockets around and never hold `connections` open at once).
  const agents = Array.from({ length: o.connections }, () => new http.Agent({ keepAlive: true, maxSockets: 1, maxFreeSockets: 1, keepAliveMsecs: 30_000 }));
  const latencies = [];
  const statuses = {};
  const errors = {};
  let sent = 0;
  let sockets = 0;
  let maxOpen = 0;
  let open = 0;
  const okFn = o.ok ?? ((s) => s >= 200 && s < 300);
  const t0 = performance.now();
  const deadline = t0 + o.durationMs;
  const timeoutMs = o.timeoutMs ?? 35_000;
  const timeline = []; // per-second completions, for a plot

  function one(i, agent, opening = false) {
    return new Promise((resolve) => {
      const spec = opening ? { method: 'GET', path: o.openPath } : o.request ? o.request(i) : {};
      const body = spec.body ?? undefined;
      const start = performance.now();
      let done = false;
      const finish = (kind, status, text) => {
        if (done) return;
        done = true;
        if (opening) return resolve();
        const ms = performance.now() - start;
        if (kind === 'response') {
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (okFn(status, text)) latencies.push(ms);
          else errors[`http_${status}`] = (errors[`http_${status}`] ?? 0) + 1;
        } else {
          errors[kind] = (errors[kind] ?? 0) + 1;
        }
        const sec = Math.floor((performance.now() - t0) / 1000);
        timeline[sec] = (timeline[sec] ?? 0) + 1;
        resolve();
      };
      const req = http.request({
        agent, host: u.hostname, port: u.port, path: spec.path ?? u.pathname + u.search, method: spec.method ?? o.method ?? 'POST',
        headers: { ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}), ...(spec.headers ?? {}) },
      }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => finish('response', res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
        res.on('error', (e) => finish(`error_${e.code ?? 'response'}`));
      });
      req.on('socket', (s) => {
        if (!s.__ltCounted) {
          s.__ltCounted = true; sockets += 1; open += 1; maxOpen = Math.max(maxOpen, open);
          s.once('close', () => { open -= 1; });
        }
      });
      req.setTimeout(timeoutMs, () => { finish('timeout'); req.destroy(); });
      req.on('error', (e) => finish(`error_${e.code ?? 'request'}`));
      if (body !== undefined) req.end(body); else req.end();
    });
  }

  async function loop(c) {
    if (o.rampMs) await new Promise((r) => setTimeout(r, (o.rampMs * c) / o.connections));
    const agent = agents[c];
    if (o.openPath) await one(-1, agent, true);
    if (o.spreadMs) await new Promise((r) => setTimeout(r, (o.spreadMs * c) / o.connections));
    if (performance.now() >= deadline) return;
    while (performance.now() < deadline && (o.maxRequests === undefined || sent < o.maxRequests)) {
      const i = sent++;
      const started = performance.now();
      await one(i, agent);
      if (o.paceMs) {
        const wait = o.paceMs - (performance.now() - started);
        if (wait > 0) {
          if (performance.now() + wait >= deadline) break; // the next request would start after the end
          await new Promise((r) => setTimeout(r, wait));
        }
      }
    }
  }

  await Promise.all(Array.from({ length: o.connections }, (_, c) => loop(c)));
  const elapsedMs = performance.now() - t0;
  for (const a of agents) a.destroy();
  const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);
  return {
    connections: o.connections, durationMs: Math.round(elapsedMs), sent, ok: latencies.length, errors: errorCount, errorKinds: errors, statuses,
    socketsOpened: sockets, maxOpenSockets: maxOpen,
    throughputPerSec: Math.round((latencies.length / (elapsedMs / 1000)) * 10) / 10,
    latencyMs: summarize(latencies),
    over30s: latencies.filter((l) => l > 30_000).length,
    timeline: Array.from(timeline, (x) => x ?? 0),
  };
}
