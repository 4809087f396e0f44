import { createHash, randomBytes, randomUUID, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { and, asc, count, eq, gt, isNull, sql } from 'drizzle-orm';
import { LtError } from '@lienthong/errors';
import { userSessions, users, type Db, type RoleGrant } from '@lienthong/db';
import { checkGrants, type UserPrincipal } from './access.js';
import { HashGate, userLoginThrottle } from './login-guard.js';
import { checkPasswordPolicy, passwordWeakness } from './password-policy.js';

const scrypt = (pw: string, salt: Buffer, len: number, o: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(pw.normalize('NFC'), salt, len, o, (e, k) => (e ? reject(e) : resolve(k))));

const N = 16384, R = 8, P = 1, LEN = 32;

/** scrypt$N$r$p$salt$hash (base64). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, LEN, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function checkPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(key, expected);
}

/** 20 random characters; drawn again in the (astronomically rare) case the policy would refuse them. */
export function generatePassword(username = ''): string {
  for (;;) {
    const pw = randomBytes(15).toString('base64url');
    if (!passwordWeakness(pw, username)) return pw;
  }
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const USER_SESSION_TTL_SECONDS = 12 * 3600;
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  roles: RoleGrant[];
  status: 'active' | 'disabled';
  createdAt: Date;
  lastLoginAt: Date | null;
}

type UserRow = typeof users.$inferSelect;
const view = (u: UserRow): UserView => ({ id: u.id, username: u.username, displayName: u.displayName, roles: u.roles, status: u.status, createdAt: u.createdAt, lastLoginAt: u.lastLoginAt });

export function principalOf(u: UserRow): UserPrincipal {
  const agencies = [...new Set(u.roles.map((g) => g.agency))];
  const scoped = agencies.length === 1 && agencies[0] ? agencies[0] : undefined;
  return { kind: 'user', id: `user:${u.username}`, userId: u.id, username: u.username, displayName: u.displayName, roles: u.roles, ...(scoped ? { agency: scoped } : {}), ...(u.externalId ? { sso: true } : {}) };
}

/** People: accounts with scrypt password hashes, roles per agency, and login sessions. */
export function createUserService(db: Db, o: { now?: () => number } = {}) {
  const now = o.now ?? Date.now;
  const throttle = userLoginThrottle();
  const hashing = new HashGate();
  async function row(username: string): Promise<UserRow> {
    const [u] = await db.select().from(users).where(eq(users.username, username));
    if (!u) throw new LtError('USER_NOT_FOUND', { username }, { field: 'username' });
    return u;
  }

  return {
    async count(): Promise<number> {
      const [r] = await db.select({ n: count() }).from(users);
      return Number(r?.n ?? 0);
    },

    /** Creates an account; without a password one is generated and returned once. */
    async create(input: { username: string; displayName?: string; password?: string; roles: RoleGrant[] }): Promise<{ user: UserView; password?: string }> {
      checkGrants(input.roles);
      if (!/^[a-z0-9][a-z0-9._-]{1,63}$/.test(input.username)) throw new LtError('REQUEST_VALIDATION_FAILED', { pointer: '/username', detail: 'lowercase letters, digits, . _ -' }, { pointer: '/username' });
      if (input.password !== undefined) checkPasswordPolicy(input.password, input.username);
      const generated = input.password ? undefined : generatePassword(input.username);
      const passwordHash = await hashing.run(() => hashPassword(input.password ?? (generated as string)));
      const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.username, input.username));
      if (existing) throw new LtError('USER_EXISTS', { username: input.username }, { field: 'username' });
      const [u] = await db.insert(users).values({ id: `usr-${randomUUID()}`, username: input.username, displayName: input.displayName ?? input.username, passwordHash, roles: input.roles }).returning();
      return { user: view(u as UserRow), ...(generated ? { password: generated } : {}) };
    },

    async list(): Promise<UserView[]> {
      return (await db.select().from(users).orderBy(asc(users.username))).map(view);
    },

    async get(username: string): Promise<UserView> {
      return view(await row(username));
    },

    /** Roles, name or status; disabling ends every login session at once. */
    async update(username: string, patch: { displayName?: string; roles?: RoleGrant[]; status?: 'active' | 'disabled' }): Promise<UserView> {
      if (patch.roles) checkGrants(patch.roles);
      const u = await row(username);
      const [n] = await db.update(users).set({ ...(patch.displayName ? { displayName: patch.displayName } : {}), ...(patch.roles ? { roles: patch.roles } : {}),
        ...(patch.status ? { status: patch.status } : {}), updatedAt: sql`now()` }).where(eq(users.id, u.id)).returning();
      if (patch.status === 'disabled' || patch.roles) await db.update(userSessions).set({ revokedAt: sql`now()` }).where(and(eq(userSessions.userId, u.id), isNull(userSessions.revokedAt)));
      return view(n as UserRow);
    },

    async setPassword(username: string, password?: string): Promise<{ password?: string }> {
      const u = await row(username);
      if (password !== undefined) checkPasswordPolicy(password, u.username);
      const generated = password ? undefined : generatePassword(u.username);
      const passwordHash = await hashing.run(() => hashPassword(password ?? (generated as string)));
      await db.update(users).set({ passwordHash, updatedAt: sql`now()` }).where(eq(users.id, u.id));
      throttle.succeed(u.username); // a reset by an administrator lifts the lockout
      await db.update(userSessions).set({ revokedAt: sql`now()` }).where(and(eq(userSessions.userId, u.id), isNull(userSessions.revokedAt)));
      return generated ? { password: generated } : {};
    },

    /**
     * A signed-in person changes their own password: the current one is asked again (a session left open is not enough),
     * wrong guesses count towards the login lockout, and every session of the account ends (the console signs in again).
     */
    async changeOwnPassword(username: string, current: string, next: string): Promise<void> {
      const key = username.normalize('NFC').toLowerCase();
      const wait = throttle.retryAfter(key, now());
      if (wait > 0) throw new LtError('AUTH_LOGIN_THROTTLED', { retryAfterSeconds: wait });
      const u = await row(username);
      if (!(await hashing.run(() => checkPassword(current, u.passwordHash ?? DUMMY_HASH)))) {
        throttle.fail(key, now());
        throw new LtError('USER_PASSWORD_CURRENT_WRONG', {}, { field: 'currentPassword', pointer: '/currentPassword' });
      }
      checkPasswordPolicy(next, u.username);
      const passwordHash = await hashing.run(() => hashPassword(next));
      await db.update(users).set({ passwordHash, updatedAt: sql`now()` }).where(eq(users.id, u.id));
      await db.update(userSessions).set({ revokedAt: sql`now()` }).where(and(eq(userSessions.userId, u.id), isNull(userSessions.revokedAt)));
    },

    /**
     * Same answer and about the same time for an unknown user and a wrong password. After repeated failures the username
     * is locked for a while (AUTH_LOGIN_THROTTLED, 429): then even the right password is refused, without hashing.
     */
    async login(username: string, password: string, ip?: string, ttlSeconds = USER_SESSION_TTL_SECONDS) {
      const key = username.normalize('NFC').toLowerCase();
      const wait = throttle.retryAfter(key, now());
      if (wait > 0) throw new LtError('AUTH_LOGIN_THROTTLED', { retryAfterSeconds: wait });
      const [u] = await db.select().from(users).where(eq(users.username, username));
      const ok = await hashing.run(() => checkPassword(password, u?.passwordHash ?? DUMMY_HASH));
      if (!u || !ok || u.status !== 'active') {
        throttle.fail(key, now());
        throw new LtError('AUTH_LOGIN_FAILED');
      }
      throttle.succeed(key);
      const token = `lts_${randomBytes(32).toString('base64url')}`;
      const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
      await db.insert(userSessions).values({ tokenHash: sha256(token), userId: u.id, expiresAt, ip: ip ?? null });
      await db.update(users).set({ lastLoginAt: sql`now()` }).where(eq(users.id, u.id));
      return { token, expiresAt, user: view(u), principal: principalOf(u) };
    },

    /** Seconds before `username` may try to log in again (0: now). */
    loginRetryAfter(username: string): number {
      return throttle.retryAfter(username.normalize('NFC').toLowerCase(), now());
    },

    /** The person behind a session token, or null. */
    async session(token: string): Promise<UserPrincipal | null> {
      const [r] = await db.select({ u: users }).from(userSessions).innerJoin(users, eq(users.id, userSessions.userId))
        .where(and(eq(userSessions.tokenHash, sha256(token)), isNull(userSessions.revokedAt), gt(userSessions.expiresAt, new Date())));
      if (!r || r.u.status !== 'active') return null;
      return principalOf(r.u);
    },

    /** A session for an account signed in elsewhere (single sign-on: the provider checked who it is). */
    async openSession(userId: string, ip?: string, ttlSeconds = USER_SESSION_TTL_SECONDS): Promise<{ token: string; tokenHash: string; expiresAt: Date }> {
      const token = `lts_${randomBytes(32).toString('base64url')}`;
      const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
      await db.insert(userSessions).values({ tokenHash: sha256(token), userId, expiresAt, ip: ip ?? null });
      await db.update(users).set({ lastLoginAt: sql`now()` }).where(eq(users.id, userId));
      return { token, tokenHash: sha256(token), expiresAt };
    },

    async logout(token: string): Promise<void> {
      await db.update(userSessions).set({ revokedAt: sql`now()` }).where(eq(userSessions.tokenHash, sha256(token)));
    },
  };
}
export type UserService = ReturnType<typeof createUserService>;
