import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@lienthong/api';
import { call, trpc } from '../../api/client.js';

/** Single sign-on's procedures for the sign-in screen and the admins' screen; types inferred from the API's router. */
type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;
export type SsoConfig = Outputs['sso']['config'];
export type SsoConfigChange = Inputs['sso']['setConfig'];
export type SsoRule = Outputs['sso']['rules'][number];

export const ssoApi = {
  status: () => call(() => trpc.sso.status.query(), { signInCall: true }),
  config: (): Promise<SsoConfig> => call(() => trpc.sso.config.query()),
  setConfig: (c: SsoConfigChange) => call(() => trpc.sso.setConfig.mutate(c)),
  rules: (): Promise<SsoRule[]> => call(() => trpc.sso.rules.query()),
  setRules: (rules: SsoRule[]) => call(() => trpc.sso.setRules.mutate({ rules })),
};

export const ssoKeys = { status: ['sso', 'status'] as const, config: ['sso', 'config'] as const, rules: ['sso', 'rules'] as const };
