import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { resolveTemporalServer, startCluster } from '@lienthong/temporal';
// Plain JS, shared with the benchmarks: a throwaway PostgreSQL from Debian's binaries when there is no DATABASE_URL.
import { startPostgres } from '../../bench/lib/postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The cluster's frontend (host:port), set only by this setup: the process chaos stack uses it instead of its own dev server. */
    clusterAddress: string;
    /** Where the cluster writes `<service>.pid` (a killed service's new pid appears there when it is back). */
    clusterDir: string;
    clusterShards: number;
    /** The cluster's own (main) database, to see which shards hold the executions. */
    clusterDatabaseUrl: string;
  }
}

export const CLUSTER_SHARDS = 4;

/**
 * `npm run test:cluster`: one Temporal cluster for the run — the server proper (frontend, history, matching, worker
 * as separate processes) on PostgreSQL with 4 history shards — instead of the dev server. The binaries come from
 * `npx lienthong cluster install` (CI's .ci/run does it); missing, the run fails naming that command.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const binaries = resolveTemporalServer();
  const cleanups: (() => Promise<unknown> | void)[] = [];
  const cleanup = async () => { for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined); };
  try {
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      const pg = await startPostgres({ maxConnections: 300 });
      if (!pg) throw new Error('the cluster suite needs PostgreSQL: set DATABASE_URL or install postgresql (initdb under /usr/lib/postgresql)');
      cleanups.push(() => pg.stop());
      databaseUrl = pg.url;
    }
    const suffix = randomBytes(4).toString('hex');
    const dir = mkdtempSync(join(tmpdir(), 'lt-cluster-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    // The servers' own lines only with LT_TEST_LOGS; restarts are always worth a line.
    const log = (l: string) => { if (process.env.LT_TEST_LOGS || /starting it again|cluster on/.test(l)) console.log(`[cluster] ${l}`); };
    const cluster = await startCluster({
      databaseUrl, dir, binaries, numHistoryShards: CLUSTER_SHARDS, log,
      databases: { main: `lt_temporal_${suffix}`, visibility: `lt_temporal_vis_${suffix}` },
    });
    cleanups.push(() => cluster.dropDatabases());
    cleanups.push(() => cluster.stop());
    project.provide('temporalAddress', cluster.address);
    project.provide('clusterAddress', cluster.address);
    project.provide('clusterDir', dir);
    project.provide('clusterShards', CLUSTER_SHARDS);
    const main = new URL(databaseUrl);
    main.pathname = `/lt_temporal_${suffix}`;
    project.provide('clusterDatabaseUrl', main.toString());
  } catch (err) {
    await cleanup();
    throw err;
  }
  return cleanup;
}
