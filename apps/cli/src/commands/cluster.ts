import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { installTemporalServer, startCluster } from '@lienthong/temporal';

const usage = `lienthong cluster install   xây Temporal server và công cụ SQL vào bộ nhớ đệm (go install, một lần) /
                            build the Temporal server and its SQL tool into the cache (go install, once)
lienthong cluster start     một cụm Temporal trên máy này / a Temporal cluster on this machine: frontend, history, matching,
                            worker as separate processes on PostgreSQL (TEMPORAL_DATABASE_URL or DATABASE_URL)
  [--shards 4] [--port 7233] [--dir .data/temporal-cluster]
`;

/**
 * `lienthong cluster`: the Temporal server proper, as a province runs it, on one machine — for trying the
 * multi-process layout (docs/deploy.md) and for CI's cluster suite. Runs until Ctrl+C; a service that dies is
 * started again.
 */
export async function clusterCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'install') {
    const bin = installTemporalServer();
    process.stdout.write(`${bin.server}\n${bin.sqlTool}\n`);
    return 0;
  }
  if (sub !== 'start') { process.stdout.write(usage); return 2; }
  const { values } = parseArgs({ args: rest, options: { shards: { type: 'string', default: '4' }, port: { type: 'string', default: '7233' }, dir: { type: 'string' } } });
  const databaseUrl = process.env.TEMPORAL_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!databaseUrl) {
    process.stderr.write('Cần PostgreSQL / PostgreSQL needed: set TEMPORAL_DATABASE_URL (or DATABASE_URL) to postgres://user:password@host:port/postgres\n');
    return 2;
  }
  const cluster = await startCluster({
    databaseUrl, numHistoryShards: Number(values.shards), port: Number(values.port),
    dir: resolve(values.dir ?? resolve(process.env.DATA_DIR ?? '.data', 'temporal-cluster')),
  });
  process.stdout.write(`TEMPORAL_ADDRESS=${cluster.address}   (${cluster.numHistoryShards} history shards, namespace ${cluster.namespace}; Ctrl+C dừng / stops)\n`);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await cluster.stop();
  return 0;
}
