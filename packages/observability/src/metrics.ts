import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The platform's Prometheus metrics, one registry per process (API and worker share it in the
 * embedded layout). Label values are bounded: flow keys, connector ids, error codes, HTTP codes.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'lt_process_' });

export const metrics = {
  runsStarted: new Counter({ name: 'lt_runs_started_total', help: 'Runs started, by flow and trigger', labelNames: ['flow', 'trigger'] as const, registers: [registry] }),
  runsFinished: new Counter({ name: 'lt_runs_finished_total', help: 'Runs seen finishing by the API, by flow and outcome', labelNames: ['flow', 'outcome'] as const, registers: [registry] }),
  syncAnswers: new Counter({ name: 'lt_sync_answers_total', help: 'Synchronous calls answered in time (completed) or degraded to 202 (running)', labelNames: ['flow', 'status'] as const, registers: [registry] }),
  connectorCalls: new Counter({ name: 'lt_connector_calls_total', help: 'Connector activity attempts, by connector and outcome (ok or error code)', labelNames: ['connector', 'outcome'] as const, registers: [registry] }),
  connectorLatency: new Histogram({ name: 'lt_connector_duration_seconds', help: 'Connector activity attempt duration', labelNames: ['connector'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [registry] }),
  apiRequests: new Counter({ name: 'lt_api_requests_total', help: 'API requests by route and HTTP status', labelNames: ['route', 'status'] as const, registers: [registry] }),
  apiLatency: new Histogram({ name: 'lt_api_request_duration_seconds', help: 'API request duration by route', labelNames: ['route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [registry] }),
};

export async function metricsText(): Promise<string> {
  return registry.metrics();
}
export const metricsContentType = registry.contentType;
