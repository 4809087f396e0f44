import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { errorCatalogue } from '@lienthong/errors';
import { activityName } from '@lienthong/schemas';
import { simulatorCredentials } from '@lienthong/simulators';
import { connectorModules, createConnectorActivities } from './activities.js';
import { manifests } from './manifests.js';
import { createHttpClient } from './sdk/http.js';

const here = dirname(fileURLToPath(import.meta.url));

/** The folder of each connector: the one whose manifest.ts declares its id. */
function folders(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory() && e.name !== 'testing' && e.name !== 'sdk') folders(join(dir, e.name), out);
    else if (e.name === 'manifest.ts') out.push(dir);
  }
  return out;
}

describe('connector registry', () => {
  it('the browser-safe manifest list and the worker registry list the same connectors, in the same order', () => {
    expect(manifests.map((m) => `${m.id}@${m.version}`)).toEqual(connectorModules.map((m) => `${m.manifest.id}@${m.manifest.version}`));
  });

  it('every connector folder is registered (adding a connector = one folder + its registration lines)', () => {
    const ids = folders(here).map((d) => /id: '([^']+)'/.exec(readFileSync(join(d, 'manifest.ts'), 'utf8'))?.[1]);
    expect(ids.sort()).toEqual(manifests.map((m) => m.id).sort());
  });

  it('every folder has manifest, activities, examples, index and a test', () => {
    for (const d of folders(here)) {
      for (const f of ['manifest.ts', 'activities.ts', 'examples.ts', 'index.ts']) expect(existsSync(join(d, f)), `${d}/${f}`).toBe(true);
      expect(readdirSync(d).some((f) => f.endsWith('.test.ts')), `${d} has a test`).toBe(true);
    }
  });

  it.each(connectorModules.map((m) => [m.manifest.id, m] as const))('%s: a well-formed manifest', (_id, m) => {
    const man = m.manifest;
    expect(man.id).toMatch(/^[a-z0-9-]+(:[a-zA-Z0-9-]+){1,3}$/);
    expect(man.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(man.title.vi.length).toBeGreaterThan(0);
    expect(man.title.en.length).toBeGreaterThan(0);
    expect(man.description?.vi.length).toBeGreaterThan(0);
    expect(man.description?.en.length).toBeGreaterThan(0);
    expect(man.timeout).toMatch(/^[0-9]+(ms|s|m|h|d)$/);
    for (const code of man.errors) expect(Object.keys(errorCatalogue), `${man.id} error ${code}`).toContain(code);
    expect(typeof man.idempotent).toBe('boolean');
    expect(man.idempotencyKey?.length).toBeGreaterThan(0);
    expect(Array.isArray(man.personalData)).toBe(true);
    expect(m.examples.length).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(man.input))).toMatchObject({ type: 'object' });
    expect(JSON.parse(JSON.stringify(man.output))).toMatchObject({ type: 'object' });
  });

  it('one activity per connector, named id@major', () => {
    const acts = createConnectorActivities({ http: createHttpClient(), credentials: { resolve: () => Promise.reject(new Error('unused')) }, clock: () => new Date() });
    expect(Object.keys(acts).sort()).toEqual(manifests.map((m) => activityName(m)).sort());
  });

  it('the manifest entry point stays browser-safe: no Node built-ins anywhere in its import graph', () => {
    const seen = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/from 'node:|require\(|\bBuffer\./);
      for (const m of text.matchAll(/from '(\.[^']+)\.js'/g)) walk(resolve(dirname(file), `${m[1] ?? ''}.ts`));
    };
    walk(join(here, 'manifests.ts'));
    expect(seen.size).toBeGreaterThan(20);
  });

  it('the simulators offer a credential of every type a connector needs (what `npm start` seeds)', () => {
    const seeded = new Set(simulatorCredentials('http://sim', 2525).map((c) => c.type));
    // A SQL connection points at a real database of the province, and a system key pair at a Liên Thông
    // install (ours, or another province's), never at a simulator; the verification cache's HMAC key is the platform's
    // own, made once per install (apps/cli platform.ts ensureVerificationKey).
    const realOnly = new Set(['postgres', 'lienthong-system', 'verification-hmac', 'signing-key']);
    const needed = new Set(manifests.map((m) => m.credential).filter((t): t is string => !!t && !realOnly.has(t)));
    expect([...needed].filter((t) => !seeded.has(t))).toEqual([]);
    expect([...seeded].filter((t) => !needed.has(t))).toEqual([]);
  });
});
