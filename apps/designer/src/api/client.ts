import type { LtErrorJson } from '@lienthong/errors';
import type { FlowDocument } from '@lienthong/schemas';

/**
 * The one module that talks to the API (REST under /api/v1), and the one place that knows about
 * sign-in: POST /auth/login sets the HttpOnly `lt_session` cookie, which the browser then sends with
 * every same-origin request, so no token is ever held in script. A 401 anywhere calls `onSignedOut`.
 */
const BASE = '/api/v1';

let onSignedOut: () => void = () => undefined;
export const whenSignedOut = (f: () => void): void => { onSignedOut = f; };

export class ApiError extends Error {
  constructor(readonly status: number, readonly errors: LtErrorJson[]) {
    super(errors[0]?.message.en ?? `HTTP ${status}`);
  }
}

async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${BASE}${path}`, {
      method,
      credentials: 'same-origin',
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiError(0, []);
  }
  const text = await res.text();
  const parsed: unknown = text ? JSON.parse(text) : null;
  if (res.status === 401 && !path.startsWith('/auth/')) onSignedOut();
  if (!res.ok) {
    const b = parsed as { errors?: LtErrorJson[]; error?: LtErrorJson } | null;
    throw new ApiError(res.status, b?.errors ?? (b?.error ? [b.error] : []));
  }
  return parsed as T;
}

export interface FlowSummary { key: string; title: { vi: string; en: string }; latestVersion: number }
export interface FlowVersion { flowKey: string; version: number; hash: string; document: FlowDocument }
export interface VersionInfo { version: number; hash: string; note: string | null; publishedBy: string | null; publishedAt: string }
export interface Published { flowKey: string; version: number; hash: string }
export interface RunStarted { runId: string; flowKey: string; version: number; hash: string; status: 'completed' | 'running'; output?: unknown }
export interface NodeRun { status: 'running' | 'succeeded' | 'failed' | 'waiting' | 'skipped' | 'compensated'; startedAt?: string; finishedAt?: string; handle?: string; error?: LtErrorJson; attempts?: number; output?: unknown; input?: unknown }
export interface RunView {
  runId: string; flowKey: string; version: number; hash: string; status: string; startedAt: string; finishedAt?: string;
  output?: unknown; response?: unknown; error?: LtErrorJson; nodes: Record<string, NodeRun>;
}

export interface RunSummary { runId: string; flowKey: string; version: number; trigger: string; status: string; startedAt: string; finishedAt?: string; businessKeys: string[] }

/** Test runs of a draft are published under this sibling key, so the real flow's versions stay untouched. */
export const SANDBOX_SUFFIX = '--thu';
export const sandboxKey = (key: string): string => `${key.slice(0, 64 - SANDBOX_SUFFIX.length)}${SANDBOX_SUFFIX}`;
/** Notes travel percent-encoded in the x-lt-note header (headers are Latin-1); show them decoded. */
export function decodeNote(note: string | null): string {
  if (!note) return '';
  try { return decodeURIComponent(note); } catch { return note; }
}
export const isSandboxKey = (key: string): boolean => key.endsWith(SANDBOX_SUFFIX);

export interface Me { kind: 'user' | 'system'; id: string; username?: string; displayName?: string; roles?: { role: string; agency?: string }[] }

export const api = {
  me: (): Promise<Me> => request('GET', '/auth/me'),
  login: (username: string, password: string): Promise<{ user: { username: string; displayName: string } }> => request('POST', '/auth/login', { username, password }),
  logout: (): Promise<unknown> => request('POST', '/auth/logout', {}),
  listFlows: async (): Promise<FlowSummary[]> => (await request<FlowSummary[]>('GET', '/flows')).filter((f) => !isSandboxKey(f.key)),
  getFlow: (key: string, version?: number): Promise<FlowVersion> =>
    request('GET', `/flows/${encodeURIComponent(key)}${version ? `?version=${version}` : ''}`),
  versions: (key: string): Promise<VersionInfo[]> => request('GET', `/flows/${encodeURIComponent(key)}/versions`),
  validate: (doc: FlowDocument): Promise<{ valid: boolean; errors: LtErrorJson[] }> => request('POST', '/flows/validate', doc),
  publish: (doc: FlowDocument, note: string): Promise<Published> =>
    request('POST', '/flows', doc, note ? { 'x-lt-note': encodeURIComponent(note) } : {}),
  startRun: (key: string, input: unknown): Promise<RunStarted> => request('POST', `/flows/${encodeURIComponent(key)}/runs?wait=0s`, input),
  getRun: (runId: string): Promise<RunView> => request('GET', `/runs/${encodeURIComponent(runId)}`),
  /** Recent runs of a flow (Temporal visibility: a just-started run may take a moment to appear). */
  searchRuns: async (flowKey: string, limit = 20): Promise<RunSummary[]> =>
    (await request<{ runs: RunSummary[] }>('GET', `/runs?flowKey=${encodeURIComponent(flowKey)}&limit=${limit}`)).runs,
  sendSignal: (runId: string, name: string, payload: unknown): Promise<unknown> =>
    request('POST', `/runs/${encodeURIComponent(runId)}/signals/${encodeURIComponent(name)}`, payload),

  /**
   * Runs a draft: there is no draft-run endpoint yet, so the draft is published as the sandbox flow
   * `<key>--thu` and run there (publishing unchanged content is a no-op). Swap for a draft-run endpoint when one exists.
   */
  async testRunDraft(doc: FlowDocument, input: unknown): Promise<RunStarted & { sandboxKey: string }> {
    const key = sandboxKey(doc.key);
    const { version: _v, ...rest } = doc;
    const title = { vi: `[Chạy thử] ${doc.title.vi}`, en: `[Test run] ${doc.title.en}` };
    const published = await request<Published>('POST', '/flows', { ...rest, key, title }, { 'x-lt-note': 'designer-test-run' });
    const started = await request<RunStarted>('POST', `/flows/${encodeURIComponent(key)}/runs?wait=0s`, input);
    return { ...started, version: published.version, sandboxKey: key };
  },
};
