import { subscribe } from 'node:diagnostics_channel';
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
export { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base'; // for tests
import {
  makeWorkflowExporter, OpenTelemetryActivityInboundInterceptor, OpenTelemetryActivityOutboundInterceptor, OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import { maskText } from './log.js';

/**
 * OpenTelemetry tracing through API → workflow → activities → connector HTTP calls, one trace per request.
 * Off unless started: `startTracing()` reads OTEL_EXPORTER_OTLP_ENDPOINT (OTLP over HTTP), tests pass an
 * in-memory exporter. Span names and attributes carry methods, routes, hosts and paths (12-digit personal
 * IDs masked), never query strings, bodies or headers.
 */
interface TracingState { provider: BasicTracerProvider; processor: SpanProcessor; resource: Resource }
let state: TracingState | null = null;

export interface TracingOptions {
  /** Where spans go; default: OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set, otherwise tracing stays off. */
  exporter?: SpanExporter;
  serviceName?: string;
  env?: { OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined; OTEL_SERVICE_NAME?: string | undefined };
}

/** Starts tracing once per process (later calls return the running setup); false when there is nowhere to send spans. */
export function startTracing(opts: TracingOptions = {}): boolean {
  if (state) return true;
  const env = opts.env ?? process.env;
  const exporter = opts.exporter ?? (env.OTEL_EXPORTER_OTLP_ENDPOINT ? new OTLPTraceExporter() : null); // the exporter reads OTEL_EXPORTER_OTLP_* itself
  if (!exporter) return false;
  const resource = new Resource({ 'service.name': opts.serviceName ?? env.OTEL_SERVICE_NAME ?? 'lienthong' });
  // In-memory (tests): every span as it ends; OTLP: batched.
  const processor = opts.exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter);
  const provider = new BasicTracerProvider({ resource, spanProcessors: [processor] });
  provider.register({ contextManager: new AsyncLocalStorageContextManager(), propagator: new W3CTraceContextPropagator() });
  state = { provider, processor, resource };
  traceFetch();
  return true;
}

export const tracingEnabled = (): boolean => state !== null;

/** Flushes and stops (the platform's stop). */
export async function stopTracing(): Promise<void> {
  const s = state;
  state = null;
  await s?.provider.shutdown();
}

const tracer = () => trace.getTracer('@lienthong/observability');

/** Temporal client interceptors: starting or signalling a workflow carries the active span in its headers. */
export function clientTracingInterceptors(): { workflow: OpenTelemetryWorkflowClientInterceptor[] } | undefined {
  return state ? { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } : undefined;
}

type ActivityCtx = ConstructorParameters<typeof OpenTelemetryActivityInboundInterceptor>[0];

/** Worker options: activity interceptors, the workflow interceptor module and the sink that exports workflow spans. */
export function workerTracingOptions() {
  if (!state) return {};
  return {
    interceptors: {
      activity: [(ctx: ActivityCtx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })],
      workflowModules: [createRequire(import.meta.url).resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')],
    },
    sinks: { exporter: makeWorkflowExporter(state.processor, state.resource) },
  };
}

const QUIET = new Set(['/healthz', '/readyz', '/metrics']);

/** Runs an HTTP request's handling inside a server span (`POST /api/v1/flows/{…}/runs`), ended when the response is. */
export function withRequestSpan(req: IncomingMessage, res: ServerResponse, handle: () => void): void {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (!state || QUIET.has(path)) return handle();
  const parent = propagation.extract(context.active(), req.headers);
  const span = tracer().startSpan(`${req.method ?? 'GET'} ${maskText(path)}`, { kind: SpanKind.SERVER,
    attributes: { 'http.request.method': req.method ?? 'GET', 'url.path': maskText(path) } }, parent);
  res.once('close', () => {
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  context.with(trace.setSpan(parent, span), handle);
}

interface UndiciRequest { origin?: string | URL; method?: string; path?: string; addHeader?(name: string, value: string): unknown }
let fetchTraced = false;

/** Connector HTTP calls (fetch, i.e. undici): a client span per request, child of the active span, with traceparent sent on. */
function traceFetch(): void {
  if (fetchTraced) return;
  fetchTraced = true;
  const spans = new WeakMap<object, Span>();
  subscribe('undici:request:create', (m) => {
    const { request } = m as { request: UndiciRequest };
    if (!state || !trace.getSpan(context.active())) return; // only calls made inside a trace (activities, the API)
    let host = '';
    try { host = new URL(String(request.origin)).host; } catch { /* keep empty */ }
    const path = maskText((request.path ?? '/').split('?')[0] ?? '/');
    const span = tracer().startSpan(`HTTP ${request.method ?? 'GET'} ${host}`, { kind: SpanKind.CLIENT,
      attributes: { 'http.request.method': request.method ?? 'GET', 'server.address': host, 'url.path': path } });
    spans.set(request, span);
    const carrier: Record<string, string> = {};
    propagation.inject(trace.setSpan(context.active(), span), carrier);
    for (const [k, v] of Object.entries(carrier)) request.addHeader?.(k, v);
  });
  subscribe('undici:request:headers', (m) => {
    const { request, response } = m as { request: object; response: { statusCode: number } };
    const span = spans.get(request);
    span?.setAttribute('http.response.status_code', response.statusCode);
    if (span && response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  });
  subscribe('undici:request:trailers', (m) => {
    const { request } = m as { request: object };
    spans.get(request)?.end();
    spans.delete(request);
  });
  subscribe('undici:request:error', (m) => {
    const { request, error } = m as { request: object; error: Error };
    const span = spans.get(request);
    span?.setStatus({ code: SpanStatusCode.ERROR, message: error.name });
    span?.end();
    spans.delete(request);
  });
}
