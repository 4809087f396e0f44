// One Liên Thông deployment for a side-by-side benchmark, started and stopped as a unit: its own Temporal dev server,
// the platform process (API + worker, as `npm start` runs them) on embedded PGlite in a data folder or on a throwaway
// PostgreSQL, and a person's session for the load generator's fixed request.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call } from './agency.js';
import { startPostgres } from './postgres.js';
import { spawnProc, startTemporal } from './stack.js';

/**
 * A session of an operator (a role allowed to start runs): hey repeats one request, and the API refuses a replayed
 * SigV4 signature (AUTH_REPLAY), so the load goes in as a signed-in person with `Authorization: Bearer <session>`.
 */
async function operatorSession(apiUrl, adminPassword) {
  const login = async (username, password) => {
    const r = await call(apiUrl, 'POST', '/api/v1/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.token;
  };
  const admin = await login('admin', adminPassword);
  const password = `Bench-${randomBytes(12).toString('hex')}!`;
  const u = await call(apiUrl, 'POST', '/api/v1/users', { username: 'bench-operator', password, roles: [{ role: 'operator' }] }, admin);
  if (u.status !== 200) throw new Error(`user: ${u.status} ${JSON.stringify(u.body)}`);
  return login('bench-operator', password);
}

/** @param {{ database: 'pglite' | 'postgres', simUrl: string, log: (l: string) => void, masterKey: string }} o */
export async function startLienThong({ database, simUrl, log, masterKey }) {
  const stops = [];
  const stop = async () => { for (const s of stops.reverse()) await s().catch((e) => log(`stop: ${e.message}`)); stops.length = 0; };
  try {
    const temporal = await startTemporal({ log: () => undefined });
    stops.push(() => temporal.stop());
    let pg = null;
    let dataDir = null;
    if (database === 'postgres') {
      pg = await startPostgres({ log });
      if (!pg) throw new Error('PostgreSQL binaries not found (Debian: apt-get install postgresql)');
      stops.push(() => pg.stop());
    } else {
      // `npm start` keeps PGlite's files under DATA_DIR/pg: the same here, in a scratch folder.
      dataDir = mkdtempSync(join(tmpdir(), 'lt-bench-pglite-'));
      stops.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    }
    const adminPassword = `bench-${randomBytes(12).toString('hex')}`;
    const platform = await spawnProc({ role: 'platform', adminPassword, temporal: { address: temporal.address, namespace: 'default' }, masterKey,
      taskQueue: `bench-${randomBytes(3).toString('hex')}`, simUrl, ...(pg ? { databaseUrl: pg.url } : { dataDir }) }, { log });
    stops.push(() => platform.stop());
    const token = await operatorSession(platform.url, adminPassword);
    return {
      apiUrl: platform.url, temporalAddress: temporal.address, headers: { authorization: `Bearer ${token}` },
      // PGlite's thread inside the platform process is also counted alone, as `database` (PostgreSQL's is its own process).
      pids: () => ({ platform: platform.pid, temporal: temporal.pid(), ...(pg ? { postgres: pg.pid() } : {}), ...(platform.dbThread ? { database: { pid: platform.pid, tid: platform.dbThread } } : {}) }),
      platformPid: platform.pid,
      setup: { temporal: `temporal CLI dev server (${temporal.cli.split('/').pop()}), SQLite file`, database: pg ? 'PostgreSQL (throwaway, same machine, fsync on)' : 'PGlite on its own thread of the platform process behind a Unix socket, files in a data folder (as npm start)' },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
