// n8n for benchmark 5: installed from npm into a scratch folder outside the repository (never a project dependency),
// configured as it ships (SQLite, executions saved) in one of two modes, and fed the lookup as a workflow:
// Webhook → HTTP Request (the same SOAP call to the same simulator) → Edit Fields → Respond to Webhook.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './postgres.js';
import { FLOW_KEY, lookupInput, sleep } from '../common.js';

const execFileP = promisify(execFile);
/** The newest n8n whose `engines` accept Node 20 (">=20.19 <= 24.x"); 1.123.81 is the fallback when it cannot run. */
export const N8N_VERSION = process.env.LT_BENCH_N8N_VERSION ?? '2.8.4';
export const N8N_FALLBACK_VERSION = '1.123.81';
const N8N_ROOT = process.env.LT_BENCH_N8N_DIR ?? '/tmp/lt-bench-n8n';
/** One scratch folder per version, so a fallback never reinstalls over the main one. */
export const n8nDir = (version) => (version === N8N_VERSION ? N8N_ROOT : `${N8N_ROOT}-${version}`);

/** n8n's two ways of saving an execution: once at the end (as it ships) or after every node as well. */
export const N8N_MODES = {
  default: { label: 'n8n, default (saves each execution once, at the end)', env: { EXECUTIONS_DATA_SAVE_ON_PROGRESS: 'false' } },
  progress: { label: 'n8n, progress saved after every node (EXECUTIONS_DATA_SAVE_ON_PROGRESS=true)', env: { EXECUTIONS_DATA_SAVE_ON_PROGRESS: 'true' } },
};

export function workflow(simUrl) {
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
async function buildSqlite(dir, log) {
  const pkg = join(dir, 'node_modules', 'sqlite3');
  if (!existsSync(pkg) || existsSync(join(pkg, 'build', 'Release', 'node_sqlite3.node'))) return;
  log('building sqlite3 for n8n against the local Node.js headers…');
  await execFileP(join(dir, 'node_modules', '.bin', 'node-gyp'), ['rebuild', '--release', '-j', '2', `--nodedir=${dirname(dirname(process.execPath))}`], { cwd: pkg, timeout: 15 * 60_000, maxBuffer: 64 * 1024 * 1024 });
}

export const installedVersion = (dir) => {
  try { return JSON.parse(readFileSync(join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8')).version; } catch { return null; }
};

export async function installN8n(version, log) {
  const dir = n8nDir(version);
  const bin = join(dir, 'node_modules', '.bin', 'n8n');
  if (existsSync(bin) && installedVersion(dir) === version) { await buildSqlite(dir, log); return bin; }
  mkdirSync(dir, { recursive: true });
  // n8n-nodes-base depends on xlsx as a tarball from cdn.sheetjs.com, which a registry-only network cannot reach:
  // the override takes xlsx 0.18.5 from the npm registry instead (only n8n's spreadsheet node uses it, not this workflow).
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'lt-bench-n8n', private: true, overrides: { xlsx: 'npm:xlsx@0.18.5' }, allowScripts: { sqlite3: true } })}\n`);
  log(`installing n8n@${version} into ${dir} (several minutes on first use)…`);
  await execFileP('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', `n8n@${version}`], { cwd: dir, timeout: 25 * 60_000, maxBuffer: 64 * 1024 * 1024 });
  if (!existsSync(bin)) throw new Error('npm install finished but node_modules/.bin/n8n is missing');
  await buildSqlite(dir, log);
  return bin;
}

/** Starts n8n `version` in `mode` with a fresh user folder (its own SQLite file) and waits until the webhook answers. */
export async function startN8n({ version, mode, simUrl, log }) {
  const bin = await installN8n(version, log);
  const dir = n8nDir(version);
  const home = join(dir, `home-${mode}-${Date.now()}`);
  mkdirSync(home, { recursive: true });
  const port = await freePort();
  const major = Number(version.split('.')[0]);
  const env = { ...process.env, N8N_USER_FOLDER: home, N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_HOST: '127.0.0.1',
    N8N_DIAGNOSTICS_ENABLED: 'false', N8N_VERSION_NOTIFICATIONS_ENABLED: 'false', N8N_PERSONALIZATION_ENABLED: 'false', N8N_SECURE_COOKIE: 'false',
    N8N_TEMPLATES_ENABLED: 'false', N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false', N8N_LOG_LEVEL: 'warn',
    // 1.x: the default "vm" expression engine needs isolated-vm 6, which does not build on Node 20; its legacy engine is n8n's own alternative.
    ...(major < 2 ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {}),
    ...N8N_MODES[mode].env };
  const wfFile = join(home, 'workflow.json');
  writeFileSync(wfFile, JSON.stringify(workflow(simUrl)));
  await execFileP(bin, ['import:workflow', `--input=${wfFile}`], { env, timeout: 180_000 });
  // 2.x publishes a workflow (its active version); 1.x activates it.
  if (major >= 2) await execFileP(bin, ['publish:workflow', '--id=LtBench000000001'], { env, timeout: 180_000 });
  else await execFileP(bin, ['update:workflow', '--id=LtBench000000001', '--active=true'], { env, timeout: 180_000 });
  const child = spawn(bin, ['start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out = (out + d.toString()).slice(-20_000); });
  child.stderr.on('data', (d) => { out = (out + d.toString()).slice(-20_000); });
  const exited = new Promise((r) => child.once('exit', r));
  const url = `http://127.0.0.1:${port}/webhook/${FLOW_KEY}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`n8n exited: ${out.slice(-2000)}`);
    if (Date.now() > deadline) { child.kill('SIGKILL'); await exited; throw new Error(`n8n did not serve the webhook within 180 s: ${out.slice(-2000)}`); }
    try {
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(lookupInput(0)) });
      const text = await r.text();
      if (r.status === 200 && text.includes('"result":"MATCH"')) { log(`n8n ${version} (${mode}) answers: ${text.slice(0, 200)}`); break; }
    } catch { /* not yet */ }
    await sleep(1000);
  }
  return {
    url, pid: child.pid, version: installedVersion(dir), home, headers: {}, pids: () => ({ n8n: child.pid }),
    stop: async () => {
      if (child.exitCode === null) { child.kill('SIGTERM'); const t = setTimeout(() => child.kill('SIGKILL'), 20_000); await exited; clearTimeout(t); }
      rmSync(home, { recursive: true, force: true });
    },
  };
}
