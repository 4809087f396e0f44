// REST under /api/v1 from the same procedures as tRPC (docs/decisions/0001-rest-adapter.md): routes, body and
// answers, error mapping, server-sent events, the handler, and the OpenAPI document generated from the procedures.
export { REST_PREFIX, restRoutes, mediaTypesOf, findRoute, pathParam, type Route } from './routes.js';
export { MAX_BODY_BYTES, BodyTooLarge, readRawBody, sendJson, sendErrors, type ErrorBody } from './http.js';
export { createRestHandler } from './handler.js';
export { type ServerSentEvent } from './sse.js';
export { jsonSchema, openApiDocument } from './openapi.js';
