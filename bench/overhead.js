// Benchmark 2: engine overhead. One caller, one keep-alive connection, one request after the other:
// the synchronous lookup through the REST API and the engine vs the same SOAP call sent directly to
// the population simulator. The difference is what the API, the durable run and the worker add.
import { randomBytes } from 'node:crypto';
import { runLoad } from './lib/load.js';
import { round } from './lib/stats.js';
import { FLOW_KEY, lookupInput, populationSoap } from './common.js';

export async function run(ctx) {
  const n = ctx.quick ? 100 : 500;
  const warm = 30;
  const direct = async (count) => runLoad({ url: `${ctx.simUrl}/ngsp/dancu`, connections: 1, durationMs: 300_000, maxRequests: count,
    request: () => ({ body: populationSoap(`LT-${randomBytes(16).toString('hex')}`), headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: 'http://dancuquocgia.bca/XacThucThongTinCongDan' } }) });
  const runUrl = `${ctx.apiUrl}/api/v1/flows/${FLOW_KEY}/runs?wait=30s`;
  const engine = async (count) => runLoad({ url: runUrl, connections: 1, durationMs: 300_000, maxRequests: count,
    request: (i) => { const body = JSON.stringify(lookupInput(i)); return { body, headers: ctx.sign ? ctx.sign('POST', runUrl, body) : {} }; }, ok: (s) => s === 200 });
  await direct(warm); await engine(warm);
  const d = await direct(n);
  const e = await engine(n);
  const added = (p) => round(e.latencyMs[p] - d.latencyMs[p]);
  ctx.log(`overhead: direct p50 ${d.latencyMs.p50} ms, engine p50 ${e.latencyMs.p50} ms (added ${added('p50')}), p99 added ${added('p99')}`);
  const strip = ({ timeline: _t, ...r }) => r;
  return {
    method: `${n} sequential requests on one keep-alive connection after ${warm} warm-up requests each: POST /api/v1/flows/${FLOW_KEY}/runs?wait=30s (200 with the answer) vs POST of the same SOAP envelope to the simulator.`,
    requests: n, direct: strip(d), engine: strip(e),
    addedMs: { p50: added('p50'), p95: added('p95'), p99: added('p99'), mean: added('mean') },
    goal: 'added p50 ≤ 30 ms', met: added('p50') <= 30,
  };
}
