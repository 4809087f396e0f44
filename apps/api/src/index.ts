export { startApiServer, startMetricsListener, DEFAULT_LIMITS, type ApiServerOptions, type RunningApi, type HttpLimits } from './server.js';
export { appRouter, type AppRouter } from './root.js';
export { openApiDocument, restRoutes, REST_PREFIX } from './rest/index.js';
export { createContextInner, createTRPCRouter, procedure, type Context, type Meta } from './trpc.js';
export { endpointPermissions, permissionsOf, type Permission, type Requirement, type Scope } from './auth/policy.js';
