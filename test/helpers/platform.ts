import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { startPlatform, type Platform } from '@lienthong/cli';
import { freshDatabase } from './database.js';

export interface TestPlatform extends Platform {
  taskQueue: string;
  dbKind: 'pglite' | 'postgres';
  /** POST/GET JSON against the API; returns status and parsed body. */
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
}

const quiet = () => () => undefined;

/** The whole platform as `npm start` assembles it, on the shared test Temporal server, a fresh database and its own task queue. */
export async function startTestPlatform(): Promise<TestPlatform> {
  const db = await freshDatabase();
  const taskQueue = `test-${randomBytes(4).toString('hex')}`;
  const p = await startPlatform({
    db, temporal: { address: inject('temporalAddress'), namespace: 'default' }, taskQueue,
    masterKey: randomBytes(32).toString('base64'), log: process.env.LT_TEST_LOGS ? (n) => (l) => console.log(`[${n}] ${l}`) : quiet,
  });
  return {
    ...p, taskQueue, dbKind: db.kind,
    async request(method, path, body, headers = {}) {
      const res = await fetch(`${p.apiUrl}${path}`, {
        method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try { parsed = JSON.parse(text); } catch { /* not JSON */ }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    stop: async () => { await p.stop(); await db.close(); },
  };
}
