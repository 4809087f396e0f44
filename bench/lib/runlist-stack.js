// Benchmark 9's own platform, kept between runs: 100,000 real runs take longer to start than one benchmark may
// spend on this machine, so the Temporal dev server's SQLite file, the platform's PGlite folder and the keys they were
// made with live in a cache folder and each run tops the seed up (bounded in time) before it measures.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { agencySigner } from './agency.js';
import { spawnProc, startTemporal } from './stack.js';

/** Agencies whose systems start the seeded runs (one connected system each, SigV4-signed like a real one-stop-shop system). */
export const AGENCIES = [
  { code: '000.00.11.H48', system: 'bench-motcua-so-tu-phap' },
  { code: '000.00.12.H48', system: 'bench-motcua-so-xay-dung' },
  { code: '000.25.94.H48', system: 'bench-motcua-ub-phuong' },
  { code: '000.31.20.H48', system: 'bench-motcua-ub-xa' },
];

const dossierSchema = { type: 'object', required: ['dossierNo', 'procedureCode', 'applicantName'], properties: {
  dossierNo: { type: 'string', pattern: '^\\d{3}\\.\\d{2}\\.\\d{2}\\.[A-Z]\\d{2}-\\d{6}-\\d{4}$' }, procedureCode: { type: 'string' }, applicantName: { type: 'string', minLength: 1 } } };
const flow = (key, vi, en, nodes, edges) => ({ key, title: { vi, en }, inputSchema: dossierSchema, nodes, edges, settings: { businessKeys: { dossierNo: '$input.dossierNo' } } });
const trigger = { kind: 'trigger', trigger: { type: 'api' } };

/**
 * Three small flows without connector calls (the seed measures the list, not the national systems): one that
 * completes, one that waits for an officer's decision (stays running), one whose check fails (the run fails).
 */
export const FLOWS = [
  flow('bench-tiep-nhan-ho-so', 'Tiếp nhận hồ sơ (đo tải)', 'Receive a dossier (benchmark)', {
    start: trigger, ghi_nhan: { kind: 'transform', expression: "{ 'dossierNo': $input.dossierNo, 'status': 'received' }" }, xong: { kind: 'end', output: '$nodes.ghi_nhan.output' },
  }, [{ id: 'e1', source: 'start', target: 'ghi_nhan' }, { id: 'e2', source: 'ghi_nhan', target: 'xong' }]),
  flow('bench-cho-phe-duyet', 'Chờ phê duyệt hồ sơ (đo tải)', 'Wait for a dossier decision (benchmark)', {
    start: trigger, cho: { kind: 'wait', signal: 'decision' }, xong: { kind: 'end', output: '$nodes.cho.output' },
  }, [{ id: 'e1', source: 'start', target: 'cho' }, { id: 'e2', source: 'cho', target: 'xong' }]),
  flow('bench-kiem-tra-ho-so', 'Kiểm tra hồ sơ (đo tải)', 'Check a dossier (benchmark)', {
    start: trigger, kiem_tra: { kind: 'transform', expression: "$error('Hồ sơ thiếu giấy tờ / missing documents')" }, xong: { kind: 'end', output: '$nodes.kiem_tra.output' },
  }, [{ id: 'e1', source: 'start', target: 'kiem_tra' }, { id: 'e2', source: 'kiem_tra', target: 'xong' }]),
];

/** Seeded run k: which flow (60% complete, 30% wait, 10% fail), which agency, and a dossier number unique to k. */
export function seedRun(k) {
  const m = k % 10;
  const flowKey = FLOWS[m < 6 ? 0 : m < 9 ? 1 : 2].key;
  const agency = AGENCIES[Math.floor(k / 10) % AGENCIES.length];
  return { flowKey, agency, dossierNo: dossierNo(k) };
}

/** `000.25.94.H48-YYMMDD-NNNN`: the receiving day spread over 2026 (300 days), a running number per day. */
export function dossierNo(k) {
  const day = new Date(Date.UTC(2026, 0, 1) + (k % 300) * 86_400_000).toISOString();
  return `000.25.94.H48-${day.slice(2, 4)}${day.slice(5, 7)}${day.slice(8, 10)}-${String(Math.floor(k / 300)).padStart(4, '0')}`;
}

async function call(base, method, path, body, token) {
  const r = await fetch(`${base}${path}`, { method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await r.text();
  try { return { status: r.status, body: JSON.parse(text) }; } catch { return { status: r.status, body: text }; }
}

export async function login(apiUrl, username, password) {
  const r = await call(apiUrl, 'POST', '/api/v1/auth/login', { username, password });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}

/** The cache folder (its own per mode, so a --quick run never mixes into the full seed); LT_BENCH_RUNLIST_FRESH=1 starts over. */
export function stateDir(quick) {
  const dir = process.env.LT_BENCH_RUNLIST_DIR ?? join(homedir(), '.cache', 'lienthong', 'bench', quick ? 'runlist-quick' : 'runlist');
  if (process.env.LT_BENCH_RUNLIST_FRESH === '1') rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/**
 * Starts (or restarts) the kept platform: Temporal on its SQLite file, the platform (API + worker, as `npm start`)
 * on its PGlite folder. The state file holds the throwaway keys of this benchmark platform only (mode 0600).
 */
export async function startRunlistStack(dir, { log }) {
  const stateFile = join(dir, 'state.json');
  const fresh = !existsSync(stateFile);
  const state = fresh
    ? { masterKey: randomBytes(32).toString('base64'), adminPassword: `bench-${randomBytes(12).toString('hex')}`, taskQueue: `bench-runlist-${randomBytes(3).toString('hex')}`, seeded: 0, seedSeconds: 0, systems: {} }
    : JSON.parse(readFileSync(stateFile, 'utf8'));
  const save = () => writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  save();
  const temporal = await startTemporal({ dbFile: join(dir, 'temporal.db') });
  let platform;
  try {
    platform = await spawnProc({ role: 'platform', adminPassword: state.adminPassword, temporal: { address: temporal.address, namespace: 'default' }, masterKey: state.masterKey,
      taskQueue: state.taskQueue, dataDir: join(dir, 'pg') }, { log: quietWorker(log), timeoutMs: 300_000 });
  } catch (err) {
    await temporal.stop();
    throw err;
  }
  const stop = async () => { await platform.stop(); await temporal.stop(); };
  try {
    const admin = await login(platform.url, 'admin', state.adminPassword);
    for (const doc of FLOWS) {
      const have = await call(platform.url, 'GET', `/api/v1/flows/${doc.key}`, undefined, admin);
      if (have.status === 200) continue;
      const r = await call(platform.url, 'POST', '/api/v1/flows', doc, admin);
      if (r.status !== 201) throw new Error(`publish ${doc.key}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    for (const a of AGENCIES) {
      if (state.systems[a.system]) continue;
      const s = await agencySigner(platform.url, { adminPassword: state.adminPassword, code: a.system, agencyCode: a.code, flowKey: FLOWS[0].key });
      if (!s) throw new Error('the platform accepts anonymous runs: the seed needs agency systems');
      state.systems[a.system] = s.keys;
      save();
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { state, save, temporal, platform, apiUrl: platform.url, stop, operator: { username: 'bench-operator', password: operatorPassword(state.adminPassword) } };
}

/** The platform's stderr without the worker's warning (and its stack) for each seeded run that fails by design. */
function quietWorker(log) {
  let skipping = false;
  return (line) => {
    if (/\[WARN\] Workflow failed/.test(line)) skipping = true;
    else if (/^\[platform\] \S/.test(line) && !/^\[platform\] \s/.test(line) && !/^\[platform\] [}\]]/.test(line)) skipping = false;
    if (!skipping) log(line);
  };
}

/** The operator agency.js creates for the systems (same derivation): the seeded list is read signed in as this operator. */
function operatorPassword(adminPassword) {
  return `operator-${createHash('sha256').update(adminPassword).digest('hex').slice(0, 16)}`;
}
