import { createTRPCClient, httpLink, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { AppRouter } from '@lienthong/api';
import { fromTrpcError } from './errors.js';
import { createRequestSigner, type LtCredentials, type SignOptions } from './signer.js';

type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface LtClientOptions extends SignOptions {
  /** The platform's base URL, e.g. https://lienthong.example.gov.vn */
  url: string;
  /** A connected system's key pair: every request is signed (SigV4). */
  credentials?: LtCredentials;
  /** Or a person's login session (Bearer), for tools run by an officer. */
  token?: string;
  /** Another fetch (a proxy, a test); the global one by default. */
  fetch?: FetchLike;
}

function headersOf(h: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(h).forEach((v, k) => { out[k] = v; });
  return out;
}

/** fetch that signs each request with the system's key (or adds the Bearer token) before sending it. */
export function signingFetch(o: LtClientOptions): FetchLike {
  const send = o.fetch ?? ((url, init) => fetch(url, init));
  const sign = o.credentials ? createRequestSigner(o.credentials, o) : null;
  return async (url, init) => {
    const headers = headersOf(init.headers);
    const body = typeof init.body === 'string' || init.body instanceof Uint8Array ? init.body : init.body == null ? undefined : String(init.body);
    if (sign) Object.assign(headers, await sign(url, { method: init.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}) }));
    else if (o.token) headers.authorization = `Bearer ${o.token}`;
    return send(url, { ...init, headers, ...(body !== undefined ? { body } : {}) });
  };
}

/** Turns tRPC errors carrying the platform's catalogue into LtClientError (`.code`). */
export const ltErrorLink: TRPCLink<AppRouter> = () => ({ op, next }) => observable((observer) => {
  const sub = next(op).subscribe({
    next: (v) => observer.next(v),
    error: (err) => observer.error(fromTrpcError(err)),
    complete: () => observer.complete(),
  });
  return () => sub.unsubscribe();
});

/** The terminating link: one HTTP request per call (no batching), signed with SigV4. */
export function sigv4Link(o: LtClientOptions): TRPCLink<AppRouter> {
  return httpLink<AppRouter>({ url: `${o.url.replace(/\/$/, '')}/trpc`, fetch: signingFetch(o) as never });
}

/**
 * The platform's procedures, typed from its router: `client.runs.start.mutate({ flowKey, input })`,
 * `client.exchanges.inbox.query()`. Errors are LtClientError.
 */
export function createLtTrpcClient(o: LtClientOptions) {
  return createTRPCClient<AppRouter>({ links: [ltErrorLink, sigv4Link(o)] });
}
export type LtTrpcClient = ReturnType<typeof createLtTrpcClient>;
