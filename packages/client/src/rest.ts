import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@lienthong/api';
import { LtClientError, type LtErrorJson } from './errors.js';
import { signingFetch, type LtClientOptions } from './trpc.js';

type In = inferRouterInputs<AppRouter>;
type Out = inferRouterOutputs<AppRouter>;
export type RunStarted = Out['runs']['start'];
export type RunView = Out['runs']['get'];

const FINISHED = new Set(['completed', 'failed', 'cancelled', 'terminated', 'timed_out']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seg = encodeURIComponent;

export interface RestClientOptions extends LtClientOptions {
  /** How often `runFlow` asks about a run that answered 202 (default 500 ms). */
  pollIntervalMs?: number;
}

/**
 * The same operations over REST (/api/v1), for callers that prefer plain HTTP: signed requests, Idempotency-Key
 * (signed too), the 202 → poll path of long runs, the eight exchange steps and session keys. Errors are LtClientError.
 */
export function createLtRestClient(o: RestClientOptions) {
  const base = `${o.url.replace(/\/$/, '')}/api/v1`;
  const send = signingFetch(o);

  /** One call: the parsed JSON answer of a 2xx, else an LtClientError with the catalogue code. */
  async function request<T>(method: string, path: string, x: { body?: unknown; query?: Record<string, string | number | undefined>; headers?: Record<string, string> } = {}): Promise<{ status: number; body: T; headers: Headers }> {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(x.query ?? {})) if (v !== undefined) q.set(k, String(v));
    const url = `${base}${path}${q.size ? `?${q.toString()}` : ''}`;
    const body = x.body === undefined ? undefined : JSON.stringify(x.body);
    const res = await send(url, { method, headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...x.headers }, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let parsed: unknown;
    try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = undefined; }
    if (!res.ok) {
      const errors = (parsed as { errors?: LtErrorJson[]; error?: LtErrorJson } | undefined)?.errors ?? [];
      throw new LtClientError(res.status, errors, { retryAfter: res.headers.get('retry-after') });
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  const getRun = async (runId: string) => (await request<RunView>('GET', `/runs/${seg(runId)}`)).body;

  return {
    request,

    /** Starts a run; `wait` ("0s"–"30s") how long to wait for its answer. 200 with the output, or 202 while it still runs. */
    async startRun(flowKey: string, input: unknown, x: { wait?: string; idempotencyKey?: string } = {}): Promise<RunStarted> {
      return (await request<RunStarted>('POST', `/flows/${seg(flowKey)}/runs`, { body: input, query: { wait: x.wait }, headers: x.idempotencyKey ? { 'idempotency-key': x.idempotencyKey } : {} })).body;
    },

    getRun,

    /**
     * Starts a run and returns its finished view: answered at once, or (202) asked about until it ends. A run that
     * failed throws its error. Give an Idempotency-Key to make a retried call return the same run.
     */
    async runFlow(flowKey: string, input: unknown, x: { wait?: string; idempotencyKey?: string; timeoutMs?: number } = {}): Promise<RunView> {
      const started = await this.startRun(flowKey, input, x);
      const deadline = Date.now() + (x.timeoutMs ?? 120_000);
      for (;;) {
        const run = await getRun(started.runId);
        if (FINISHED.has(run.status)) {
          if (run.status !== 'completed') throw new LtClientError(422, run.error ? [run.error as LtErrorJson] : []);
          return run;
        }
        if (Date.now() > deadline) throw new LtClientError(504, [{ code: 'CLIENT_POLL_TIMEOUT', message: { vi: `Lượt chạy ${run.runId} chưa xong`, en: `Run ${run.runId} has not finished` }, where: { runId: run.runId } }]);
        await sleep(o.pollIntervalMs ?? 500);
      }
    },

    cancelRun: async (runId: string) => (await request<Out['runs']['cancel']>('POST', `/runs/${seg(runId)}/cancel`)).body,

    /** A session key for calling `destination` directly (REG 001 Đ12). */
    sessionKey: async (destination: string, scopes: string[] = []) => (await request<Out['auth']['session']>('POST', '/auth/session', { body: { destination, scopes } })).body,

    /** The data exchange, step by step (docs/agency-access.md). */
    exchanges: {
      /** Steps 1–3: ask to send, get a space. */
      create: async (x: In['exchanges']['create']) => (await request<Out['exchanges']['create']>('POST', '/exchanges', { body: x })).body,
      /** Step 4: the content (base64) with its SHA-256 and the policy. */
      upload: async (exchangeId: string, x: Omit<In['exchanges']['upload'], 'exchangeId'>) => (await request<Out['exchanges']['upload']>('PUT', `/exchanges/${seg(exchangeId)}/content`, { body: x })).body,
      get: async (exchangeId: string) => (await request<Out['exchanges']['get']>('GET', `/exchanges/${seg(exchangeId)}`)).body,
      /** Step 6: the inbox; `wait` long-polls ("20s"). */
      inbox: async (x: { wait?: string; limit?: number } = {}) => (await request<Out['exchanges']['inbox']>('GET', '/exchanges/inbox', { query: x })).body,
      /** Step 7: ready; answers where to fetch. */
      ready: async (exchangeId: string) => (await request<Out['exchanges']['ready']>('POST', `/exchanges/${seg(exchangeId)}/ready`)).body,
      /** Step 8: the content and its checksum. */
      fetch: async (exchangeId: string) => (await request<Out['exchanges']['fetch']>('GET', `/exchanges/${seg(exchangeId)}/content`)).body,
      /** Step 8: acknowledge with the checksum of what was received (the content is then deleted). */
      acknowledge: async (exchangeId: string, sha256: string) => (await request<Out['exchanges']['acknowledge']>('POST', `/exchanges/${seg(exchangeId)}/ack`, { body: { sha256 } })).body,
      refuse: async (exchangeId: string, code: string, reason: string) => (await request<Out['exchanges']['refuse']>('POST', `/exchanges/${seg(exchangeId)}/refuse`, { body: { code, reason } })).body,
    },
  };
}
export type LtRestClient = ReturnType<typeof createLtRestClient>;
