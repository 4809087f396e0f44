import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@lienthong/api';
import type { LtErrorJson } from '@lienthong/errors';
import type { FlowDocument } from '@lienthong/schemas';
import { takeEarly } from './early.js';

/**
 * The one module that talks to the API, over tRPC with the types inferred from the API's router (never copied),
 * and the one place that knows about sign-in: auth.login sets the HttpOnly `lt_session` cookie, which the browser
 * then sends with every same-origin request, so no token is ever held in script. A 401 anywhere calls `onSignedOut`.
 */
type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;
export type FlowSummary = Outputs['flows']['list'][number];
export type FlowVersion = Omit<Outputs['flows']['get'], 'document'> & { document: FlowDocument };
export type VersionInfo = Outputs['flows']['versions'][number];
export type Published = Outputs['flows']['publish'];
export type RunStarted = Outputs['runs']['start'];
export type RunSummary = Outputs['runs']['search']['runs'][number];
export type Me = Outputs['auth']['me'];
export type RunView = Outputs['runs']['get'];
/** A node of a run as the interpreter reports it (the workflow contract's NodeProgress). */
export type NodeRun = RunView['nodes'][string];
export type RunFilter = Inputs['runs']['search'];
export type RunPage = Outputs['runs']['search'];
export type TimelineEntry = Outputs['runs']['timeline'][number];
export type RunRecord = Outputs['runs']['record'];
export type RunBundle = Outputs['runs']['bundle'];
export type ReplayVerdict = Outputs['bundles']['verifyReplay'];

let onSignedOut: () => void = () => undefined;
export const whenSignedOut = (f: () => void): void => { onSignedOut = f; };

export class ApiError extends Error {
  constructor(readonly status: number, readonly errors: LtErrorJson[]) {
    super(errors[0]?.message.en ?? `HTTP ${status}`);
  }
}

export const trpc = createTRPCClient<AppRouter>({
  links: [httpLink({ url: '/trpc', fetch: (url, init) => takeEarly(String(url), init as RequestInit) ?? fetch(url, { ...(init as RequestInit), credentials: 'same-origin' }) })],
});

/** Calls one procedure; our coded errors (vi/en, where) come back as ApiError, a lost connection as status 0. */
export async function call<T>(f: () => Promise<T>, opts: { signInCall?: boolean } = {}): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (!(err instanceof TRPCClientError)) throw new ApiError(0, []);
    const data = (err as TRPCClientError<AppRouter>).data as { httpStatus?: number; errors?: LtErrorJson[] } | undefined;
    const status = data?.httpStatus ?? 0;
    if (status === 401 && !opts.signInCall) onSignedOut();
    throw new ApiError(status, data?.errors ?? []);
  }
}

/** Test runs of a draft are published under this sibling key, so the real flow's versions stay untouched. */
export const SANDBOX_SUFFIX = '--thu';
export const sandboxKey = (key: string): string => `${key.slice(0, 64 - SANDBOX_SUFFIX.length)}${SANDBOX_SUFFIX}`;
/** Notes travel percent-encoded in the x-lt-note header (headers are Latin-1); show them decoded. */
export function decodeNote(note: string | null): string {
  if (!note) return '';
  try { return decodeURIComponent(note); } catch { return note; }
}
export const isSandboxKey = (key: string): boolean => key.endsWith(SANDBOX_SUFFIX);

export const api = {
  me: (): Promise<Me> => call(() => trpc.auth.me.query(), { signInCall: true }),
  login: (username: string, password: string): Promise<{ user: { username: string; displayName: string } }> =>
    call(() => trpc.auth.login.mutate({ username, password }), { signInCall: true }),
  logout: (): Promise<unknown> => call(() => trpc.auth.logout.mutate(), { signInCall: true }),
  listFlows: async (): Promise<FlowSummary[]> => (await call(() => trpc.flows.list.query())).filter((f) => !isSandboxKey(f.key)),
  getFlow: async (key: string, version?: number): Promise<FlowVersion> => {
    const v = await call(() => trpc.flows.get.query({ flowKey: key, ...(version ? { version } : {}) }));
    return { ...v, document: v.document as FlowDocument }; // the API returns only documents it validated at publish
  },
  versions: (key: string): Promise<VersionInfo[]> => call(() => trpc.flows.versions.query({ flowKey: key })),
  validate: async (doc: FlowDocument): Promise<{ valid: boolean; errors: LtErrorJson[] }> => {
    const r = await call(() => trpc.flows.validate.mutate({ document: doc }));
    return { valid: r.valid, errors: r.errors as LtErrorJson[] };
  },
  publish: (doc: FlowDocument, note: string): Promise<Published> => call(() => trpc.flows.publish.mutate({ document: doc, ...(note ? { note } : {}) })),
  startRun: (key: string, input: unknown): Promise<RunStarted> => call(() => trpc.runs.start.mutate({ flowKey: key, input, wait: '0s' })),
  getRun: (runId: string): Promise<RunView> => call(() => trpc.runs.get.query({ runId })),
  /** Recent runs of a flow (Temporal visibility: a just-started run may take a moment to appear). */
  searchRuns: async (flowKey: string, limit = 20): Promise<RunSummary[]> => (await call(() => trpc.runs.search.query({ flowKey, limit }))).runs,
  sendSignal: (runId: string, name: string, payload: unknown): Promise<unknown> => call(() => trpc.runs.signal.mutate({ runId, name, payload })),
  /** One page of the run search (Temporal visibility, newest first); `nextPageToken` continues it. */
  runPage: (filter: RunFilter): Promise<RunPage> => call(() => trpc.runs.search.query(filter)),
  timeline: (runId: string): Promise<TimelineEntry[]> => call(() => trpc.runs.timeline.query({ runId })),
  /** The archived record: metadata stays after retention destroyed the run's data. */
  runRecord: (runId: string): Promise<RunRecord> => call(() => trpc.runs.record.query({ runId })),
  cancelRun: (runId: string): Promise<unknown> => call(() => trpc.runs.cancel.mutate({ runId })),
  bundle: (runId: string): Promise<RunBundle> => call(() => trpc.runs.bundle.query({ runId })),
  verifyReplay: (runId: string): Promise<ReplayVerdict> => call(() => trpc.bundles.verifyReplay.mutate({ runId })),

  /**
   * Runs a draft: there is no draft-run endpoint yet, so the draft is published as the sandbox flow
   * `<key>--thu` and run there (publishing unchanged content is a no-op). Swap for a draft-run endpoint when one exists.
   */
  async testRunDraft(doc: FlowDocument, input: unknown): Promise<RunStarted & { sandboxKey: string }> {
    const key = sandboxKey(doc.key);
    const { version: _v, ...rest } = doc;
    const title = { vi: `[Chạy thử] ${doc.title.vi}`, en: `[Test run] ${doc.title.en}` };
    const published = await call(() => trpc.flows.publish.mutate({ document: { ...rest, key, title }, note: 'designer-test-run' }));
    const started = await call(() => trpc.runs.start.mutate({ flowKey: key, input, wait: '0s' }));
    return { ...started, version: published.version, sandboxKey: key };
  },
};
