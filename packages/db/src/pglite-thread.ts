import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * The embedded database's own thread (issue 20, docs/decisions/0015-pglite-on-its-own-thread.md): PGlite runs here
 * and speaks the PostgreSQL wire protocol on a Unix socket in an owner-only directory, so the platform's request
 * thread talks to it with `pg` exactly as to PostgreSQL and never runs the database's WebAssembly itself.
 */
interface ThreadInput { dir: string | undefined; socketPath: string }

const { dir, socketPath } = workerData as ThreadInput;
const pglite = new PGlite(dir);
// One connection: PGlite is one backend, and the server interleaves wire messages of several connections.
const server = new PGLiteSocketServer({ db: pglite, path: socketPath, maxConnections: 1 });

/** This thread's OS id (Linux), so a benchmark can tell the database's CPU from the rest of the process; else none. */
function osThreadId(): number | undefined {
  try { return Number(readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0]) || undefined; } catch { return undefined; }
}

async function main(): Promise<void> {
  await server.start();
  parentPort!.on('message', (m: { type: string }) => {
    if (m.type !== 'stop') return;
    void (async () => {
      // Closed in order (no connection, then the files flushed); told as stopped even if closing failed.
      try { await server.stop(); await pglite.close(); } finally { parentPort!.postMessage({ type: 'stopped' }); }
    })();
  });
  parentPort!.postMessage({ type: 'ready', osThreadId: osThreadId() });
}

main().catch((err: unknown) => {
  parentPort!.postMessage({ type: 'failed', message: (err as Error).message });
});
