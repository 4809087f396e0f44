// Benchmark 5: the same 3-step lookup in n8n, side by side with ours, driven by the same load generator
// in the same run. n8n is installed from npm into a scratch folder outside the repository (never a
// project dependency), configured as it ships (SQLite, executions saved), and fed an equivalent
// workflow: Webhook → HTTP Request (the same SOAP call to the same simulator) → Edit Fields → Respond to Webhook.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { runLoad } from './lib/load.js';
import { sampleCpu } from './lib/cpu.js';
import { freePort } from './lib/postgres.js';
import { round } from './lib/stats.js';
import { FLOW_KEY, lookupInput, sleep } from './common.js';

const execFileP = promisify(execFile);
export const N8N_VERSION = process.env.LT_BENCH_N8N_VERSION ?? '1.123.81'; // the newest n8n that runs on Node 20 (2.x needs Node ≥ 24)
export const N8N_DIR = process.env.LT_BENCH_N8N_DIR ?? '/tmp/lt-bench-n8n';

function workflow(simUrl) {
  const soap = '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:dan="http://dancuquocgia.bca"><soapenv:Header/><soapenv:Body><dan:XacThucThongTinCongDan>' +
    '<dan:MaYeuCau>{{ $execution.id }}-{{ $json.body.dossierNo }}</dan:MaYeuCau><dan:MaDVC>{{ $json.body.procedureCode.substring(0, 8) }}</dan:MaDVC><dan:MaTichHop>003</dan:MaTichHop><dan:MaCanBo>{{ $json.body.officerId }}</dan:MaCanBo>' +
    '<dan:SoDinhDanh>{{ $json.body.applicant.soDinhDanh }}</dan:SoDinhDanh><dan:HoVaTen>{{ $json.body.applicant.hoVaTen }}</dan:HoVaTen><dan:NgayThangNamSinh><dan:NgayThangNam>{{ $json.body.applicant.ngaySinh }}</dan:NgayThangNam></dan:NgayThangNamSinh>' +
    '</dan:XacThucThongTinCongDan></soapenv:Body></soapenv:Envelope>';
  return {
    id: 'LtBench000000001', name: 'xac-thuc-cong-dan (Liên Thông benchmark)', active: false, settings: { executionOrder: 'v1' }, pinData: {},
    nodes: [
      { id: '00000000-0000-4000-8000-000000000001', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: '00000000-0000-4000-8000-0000000000aa',
        parameters: { httpMethod: 'POST', path: FLOW_KEY, responseMode: 'responseNode', options: {} } },
      { id: '00000000-0000-4000-8000-000000000002', name: 'Verify', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [240, 0],
        parameters: { method: 'POST', url: `${simUrl}/ngsp/dancu`, sendHeaders: true,
          headerParameters: { parameters: [{ name: 'soapaction', value: 'http://dancuquocgia.bca/XacThucThongTinCongDan' }] },
          sendBody: true, contentType: 'raw', rawContentType: 'text/xml; charset=utf-8', body: `=${soap}`,
          options: {} } },
      { id: '00000000-0000-4000-8000-000000000003', name: 'Shape', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [480, 0],
        parameters: { mode: 'manual', includeOtherFields: false, assignments: { assignments: [
          { id: 'a1', name: 'dossierNo', type: 'string', value: "={{ $('Webhook').item.json.body.dossierNo }}" },
          { id: 'a2', name: 'result', type: 'string', value: "={{ $json.data.includes('<dan:TonTai>true</dan:TonTai>') ? 'MATCH' : 'MISMATCH' }}" },
          { id: 'a3', name: 'verifiedAt', type: 'string', value: '={{ $now.toISO() }}' },
          { id: 'a4', name: 'source', type: 'string', value: 'CSDLQG-DC' },
        ] }, options: {} } },
      { id: '00000000-0000-4000-8000-000000000004', name: 'Respond', type: 'n8n-nodes-base.respondToWebhook', typeVersion: 1.1, position: [720, 0],
        parameters: { respondWith: 'json', responseBody: '={{ JSON.stringify($json) }}', options: {} } },
    ],
    connections: {
      Webhook: { main: [[{ node: 'Verify', type: 'main', index: 0 }]] },
      Verify: { main: [[{ node: 'Shape', type: 'main', index: 0 }]] },
      Shape: { main: [[{ node: 'Respond', type: 'main', index: 0 }]] },
    },
  };
}

/** sqlite3's prebuilt binary comes from GitHub and node-gyp's headers from nodejs.org; build against the local Node headers instead. */
async function buildSqlite(log) {
  const dir = join(N8N_DIR, 'node_modules', 'sqlite3');
  if (existsSync(join(dir, 'build', 'Release', 'node_sqlite3.node'))) return;
  log('building sqlite3 for n8n against the local Node.js headers…');
  await execFileP(join(N8N_DIR, 'node_modules', '.bin', 'node-gyp'), ['rebuild', '--release', '-j', '2', `--nodedir=${dirname(dirname(process.execPath))}`], { cwd: dir, timeout: 15 * 60_000, maxBuffer: 64 * 1024 * 1024 });
}

async function install(log) {
  const bin = join(N8N_DIR, 'node_modules', '.bin', 'n8n');
  if (existsSync(bin)) {
    const v = JSON.parse(readFileSync(join(N8N_DIR, 'node_modules', 'n8n', 'package.json'), 'utf8')).version;
    if (v === N8N_VERSION) { await buildSqlite(log); return bin; }
  }
  mkdirSync(N8N_DIR, { recursive: true });
  // n8n-nodes-base depends on xlsx as a tarball from cdn.sheetjs.com, which a registry-only network cannot reach:
  // the override takes xlsx 0.18.5 from the npm registry instead (only n8n's spreadsheet node uses it, not this workflow).
  // npm 11 runs no install scripts unless allowed: sqlite3 (n8n's default database) must build its native binding.
  writeFileSync(join(N8N_DIR, 'package.json'), `${JSON.stringify({ name: 'lt-bench-n8n', private: true, overrides: { xlsx: 'npm:xlsx@0.18.5' }, allowScripts: { sqlite3: true } })}\n`);
  log(`installing n8n@${N8N_VERSION} into ${N8N_DIR} (several minutes on first use)…`);
  await execFileP('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', `n8n@${N8N_VERSION}`], { cwd: N8N_DIR, timeout: 20 * 60_000, maxBuffer: 64 * 1024 * 1024 });
  if (!existsSync(bin)) throw new Error('npm install finished but node_modules/.bin/n8n is missing');
  await buildSqlite(log);
  return bin;
}

export async function startN8n({ simUrl, log }) {
  const bin = await install(log);
  const home = join(N8N_DIR, `home-${Date.now()}`);
  mkdirSync(home, { recursive: true });
  const port = await freePort();
  const env = { ...process.env, N8N_USER_FOLDER: home, N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_HOST: '127.0.0.1',
    N8N_DIAGNOSTICS_ENABLED: 'false', N8N_VERSION_NOTIFICATIONS_ENABLED: 'false', N8N_PERSONALIZATION_ENABLED: 'false', N8N_SECURE_COOKIE: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    // The default "vm" expression engine needs isolated-vm 6, which does not build on Node 20; n8n's legacy engine is its own documented alternative.
    N8N_EXPRESSION_ENGINE: 'legacy', N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false', N8N_LOG_LEVEL: 'warn', DB_SQLITE_POOL_SIZE: process.env.DB_SQLITE_POOL_SIZE ?? '' };
  if (!env.DB_SQLITE_POOL_SIZE) delete env.DB_SQLITE_POOL_SIZE;
  const wfFile = join(home, 'workflow.json');
  writeFileSync(wfFile, JSON.stringify(workflow(simUrl)));
  await execFileP(bin, ['import:workflow', `--input=${wfFile}`], { env, timeout: 180_000 });
  await execFileP(bin, ['update:workflow', '--id=LtBench000000001', '--active=true'], { env, timeout: 180_000 });
  const child = spawn(bin, ['start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d.toString(); });
  child.stderr.on('data', (d) => { out += d.toString(); });
  const exited = new Promise((r) => child.once('exit', r));
  const url = `http://127.0.0.1:${port}/webhook/${FLOW_KEY}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`n8n exited: ${out.slice(-2000)}`);
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`n8n did not serve the webhook within 180 s: ${out.slice(-2000)}`); }
    try {
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(lookupInput(0)) });
      const text = await r.text();
      if (r.status === 200) { log(`n8n answers: ${text.slice(0, 200)}`); break; }
    } catch { /* not yet */ }
    await sleep(1000);
  }
  const version = JSON.parse(readFileSync(join(N8N_DIR, 'node_modules', 'n8n', 'package.json'), 'utf8')).version;
  return { url, pid: child.pid, version, home, stop: async () => { child.kill('SIGTERM'); const t = setTimeout(() => child.kill('SIGKILL'), 15_000); await exited; clearTimeout(t); } };
}

export async function run(ctx) {
  let n8n;
  try {
    n8n = await startN8n({ simUrl: ctx.simUrl, log: ctx.log });
  } catch (err) {
    const reason = String(err?.message ?? err).slice(0, 3000);
    ctx.log(`n8n could not run: ${reason.slice(0, 300)}`);
    return { ran: false, version: N8N_VERSION, reason };
  }
  try {
    const concurrency = ctx.n8nConcurrency ?? 50;
    const durationMs = ctx.quick ? 10_000 : 30_000;
    const sequential = ctx.quick ? 100 : 300;
    const ok = (s, text) => s === 200 && text.includes('MATCH');
    const targets = {
      lienthong: { url: `${ctx.apiUrl}/api/v1/flows/${FLOW_KEY}/runs?wait=30s`, pids: () => ({ platform: ctx.platform.pid, temporal: ctx.temporal.pid(), postgres: ctx.pg?.pid() }) },
      n8n: { url: n8n.url, pids: () => ({ n8n: n8n.pid }) },
    };
    const res = {};
    for (const [name, t] of Object.entries(targets)) {
      const req = (i) => { const body = JSON.stringify(lookupInput(i)); return { body, headers: name === 'lienthong' && ctx.sign ? ctx.sign('POST', t.url, body) : {} }; };
      await runLoad({ url: t.url, connections: 10, durationMs: 3_000, request: req, ok });
      const seq = await runLoad({ url: t.url, connections: 1, durationMs: 300_000, maxRequests: sequential, request: req, ok });
      const cpu = sampleCpu(() => ({ ...t.pids(), simulators: ctx.sims.pid, loadGenerator: { pid: process.pid, tree: false } }));
      const load = await runLoad({ url: t.url, connections: concurrency, durationMs, request: req, ok });
      const c = cpu.stop();
      const strip = ({ timeline: _t, ...r }) => r;
      res[name] = { sequential: strip(seq), load: { ...strip(load), cpu: { machine: c.machine, procs: c.procs } } };
      ctx.log(`peer ${name}: sequential p50 ${seq.latencyMs.p50} ms; ${concurrency} connections ${load.throughputPerSec}/s p50 ${load.latencyMs.p50} p99 ${load.latencyMs.p99} ms errors ${load.errors}`);
    }
    return {
      ran: true, version: n8n.version,
      method: `Same machine, same run, same simulator and load generator. Each system: 3 s warm-up, ${sequential} sequential requests on one keep-alive connection, then ${concurrency} keep-alive connections in a closed loop for ${durationMs / 1000} s; success = 200 with the answer. n8n ${n8n.version} as it ships (SQLite, regular execution mode, every execution saved) except N8N_EXPRESSION_ENGINE=legacy, workflow Webhook → HTTP Request → Edit Fields → Respond to Webhook. Liên Thông: API + worker process, Temporal dev server (SQLite), PostgreSQL; per-step durable history and encrypted payloads.`,
      concurrency, durationMs, ...res,
      ratio: { throughput: round(res.lienthong.load.throughputPerSec / res.n8n.load.throughputPerSec, 3) },
      goal: 'throughput ≥ n8n', met: res.lienthong.load.throughputPerSec >= res.n8n.load.throughputPerSec,
    };
  } finally {
    await n8n.stop();
  }
}
