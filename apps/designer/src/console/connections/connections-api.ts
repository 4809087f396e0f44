import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@lienthong/api';
import { call, trpc } from '../../api/client.js';

/** The connections' procedures for the admins' screen; every type is inferred from the API's router. */
type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;
export type ConnectionRow = Outputs['connections']['list'][number];
export type NewConnection = Inputs['connections']['create'];
export type ConnectionChange = Inputs['connections']['update'];
export type ConnectionTest = Outputs['connections']['test'];

export const connectionsApi = {
  list: (): Promise<ConnectionRow[]> => call(() => trpc.connections.list.query()),
  create: (c: NewConnection) => call(() => trpc.connections.create.mutate(c)),
  update: (c: ConnectionChange) => call(() => trpc.connections.update.mutate(c)),
  remove: (connectionId: string) => call(() => trpc.connections.remove.mutate({ connectionId })),
  test: (connectionId: string): Promise<ConnectionTest> => call(() => trpc.connections.test.mutate({ connectionId })),
};

export const connectionKeys = { list: ['connections', 'list'] as const };

/** Connector families a connection can serve (the credential types of the connectors), with what their credential holds. */
export const FAMILIES: { family: string; fields: string[] }[] = [
  { family: 'ngsp-population', fields: ['integrationCode'] },
  { family: 'ngsp-national', fields: ['username', 'secret', 'apiKey', 'xRoadClient'] },
  { family: 'ngsp-adapter', fields: ['username', 'password', 'agencyCode'] },
  { family: 'lgsp-edoc', fields: ['systemId', 'secretKey'] },
  { family: 'reporting-national', fields: ['apiKey', 'provinceCode'] },
  { family: 'ioc', fields: ['apiKey'] },
  { family: 'http', fields: ['auth', 'token', 'apiKeyHeader', 'apiKey', 'username', 'password'] },
];
