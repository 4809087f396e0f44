import { createHash, randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { LtError } from '@lienthong/errors';
import { users, userSessions, type Db, type RoleGrant } from '@lienthong/db';

type UserRow = typeof users.$inferSelect;
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

function usernameFrom(claims: Record<string, unknown>): string | undefined {
  for (const c of [claims.preferred_username, typeof claims.email === 'string' ? claims.email.split('@')[0] : undefined]) {
    if (typeof c !== 'string') continue;
    const u = c.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase().replace(/[^a-z0-9._-]/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 64);
    if (USERNAME.test(u)) return u;
  }
  return undefined;
}

/**
 * The account of the person the provider vouched for, found by issuer and subject (never by username, so a provider
 * account cannot take over a local one such as the break-glass admin), created on first sign-in; its name and roles
 * follow the claims at every sign-in. A changed role ends the account's other sessions.
 */
export async function upsertExternalUser(db: Db, issuer: string, claims: Record<string, unknown>, roles: RoleGrant[]): Promise<UserRow> {
  const sub = String(claims.sub);
  const externalId = `${issuer}#${sub}`;
  const displayName = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : undefined;
  const [found] = await db.select().from(users).where(eq(users.externalId, externalId));
  if (found) {
    if (found.status !== 'active') throw new LtError('SSO_ACCOUNT_DISABLED', { username: found.username });
    const changed = JSON.stringify(found.roles) !== JSON.stringify(roles);
    const [u] = await db.update(users).set({ roles, ...(displayName ? { displayName } : {}), updatedAt: sql`now()` }).where(eq(users.id, found.id)).returning();
    if (changed) await db.update(userSessions).set({ revokedAt: sql`now()` }).where(and(eq(userSessions.userId, found.id), isNull(userSessions.revokedAt)));
    return u as UserRow;
  }
  const suffix = createHash('sha256').update(externalId).digest('hex').slice(0, 6);
  const wanted = usernameFrom(claims) ?? `sso-${suffix}`;
  const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.username, wanted));
  const username = taken ? `${wanted.slice(0, 57)}-${suffix}` : wanted;
  const [u] = await db.insert(users).values({ id: `usr-${randomUUID()}`, username, displayName: displayName ?? username, passwordHash: null, externalId, roles }).returning();
  return u as UserRow;
}
