// `lienthong export <runId> [-o bundle.json] [--platform <url>]`: a run's signed evidence bundle.
import { writeFileSync } from 'node:fs';
import { createDb } from '@lienthong/db';
import { createFlowService, exportRunBundle, type RunBundle } from '@lienthong/services';
import { connectClient } from '@lienthong/temporal';
import { manifests } from '@lienthong/connectors/manifests';
import { loadConfig, type Config } from '../config.js';
import { alive, readPid } from '../supervisor.js';
import { callApi, defaultIo, parseArgs, printApiErrors, type CliIo } from './flow.js';

/** The API of the platform `lienthong start` runs on this data directory, if it runs (it holds PGlite's files). */
function runningPlatformUrl(cfg: Config, io: CliIo): string | undefined {
  const pid = readPid(cfg.dataDir, 'platform');
  if (!pid || !alive(pid)) return undefined;
  return io.env.LT_API_URL ?? `${cfg.http.tls ? 'https' : 'http'}://${cfg.apiHost}:${cfg.apiPort}`;
}

/** Through the API (GET /api/v1/runs/{runId}/bundle), as the signed-in auditor (LT_API_TOKEN or LT_API_USER + LT_API_PASSWORD). */
async function bundleFromApi(io: CliIo, url: string, runId: string): Promise<RunBundle | number> {
  const viaIo: CliIo = { ...io, env: { ...io.env, LT_API_URL: url } };
  const r = await callApi(viaIo, 'GET', `/runs/${encodeURIComponent(runId)}/bundle`);
  if (r.status === 200) return r.body as RunBundle;
  printApiErrors(io, r.status, r.body, 'vi');
  if (r.status === 401) io.err('Đặt / set LT_API_TOKEN, hoặc / or LT_API_USER và / and LT_API_PASSWORD (tài khoản kiểm toán / an auditor account)');
  return 1;
}

/** Straight from Temporal and the database, when no platform holds them (e.g. a stopped install's data directory). */
async function bundleDirect(cfg: Config, runId: string): Promise<RunBundle> {
  const db = createDb({ ...(cfg.databaseUrl ? { DATABASE_URL: cfg.databaseUrl } : {}), DATA_DIR: cfg.dataDir });
  const temporal = await connectClient({ address: cfg.temporalAddress ?? `127.0.0.1:${cfg.temporalPort}`, namespace: cfg.temporalNamespace });
  try {
    return await exportRunBundle(temporal, createFlowService(db.db, manifests), runId, cfg.masterKey);
  } finally {
    await temporal.connection.close();
    await db.close();
  }
}

export async function exportCommand(args: string[], io: CliIo = defaultIo): Promise<number> {
  const { positional, options } = parseArgs(args.map((a) => (a === '-o' ? '--o' : a)));
  const runId = positional[0];
  if (!runId) {
    io.err('Cách dùng / usage: lienthong export <runId> [-o bundle.json] [--platform <url>]');
    return 2;
  }
  // A named platform needs nothing local (no data directory, no master key).
  const named = typeof options.platform === 'string' ? options.platform.replace(/\/$/, '') : undefined;
  const cfg = named ? undefined : loadConfig(io.env as NodeJS.ProcessEnv);
  const platform = named ?? (cfg ? runningPlatformUrl(cfg, io) : undefined);
  const bundle = platform ? await bundleFromApi(io, platform, runId) : await bundleDirect(cfg as Config, runId);
  if (typeof bundle === 'number') return bundle;
  const text = `${JSON.stringify(bundle, null, 2)}\n`;
  if (typeof options.o === 'string') writeFileSync(options.o, text);
  else process.stdout.write(text);
  return 0;
}
