import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@lienthong/api';
import { call, trpc } from '../../api/client.js';

/** The registry's and accounts' procedures for the administrators' screens; every type is inferred from the API's router. */
type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;
export type Agency = Outputs['agencies']['list'][number];
export type NewAgency = Inputs['agencies']['create'];
export type ConnectedSystem = Outputs['systems']['list'][number];
export type NewSystem = Inputs['systems']['create'];
export type SystemRequest = Outputs['systems']['pendingRequests'][number];
export type AccessKey = Outputs['keys']['list'][number];
export type IssuedKey = Outputs['keys']['issue'];
export type GrantableOperation = Outputs['catalogue']['systemOperations'][number];
export type Account = Outputs['users']['list'][number];
export type NewAccount = Inputs['users']['create'];
export type RoleGrant = Account['roles'][number];

export const adminApi = {
  agencies: (): Promise<Agency[]> => call(() => trpc.agencies.list.query()),
  createAgency: (a: NewAgency) => call(() => trpc.agencies.create.mutate(a)),
  systems: (): Promise<ConnectedSystem[]> => call(() => trpc.systems.list.query()),
  createSystem: (s: NewSystem) => call(() => trpc.systems.create.mutate(s)),
  updateSystem: (s: Inputs['systems']['update']) => call(() => trpc.systems.update.mutate(s)),
  requestChange: (systemCode: string, kind: Inputs['systems']['requestChange']['kind'], reason: string) => call(() => trpc.systems.requestChange.mutate({ systemCode, kind, reason })),
  requests: (): Promise<SystemRequest[]> => call(() => trpc.systems.pendingRequests.query({ status: 'pending' })),
  approve: (requestId: string) => call(() => trpc.systems.approve.mutate({ requestId })),
  reject: (requestId: string, note?: string) => call(() => trpc.systems.reject.mutate({ requestId, ...(note ? { note } : {}) })),
  operations: (): Promise<GrantableOperation[]> => call(() => trpc.catalogue.systemOperations.query()),
  keys: (systemCode: string): Promise<AccessKey[]> => call(() => trpc.keys.list.query({ systemCode })),
  issueKey: (systemCode: string): Promise<IssuedKey> => call(() => trpc.keys.issue.mutate({ systemCode })),
  rotateKey: (systemCode: string, accessKeyId: string, graceSeconds: number) => call(() => trpc.keys.rotate.mutate({ systemCode, accessKeyId, graceSeconds })),
  revokeKey: (systemCode: string, accessKeyId: string) => call(() => trpc.keys.revoke.mutate({ systemCode, accessKeyId })),
  users: (): Promise<Account[]> => call(() => trpc.users.list.query()),
  createUser: (u: NewAccount) => call(() => trpc.users.create.mutate(u)),
  updateUser: (u: Inputs['users']['update']) => call(() => trpc.users.update.mutate(u)),
  resetPassword: (username: string) => call(() => trpc.users.setPassword.mutate({ username })),
  changeMyPassword: (currentPassword: string, password: string) => call(() => trpc.users.changeMyPassword.mutate({ currentPassword, password })),
};

/** Query keys of the administrators' screens (a change invalidates the lists it touches). */
export const adminKeys = {
  agencies: ['registry', 'agencies'] as const,
  systems: ['registry', 'systems'] as const,
  requests: ['registry', 'requests'] as const,
  operations: ['registry', 'operations'] as const,
  keys: (systemCode: string) => ['registry', 'keys', systemCode] as const,
  users: ['users', 'list'] as const,
};
