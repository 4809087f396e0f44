export { startApiServer, type ApiServerOptions, type RunningApi } from './server.js';
export { appRouter, type AppRouter } from './root.js';
export { openApiDocument, REST_PREFIX } from './rest.js';
export { createContextInner, type Context } from './trpc.js';
