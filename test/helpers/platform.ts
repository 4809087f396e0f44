import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { startPlatform, type Platform, type PlatformOptions } from '@lienthong/cli';
import type { DbHandle } from '@lienthong/db';
import { freshDatabase } from './database.js';

import { apiCaller, type Reply } from './api-caller.js';

export type { Reply } from './api-caller.js';

export interface TestPlatform extends Platform {
  taskQueue: string;
  dbKind: 'pglite' | 'postgres';
  /** The platform's database (tests that tamper with rows, as an intruder with SQL access would). */
  db: DbHandle;
  /** The first admin's password (the platform creates `admin` on first start). */
  adminPassword: string;
  /** The platform's master key (auditor tooling such as `lienthong replay` needs it to decrypt payloads). */
  masterKey: string;
  /** A login session of `admin`, used by `request` unless the call passes its own authorization (or `authorization: ''`). */
  adminToken: string;
  /** POST/GET JSON against the API as the admin; returns status and parsed body. */
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  /** The same, with a given bearer token, or anonymously with null. */
  requestAs(token: string | null, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  /** Logs in and returns the session token. */
  login(username: string, password: string): Promise<string>;
}

const quiet = () => () => undefined;

/**
 * The whole platform as `npm start` assembles it, on the shared test Temporal server (or `temporalAddress`, for
 * suites without the global setup, such as chaos), a fresh database and its own task queue.
 */
export async function startTestPlatform(opts: { simulators?: boolean; temporalAddress?: string; egressAllow?: string; http?: PlatformOptions['http']; log?: PlatformOptions['log']; temporalUi?: string } = {}): Promise<TestPlatform> {
  const db = await freshDatabase();
  const taskQueue = `test-${randomBytes(4).toString('hex')}`;
  const adminPassword = `lt-${randomBytes(12).toString('hex')}`; // passes the password policy (not the username)
  const masterKey = randomBytes(32).toString('base64');
  const p = await startPlatform({
    db, temporal: { address: opts.temporalAddress ?? inject('temporalAddress'), namespace: 'default' }, taskQueue, adminPassword, ...(opts.simulators === false ? { simulators: false } : {}), ...(opts.http ? { http: opts.http } : {}), ...(opts.temporalUi ? { temporalUi: opts.temporalUi } : {}),
    // Test receivers (callbacks, webhooks) listen on loopback: allowed explicitly, as `lienthong start` does.
    egressAllow: opts.egressAllow ?? '127.0.0.0/8,::1',
    masterKey, log: opts.log ?? (process.env.LT_TEST_LOGS ? (n) => (l) => console.log(`[${n}] ${l}`) : quiet),
  });
  const { requestAs, login } = apiCaller(() => p.apiUrl);
  const adminToken = await login('admin', adminPassword);
  return {
    ...p, taskQueue, dbKind: db.kind, db, adminPassword, masterKey, adminToken, requestAs, login,
    request: (method, path, body, headers) => requestAs(adminToken, method, path, body, headers),
    // Its schedules go too: on the shared dev server nothing would run their workflows any more.
    stop: async () => { await p.services.background.remove().catch(() => undefined); await p.stop(); await db.close(); },
  };
}
