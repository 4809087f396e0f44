import { z } from 'zod';
import { LtError } from '@lienthong/errors';
import { ACTIONS, actionsOf, isPrincipal } from '@lienthong/services';
import { iso, need } from '../auth/guard.js';
import { createTRPCRouter, procedure } from '../trpc.js';
import { Role, User, userView } from './users.js';

const Me = z.object({ kind: z.enum(['system', 'user']), id: z.string(), agency: z.string().nullable(), username: z.string().optional(), displayName: z.string().optional(),
  roles: z.array(Role).optional(), systemCode: z.string().optional(), allowedFlows: z.array(z.string()).optional(),
  /** What the caller may do somewhere (the console hides the rest; each call is still decided on its own). */
  actions: z.array(z.enum(ACTIONS)),
  /** Signed in through the identity provider: the console signs out at /auth/oidc/logout (both sessions end). */
  sso: z.boolean().optional() });

export const authRouter = createTRPCRouter({
  login: procedure
    .meta({ requires: 'public', scope: 'public', rest: { method: 'POST', path: '/auth/login', summary: 'Đăng nhập (trả token và đặt cookie lt_session) / Log in (returns a bearer token and sets the lt_session cookie)', tags: ['auth'] } })
    .input(z.object({ username: z.string().max(64), password: z.string().max(200) }))
    .output(z.object({ token: z.string(), expiresAt: z.string(), user: User }))
    .mutation(async ({ ctx, input }) => {
      const r = await ctx.services.users.login(input.username, input.password);
      return { token: r.token, expiresAt: r.expiresAt.toISOString(), user: userView(r.user) };
    }),

  logout: procedure
    .meta({ requires: 'self', scope: 'self', rest: { method: 'POST', path: '/auth/logout', summary: 'Đăng xuất / Log out', tags: ['auth'], headers: { authorization: 'authorization', cookie: 'cookie' } } })
    .input(z.object({ authorization: z.string().optional(), cookie: z.string().optional() }).optional())
    .output(z.object({ ok: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const bearer = input?.authorization?.replace(/^Bearer\s+/i, '');
      const cookie = /(?:^|;\s*)lt_session=([^;]+)/.exec(input?.cookie ?? '')?.[1];
      const token = bearer && bearer !== input?.authorization ? bearer : cookie;
      if (token && ctx.caller && isPrincipal(ctx.caller) && ctx.caller.kind === 'user') await ctx.services.users.logout(decodeURIComponent(token));
      return { ok: true };
    }),

  me: procedure
    .meta({ requires: 'self', scope: 'self', rest: { method: 'GET', path: '/auth/me', summary: 'Người/hệ thống đang gọi / Who is calling', tags: ['auth'] } })
    .input(z.object({}).optional())
    .output(Me)
    .query(({ ctx }) => {
      const p = ctx.caller;
      if (!isPrincipal(p)) throw new LtError('AUTH_REQUIRED');
      return p.kind === 'user'
        ? { kind: p.kind, id: p.id, agency: p.agency ?? null, username: p.username, displayName: p.displayName, roles: [...p.roles], actions: actionsOf(p), ...(p.sso ? { sso: true } : {}) }
        : { kind: p.kind, id: p.id, agency: p.agency, systemCode: p.systemCode, allowedFlows: [...p.allowedFlows], actions: actionsOf(p) };
    }),

  session: procedure
    .meta({ requires: 'auth.session', scope: 'self', rest: { method: 'POST', path: '/auth/session', summary: 'Xin khóa phiên tới dịch vụ đích (yêu cầu ký) / Get a session key for a destination service (signed)', tags: ['auth'] } })
    .input(z.object({ destination: z.string().min(1), scopes: z.array(z.string().max(100)).max(50).default([]) }))
    .output(z.object({ sessionKey: z.string(), sessionKeyId: z.string(), sourceSystemCode: z.string(), destination: z.string(), scopes: z.array(z.string()), expiresAt: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const p = need(ctx, 'auth.session');
      if (p.kind !== 'system') throw new LtError('ACCESS_FORBIDDEN', { action: 'auth.session (systems only)' });
      const s = await ctx.services.keys.issueSession(p, input.destination, input.scopes);
      return { ...s, expiresAt: s.expiresAt.toISOString() };
    }),

  verify: procedure
    .meta({ requires: 'auth.verify', scope: 'self', rest: { method: 'POST', path: '/auth/verify', summary: 'Dịch vụ đích kiểm tra khóa phiên (yêu cầu ký bởi đích) / The destination checks a session key (signed by the destination)', tags: ['auth'] } })
    .input(z.object({ sessionKey: z.string().min(1).max(200) }))
    .output(z.object({ valid: z.boolean(), sourceSystemCode: z.string().optional(), scopes: z.array(z.string()).optional(), expiresAt: z.string().optional() }))
    .mutation(async ({ ctx, input }) => {
      const p = need(ctx, 'auth.verify');
      if (p.kind !== 'system') throw new LtError('ACCESS_FORBIDDEN', { action: 'auth.verify (systems only)' });
      const r = await ctx.services.keys.verifySession(input.sessionKey, p.systemCode);
      return r.valid ? { valid: true, sourceSystemCode: r.sourceSystemCode, scopes: r.scopes, expiresAt: iso(r.expiresAt) as string } : { valid: false };
    }),

  revokeSession: procedure
    .meta({ requires: 'auth.session', scope: 'self', rest: { method: 'POST', path: '/auth/session/revoke', summary: 'Thu hồi khóa phiên / Revoke a session key', tags: ['auth'] } })
    .input(z.object({ sessionKey: z.string().min(1).max(200) }))
    .output(z.object({ revoked: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const p = need(ctx, 'auth.session');
      return { revoked: await ctx.services.keys.revokeSession(input.sessionKey, p.kind === 'system' ? p.systemCode : undefined) };
    }),
});
