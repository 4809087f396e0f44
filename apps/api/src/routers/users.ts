import { z } from 'zod';
import { LtError } from '@lienthong/errors';
import { isPrincipal } from '@lienthong/services';
import { iso } from '../auth/guard.js';
import { createTRPCRouter, procedure } from '../trpc.js';

export const Role = z.object({ role: z.enum(['admin', 'designer', 'operator', 'auditor', 'agency-viewer', 'officer']), agency: z.string().optional() });
export const User = z.object({ id: z.string(), username: z.string(), displayName: z.string(), roles: z.array(Role), status: z.enum(['active', 'disabled']),
  createdAt: z.string(), lastLoginAt: z.string().nullable() });
type UserRow = Omit<z.infer<typeof User>, 'createdAt' | 'lastLoginAt'> & { createdAt: Date; lastLoginAt: Date | null };
export const userView = (u: UserRow): z.infer<typeof User> => ({ ...u, createdAt: iso(u.createdAt) as string, lastLoginAt: iso(u.lastLoginAt) });
const roles = (rs: z.infer<typeof Role>[]) => rs.map((r) => (r.agency ? { role: r.role, agency: r.agency } : { role: r.role }));

export const usersRouter = createTRPCRouter({
  list: procedure
    .meta({ requires: 'users.manage', scope: 'platform', rest: { method: 'GET', path: '/users', summary: 'Danh sách tài khoản / List accounts', tags: ['users'] } })
    .input(z.object({}).optional())
    .output(z.array(User))
    .query(async ({ ctx }) => { return (await ctx.services.users.list()).map(userView); }),

  create: procedure
    .meta({ requires: 'users.manage', scope: 'platform', rest: { method: 'POST', path: '/users', summary: 'Tạo tài khoản (mật khẩu sinh tự động chỉ hiện một lần) / Create an account (a generated password is shown once)', tags: ['users'] } })
    .input(z.object({ username: z.string().min(2).max(64), displayName: z.string().max(200).optional(), password: z.string().max(200).optional(), roles: z.array(Role) }))
    .output(z.object({ user: User, password: z.string().optional() }))
    .mutation(async ({ ctx, input }) => {
      const r = await ctx.services.users.create({ username: input.username, roles: roles(input.roles), ...(input.displayName ? { displayName: input.displayName } : {}), ...(input.password ? { password: input.password } : {}) });
      return { user: userView(r.user), ...(r.password ? { password: r.password } : {}) };
    }),

  update: procedure
    .meta({ requires: 'users.manage', scope: 'platform', rest: { method: 'PUT', path: '/users/{username}', summary: 'Sửa vai trò, tên, khóa/mở tài khoản / Change roles, name, disable or enable', tags: ['users'] } })
    .input(z.object({ username: z.string(), displayName: z.string().max(200).optional(), roles: z.array(Role).optional(), status: z.enum(['active', 'disabled']).optional() }))
    .output(User)
    .mutation(async ({ ctx, input }) => {
      return userView(await ctx.services.users.update(input.username, { ...(input.displayName ? { displayName: input.displayName } : {}),
        ...(input.roles ? { roles: roles(input.roles) } : {}), ...(input.status ? { status: input.status } : {}) }));
    }),

  setPassword: procedure
    .meta({ requires: 'users.manage', scope: 'platform', rest: { method: 'POST', path: '/users/{username}/password', summary: 'Đặt lại mật khẩu / Reset a password', tags: ['users'] } })
    .input(z.object({ username: z.string(), password: z.string().max(200).optional() }))
    .output(z.object({ password: z.string().optional() }))
    .mutation(({ ctx, input }) => ctx.services.users.setPassword(input.username, input.password)),

  changeMyPassword: procedure
    .meta({ requires: 'self', scope: 'self', systems: false, rest: { method: 'POST', path: '/me/password', summary: 'Đổi mật khẩu của chính mình (nhập lại mật khẩu hiện tại; mọi phiên đăng nhập kết thúc) / Change your own password (the current one again; every session ends)', tags: ['users'] } })
    .input(z.object({ currentPassword: z.string().max(200), password: z.string().max(200) }))
    .output(z.object({ ok: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const p = ctx.caller;
      if (!isPrincipal(p) || p.kind !== 'user') throw new LtError('ACCESS_FORBIDDEN', { action: 'users.changeMyPassword (people only)' });
      await ctx.services.users.changeOwnPassword(p.username, input.currentPassword, input.password);
      return { ok: true };
    }),
});
