import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, openEmbeddedDb, type DbHandle } from '@lienthong/db';

/**
 * Issue 20: `npm start` runs PGlite on its own thread behind a Unix socket (docs/decisions/0015), so the request
 * thread no longer runs the database. What an admin relies on must not change: the data is where it was, a failed
 * transaction leaves nothing, concurrent requests all get their answers, and only the platform's user can connect.
 */
const rows = (r: unknown) => ((r as { rows: Record<string, unknown>[] }).rows);
// A temporary folder of this file's own (TMPDIR, read at each call): other test files' platforms make sockets too.
const privateTmp = mkdtempSync(join(tmpdir(), 'lt-embedded-tmp-'));
const socketDirs = () => new Set(readdirSync(privateTmp).filter((n) => n.startsWith('lt-pg-')));

describe('the embedded database on its own thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lt-embedded-'));
  let h: DbHandle | undefined;
  const tmpBefore = process.env.TMPDIR;
  beforeAll(() => { process.env.TMPDIR = privateTmp; });
  afterAll(async () => {
    await h?.close();
    if (tmpBefore === undefined) delete process.env.TMPDIR; else process.env.TMPDIR = tmpBefore;
    rmSync(dir, { recursive: true, force: true });
    rmSync(privateTmp, { recursive: true, force: true });
  });

  it('keeps the data where npm start always kept it, readable by the CLI commands that open PGlite directly', async () => {
    const before = socketDirs();
    h = await openEmbeddedDb({ DATA_DIR: dir });
    expect(h.kind).toBe('pglite');
    await h.migrate();
    // The socket's directory is owner-only (PGlite has no password) and outside the data directory.
    const mine = [...socketDirs()].filter((n) => !before.has(n));
    expect(mine).toHaveLength(1);
    expect(statSync(join(privateTmp, mine[0]!)).mode & 0o777).toBe(0o700);
    await h.db.execute(sql`insert into users (id, username, display_name) values ('u-a', 'can-bo-a', 'Cán bộ A')`);
    await h.close();
    h = undefined;
    expect(socketDirs().has(mine[0]!)).toBe(false);

    const direct = createDb({ DATA_DIR: dir });
    try {
      expect(rows(await direct.db.execute(sql`select username from users where username = 'can-bo-a'`))).toEqual([{ username: 'can-bo-a' }]);
    } finally { await direct.close(); }
  });

  it('answers concurrent requests, rolls a failed transaction back whole, and goes on serving', async () => {
    h = await openEmbeddedDb({ DATA_DIR: dir });
    await h.migrate();
    const db = h.db;
    await expect(db.transaction(async (tx) => {
      await tx.execute(sql`insert into users (id, username, display_name) values ('u-nua', 'nua-chung', 'Nửa chừng')`);
      await tx.execute(sql`select * from bang_khong_co`);
    })).rejects.toThrow();
    expect(rows(await db.execute(sql`select count(*)::int as n from users where username = 'nua-chung'`))).toEqual([{ n: 0 }]);

    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => i % 4 === 0
      ? db.transaction(async (tx) => {
        await tx.execute(sql`insert into users (id, username, display_name) values (${`u-${i}`}, ${`song-song-${i}`}, 'Song song')`);
        return rows(await tx.execute(sql`select count(*)::int as n from users where username = ${`song-song-${i}`}`))[0]!.n;
      })
      : db.execute(sql`select ${i}::int as i`).then((r) => rows(r)[0]!.i)));
    expect(answers).toEqual(Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? 1 : i)));
    expect(rows(await db.execute(sql`select count(*)::int as n from users where username like 'song-song-%'`))).toEqual([{ n: 10 }]);
  });

  it('refuses a data directory PGlite cannot open with its reason, and leaves no socket behind', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'lt-embedded-bad-'));
    try {
      mkdirSync(join(bad, 'pg'));
      writeFileSync(join(bad, 'pg', 'PG_VERSION'), '99\n'); // not a cluster this PGlite can open
      const before = socketDirs();
      await expect(openEmbeddedDb({ DATA_DIR: bad })).rejects.toThrow(/PGlite did not open/);
      expect([...socketDirs()].filter((n) => !before.has(n))).toEqual([]);
    } finally { rmSync(bad, { recursive: true, force: true }); }
  });
});
