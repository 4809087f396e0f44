/**
 * Hooks for one test file: each starts what it names before the file's tests and stops it after, and returns
 * a stand-in that forwards to it, so a test reads `const p = useTestPlatform()` and then `p.request(…)`.
 * Use the stand-in inside tests or in a `beforeAll` registered after it (hooks run in the order they are declared).
 */
import { afterAll, beforeAll, inject } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { startTestPlatform, type TestPlatform } from './platform.js';

/** Starts `what` before this file's tests and stops it after; returns a stand-in that forwards to it. */
export function startedForThisFile<T extends object>(what: string, start: () => Promise<T>, stop: (t: T) => Promise<void>): T {
  let current: T | undefined;
  beforeAll(async () => { current = await start(); });
  afterAll(async () => { if (current) await stop(current); });
  return new Proxy({} as T, {
    get(_, key) {
      if (!current) throw new Error(`${what} is not started yet: use it inside a test or a later beforeAll`);
      const value: unknown = Reflect.get(current, key, current);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(current) : value;
    },
  });
}

/**
 * The whole platform (as `npm start` assembles it) on a fresh database, for this file's tests; `flows` are published
 * through the API once it is up (each must publish: 201).
 */
export function useTestPlatform(opts: Parameters<typeof startTestPlatform>[0] & { flows?: readonly unknown[] } = {}): TestPlatform {
  const { flows = [], ...platformOpts } = opts;
  return startedForThisFile('the test platform', async () => {
    const p = await startTestPlatform(platformOpts);
    try {
      for (const flow of flows) {
        const pub = await p.request('POST', '/api/v1/flows', flow);
        if (pub.status !== 201) throw new Error(`publishing ${(flow as { key?: string }).key ?? 'a flow'}: ${pub.status} ${pub.text}`);
      }
    } catch (err) {
      await p.stop();
      throw err;
    }
    return p;
  }, (p) => p.stop());
}

/**
 * A client of the shared test Temporal server WITHOUT the platform's codec, for this file's tests: it sees what the
 * server stores (encrypted payloads) and describes, signals and queries runs directly.
 */
export function useRawTemporalClient(): Client {
  return startedForThisFile('the raw Temporal client',
    async () => new Client({ connection: await Connection.connect({ address: inject('temporalAddress') }) }),
    (c) => c.connection.close());
}
