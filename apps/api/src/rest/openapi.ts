import { z } from 'zod';
import type { AppRouter } from '../root.js';
import { restRoutes, REST_PREFIX, type Route } from './routes.js';

const ErrorSchema = {
  type: 'object', required: ['error', 'errors'],
  properties: {
    error: { $ref: '#/components/schemas/LtError' },
    errors: { type: 'array', items: { $ref: '#/components/schemas/LtError' } },
  },
};

export function jsonSchema(s: unknown, io: 'input' | 'output'): Record<string, unknown> {
  try {
    const out = z.toJSONSchema(s as z.ZodType, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
    delete out.$schema;
    return out;
  } catch {
    return {};
  }
}

/** OpenAPI 3.1 document generated from the same procedures that serve tRPC and REST. */
export function openApiDocument(router: AppRouter, opts: { baseUrl?: string; version?: string } = {}): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  // Streamed and raw forms come last: they add a media type to the operation of the same method and path.
  const all = restRoutes(router);
  const alternative = (x: Route) => x.meta.stream !== undefined || x.meta.produces !== undefined;
  for (const r of [...all.filter((x) => !alternative(x)), ...all.filter(alternative)]) {
    const def = r.procedure._def as { inputs?: unknown[]; output?: unknown };
    const inputSchema = def.inputs?.[0] ? jsonSchema(def.inputs[0], 'input') : {};
    const props = (inputSchema.properties ?? {}) as Record<string, Record<string, unknown>>;
    const required = new Set((inputSchema.required as string[] | undefined) ?? []);
    const parameters = [
      ...r.params.map((p) => ({ name: p, in: 'path', required: true, schema: props[p] ?? { type: 'string' } })),
      // Required exactly when the input schema requires the field (zod: not optional, no default).
      ...(r.meta.query ?? []).map((q) => ({ name: q, in: 'query', required: required.has(q), schema: props[q] ?? { type: 'string' } })),
      ...Object.entries(r.meta.headers ?? {}).map(([h, field]) => ({ name: h, in: 'header', required: required.has(field), schema: props[field] ?? { type: 'string' } })),
    ];
    const consumed = new Set([...r.params, ...(r.meta.query ?? []), ...Object.values(r.meta.headers ?? {})]);
    let requestBody: unknown;
    if (r.meta.method === 'POST' || r.meta.method === 'PUT') {
      const schema = r.meta.bodyField ? (props[r.meta.bodyField] ?? {}) : {
        type: 'object',
        properties: Object.fromEntries(Object.entries(props).filter(([k]) => !consumed.has(k))),
        required: [...required].filter((k) => !consumed.has(k)),
      };
      requestBody = { required: r.meta.bodyField ? required.has(r.meta.bodyField) : true, content: { 'application/json': { schema } } };
    }
    const okSchema = def.output ? jsonSchema(def.output, 'output') : {};
    const ok = r.meta.events
      ? { description: 'Server-sent events: `event: <name>`, `data: <JSON>` / Luồng sự kiện', content: { 'text/event-stream': { schema: { type: 'string' } } } }
      : { description: 'OK', content: { 'application/json': { schema: okSchema } } };
    const responses: Record<string, unknown> = {
      [r.meta.path === '/flows' && r.meta.method === 'POST' ? '201' : '200']: ok,
      '400': { description: 'Invalid request / Yêu cầu không hợp lệ', content: { 'application/json': { schema: ErrorSchema } } },
      '404': { description: 'Not found / Không tìm thấy', content: { 'application/json': { schema: ErrorSchema } } },
    };
    // A JSON body sent as another media type (text/plain, a form) is refused before anything runs.
    if (requestBody) responses['415'] = { description: 'Unsupported media type: send application/json / Kiểu nội dung không được nhận', content: { 'application/json': { schema: ErrorSchema } } };
    if (r.path === 'runs.start') {
      responses['202'] = { description: 'Accepted, still running / Đã nhận, đang chạy', content: { 'application/json': { schema: okSchema } } };
      responses['409'] = { description: 'Idempotency-Key reused with another body', content: { 'application/json': { schema: ErrorSchema } } };
      responses['422'] = { description: 'The run failed / Lượt chạy thất bại', content: { 'application/json': { schema: ErrorSchema } } };
    }
    const openapiPath = `${REST_PREFIX}${r.meta.path}`;
    const existing = paths[openapiPath]?.[r.meta.method.toLowerCase()] as { parameters: { name: string }[]; requestBody?: { required?: boolean; content: Record<string, unknown> }; responses: Record<string, unknown>; description?: string } | undefined;
    if (r.meta.produces !== undefined && existing) {
      const ok = existing.responses['200'] as { content: Record<string, unknown> };
      ok.content[r.meta.produces] = { schema: { type: 'string', contentMediaType: r.meta.produces, description: 'The raw content (Accept) / Nội dung thô' } };
      existing.description = `${existing.description ? `${existing.description}\n\n` : ''}Accept: ${r.meta.produces}: ${r.meta.summary}`;
      continue;
    }
    if (r.meta.stream !== undefined) {
      const streamed = { schema: { type: 'string', contentMediaType: r.meta.stream, description: 'The raw content / Nội dung thô' } };
      const tooLarge = { description: 'Content over the limit / Nội dung vượt giới hạn', content: { 'application/json': { schema: ErrorSchema } } };
      if (existing) {
        // Parameters that only the streamed form takes are optional for the operation as a whole.
        const named = new Set(existing.parameters.map((p) => p.name));
        existing.parameters.push(...parameters.filter((p) => !named.has(p.name)).map((p) => ({ ...p, required: false })));
        existing.requestBody = { required: true, content: { ...existing.requestBody?.content, [r.meta.stream]: streamed } };
        existing.responses['413'] = tooLarge;
        existing.description = `${existing.description ? `${existing.description}\n\n` : ''}${r.meta.stream}: ${r.meta.summary}`;
        continue;
      }
      requestBody = { required: true, content: { [r.meta.stream]: streamed } };
      responses['413'] = tooLarge;
    }
    (paths[openapiPath] ??= {})[r.meta.method.toLowerCase()] = {
      operationId: r.path.replace('.', '_'), summary: r.meta.summary, tags: r.meta.tags, parameters,
      ...(requestBody ? { requestBody } : {}), responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Liên Thông API', version: opts.version ?? '0.1.0', description: 'Nền tảng tích hợp liên thông / Integration workflow engine' },
    servers: opts.baseUrl ? [{ url: opts.baseUrl }] : [],
    paths,
    components: {
      schemas: {
        LtError: {
          type: 'object', required: ['code', 'message', 'where'],
          properties: {
            code: { type: 'string' },
            message: { type: 'object', required: ['vi', 'en'], properties: { vi: { type: 'string' }, en: { type: 'string' } } },
            where: { type: 'object', properties: { nodeId: { type: 'string' }, pointer: { type: 'string' }, field: { type: 'string' } } },
          },
        },
      },
    },
  };
}
