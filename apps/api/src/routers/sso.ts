import { z } from 'zod';
import type { SsoConfigView } from '@lienthong/services';
import { iso, need } from '../auth/guard.js';
import { createTRPCRouter, procedure } from '../trpc.js';
import { Role } from './users.js';

const Config = z.object({ enabled: z.boolean(), issuer: z.string(), clientId: z.string(), hasSecret: z.boolean(), scopes: z.string(), label: z.string().nullable(),
  updatedBy: z.string().nullable(), updatedAt: z.string().nullable(), callbackPath: z.string() });
const Rule = z.object({ claim: z.string().min(1).max(64), value: z.string().max(200).nullable(), role: Role.shape.role,
  agency: z.string().max(64).nullable(), agencyClaim: z.string().max(64).nullable() });
const configView = (c: SsoConfigView) => ({ ...c, updatedAt: iso(c.updatedAt), callbackPath: '/auth/oidc/callback' });

// Single sign-on with the province's OpenID Connect provider: admins set the provider and the claim rules; the client
// secret is write-only (stored encrypted, answered as hasSecret). The sign-in itself is /auth/oidc/* (server.ts).
export const ssoRouter = createTRPCRouter({
  status: procedure
    .meta({ requires: 'public', scope: 'public', rest: { method: 'GET', path: '/sso/status', summary: 'Có đăng nhập một lần không (màn hình đăng nhập) / Whether single sign-on is offered (sign-in screen)', tags: ['sso'] } })
    .input(z.object({}).optional())
    .output(z.object({ enabled: z.boolean(), label: z.string().nullable(), loginPath: z.string() }))
    .query(async ({ ctx }) => ({ ...(await ctx.services.sso.status()), loginPath: '/auth/oidc/login' })),

  config: procedure
    .meta({ requires: 'users.manage', scope: 'platform', rest: { method: 'GET', path: '/sso/config', summary: 'Cấu hình nhà cung cấp định danh (không có bí mật) / The identity provider settings (no secret)', tags: ['sso'] } })
    .input(z.object({}).optional())
    .output(Config)
    .query(async ({ ctx }) => configView(await ctx.services.sso.config())),

  setConfig: procedure
    .meta({ requires: 'users.manage', scope: 'platform', rest: { method: 'PUT', path: '/sso/config', summary: 'Đặt nhà cung cấp định danh (bí mật chỉ ghi) / Set the identity provider (the secret is write-only)', tags: ['sso'] } })
    .input(z.object({ enabled: z.boolean(), issuer: z.string().min(1).max(500), clientId: z.string().min(1).max(200), clientSecret: z.string().min(1).max(500).optional(),
      scopes: z.string().max(500).optional(), label: z.string().max(200).nullable().optional() }))
    .output(Config)
    .mutation(async ({ ctx, input }) => {
      const p = need(ctx, 'users.manage');
      return configView(await ctx.services.sso.setConfig(input, p.id));
    }),

  rules: procedure
    .meta({ requires: 'users.manage', scope: 'platform', rest: { method: 'GET', path: '/sso/rules', summary: 'Quy tắc ánh xạ claim → vai trò, cơ quan / Claim rules: claim → role, agency', tags: ['sso'] } })
    .input(z.object({}).optional())
    .output(z.array(Rule))
    .query(({ ctx }) => ctx.services.sso.rules()),

  setRules: procedure
    .meta({ requires: 'users.manage', scope: 'platform', rest: { method: 'PUT', path: '/sso/rules', summary: 'Thay danh sách quy tắc ánh xạ (theo thứ tự) / Replace the claim rules (in order)', tags: ['sso'] } })
    .input(z.object({ rules: z.array(Rule).max(200) }))
    .output(z.array(Rule))
    .mutation(async ({ ctx, input }) => {
      need(ctx, 'users.manage');
      await ctx.services.sso.setRules(input.rules);
      return ctx.services.sso.rules();
    }),
});
