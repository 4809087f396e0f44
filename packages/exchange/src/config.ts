/** What a connected system must be granted for each side (when its allowedOperations list is not empty). */
export const EXCHANGE_OPERATIONS = { send: 'exchanges.send', receive: 'exchanges.receive' } as const;

export interface ExchangeConfig {
  /** Largest content accepted, in bytes, however it is uploaded. */
  maxBytes: number;
  /** Largest content in a JSON upload (base64 inside a request body capped at 1 MiB); larger content is streamed. */
  jsonMaxBytes: number;
  /** Webhook retries: first delay, longest delay, and how long to keep trying. */
  retryInitialMs: number;
  retryMaxMs: number;
  notifyWindowMs: number;
  /** Deadline of an exchange that names none: nothing is kept for ever. */
  defaultTtlMs: number;
  /** How often a long-polling inbox looks again. */
  pollIntervalMs: number;
  /** Longest long-poll wait a caller may ask for. */
  maxWaitMs: number;
  /** How long one server-sent-events inbox stream lasts before the client must reconnect. */
  streamMaxMs: number;
}

const num = (v: string | undefined, d: number) => (v && Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : d);
export function exchangeConfigFromEnv(env: Record<string, string | undefined> = process.env): ExchangeConfig {
  return {
    maxBytes: num(env.LT_EXCHANGE_MAX_BYTES, 20 * 1024 * 1024),
    jsonMaxBytes: num(env.LT_EXCHANGE_JSON_MAX_BYTES, 512 * 1024),
    retryInitialMs: num(env.LT_EXCHANGE_RETRY_INITIAL_MS, 2_000),
    retryMaxMs: num(env.LT_EXCHANGE_RETRY_MAX_MS, 60_000),
    notifyWindowMs: num(env.LT_EXCHANGE_NOTIFY_WINDOW_MS, 24 * 3600_000),
    defaultTtlMs: num(env.LT_EXCHANGE_DEFAULT_TTL_MS, 7 * 24 * 3600_000),
    pollIntervalMs: num(env.LT_EXCHANGE_POLL_INTERVAL_MS, 250),
    maxWaitMs: num(env.LT_EXCHANGE_MAX_WAIT_MS, 25_000),
    streamMaxMs: num(env.LT_EXCHANGE_STREAM_MAX_MS, 5 * 60_000),
  };
}
