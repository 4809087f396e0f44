import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialStore, masterKeyFrom, type DbHandle } from '@lienthong/db';
import { manifests } from '@lienthong/connectors/manifests';
import { createFlowService } from '@lienthong/services';
import { freshDatabase } from '../helpers/database.js';

const example = JSON.parse(readFileSync(fileURLToPath(new URL('../../examples/xac-thuc-cong-dan.json', import.meta.url)), 'utf8')) as Record<string, any>;

// Runs on CI's real PostgreSQL when DATABASE_URL is set, on PGlite otherwise: same migrations, same code.
describe(`the database (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  let h: DbHandle;
  beforeAll(async () => { h = await freshDatabase(); });
  afterAll(async () => { await h?.close(); });

  it('runs on the engine the environment selects', () => {
    expect(h.kind).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
  });

  it('migrations are idempotent', async () => {
    await h.migrate();
    await h.migrate();
    const r = await h.db.execute(sql`select count(*)::int as n from flow_versions`);
    expect(r.rows?.[0] ?? (r as unknown as { n: number }[])[0]).toBeDefined();
  });

  it('publishes versions append-only: same content is the same version, a change is the next one', async () => {
    const flows = createFlowService(h.db, manifests);
    // Credentials serve only the flows they are granted to (closed by default): grant the one the example names.
    const store = createCredentialStore(h.db, masterKeyFrom(Buffer.alloc(32, 7).toString('base64')));
    await store.put('ngsp-dancu', 'ngsp-population', { baseUrl: 'http://127.0.0.1:1', username: 'u', password: 'p' });
    await store.grant('ngsp-dancu', [example.key as string], 'test');
    const v1 = await flows.publish(example);
    expect(await flows.publish(example)).toEqual(v1);
    const changed = { ...example, nodes: { ...example.nodes, shape: { ...example.nodes.shape, expression: "{ 'result': 'X' }" } } };
    const v2 = await flows.publish(changed);
    expect(v2.version).toBe(v1.version + 1);
    expect(v2.hash).not.toBe(v1.hash);
    expect((await flows.get(example.key, v1.version)).hash).toBe(v1.hash);
    expect((await flows.get(example.key)).version).toBe(v2.version);
  });

  it('refuses to edit or delete a published version', async () => {
    // drizzle wraps the driver's error; the database's own refusal is its cause.
    const refusal = (q: Promise<unknown>) => q.then(() => 'accepted', (e: { message: string; cause?: { message?: string } }) => e.cause?.message ?? e.message);
    expect(await refusal(h.db.execute(sql`update flow_versions set note = 'changed'`))).toMatch(/append-only/);
    expect(await refusal(h.db.execute(sql`delete from flow_versions`))).toMatch(/append-only/);
  });

  it('stores credentials encrypted: the secret is not in the table, and resolves back', async () => {
    const store = createCredentialStore(h.db, masterKeyFrom(Buffer.alloc(32, 7).toString('base64')));
    await store.put('ngsp-test', 'ngsp-population', { baseUrl: 'http://127.0.0.1:1', password: 'bí-mật-rất-riêng-42' });
    const raw = await h.db.execute(sql`select secret from credentials where id = 'ngsp-test'`);
    expect(JSON.stringify(raw)).not.toContain('bí-mật-rất-riêng-42');
    expect(await store.resolve('ngsp-test')).toMatchObject({ type: 'ngsp-population', password: 'bí-mật-rất-riêng-42' });
    expect(JSON.stringify(await store.list())).not.toContain('bí-mật');
  });
});
