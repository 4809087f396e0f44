import type { FlowDocument } from '@lienthong/schemas';
import { api, sandboxKey, type ApiError, type RunSummary, type VersionInfo } from '../api/client.js';
import { diffFlows, unionForDiff } from '../model/diff.js';
import type { DesignerStore, RunState } from './designer-store.js';

/** Actions that talk to the API on behalf of one open flow. Components call these; they hold no logic. */

const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'terminated', 'timed_out']);
export const isTerminal = (status: string): boolean => TERMINAL.has(status);

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ApiError | Error };
const attempt = async <T>(f: () => Promise<T>): Promise<Outcome<T>> => {
  try { return { ok: true, value: await f() }; } catch (err) { return { ok: false, error: err as Error }; }
};

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try { return { ok: true, value: JSON.parse(text) as unknown }; } catch { return { ok: false }; }
}

/** Starts a test run of the draft and follows it until it ends (polling the run's progress). */
export async function testRun(store: DesignerStore, input: unknown, opts: { pollMs?: number; signal?: AbortSignal } = {}): Promise<Outcome<RunState>> {
  const doc = store.getState().document();
  const started = await attempt(() => api.testRunDraft(doc, input));
  if (!started.ok) return started;
  const s = started.value;
  store.getState().setRun({ runId: s.runId, flowKey: s.sandboxKey, version: s.version, status: 'running', nodes: {} });
  return follow(store, s.runId, opts);
}

/** Polls a run until it ends, putting its per-node status on the canvas as it goes. */
export async function follow(store: DesignerStore, runId: string, opts: { pollMs?: number; signal?: AbortSignal } = {}): Promise<Outcome<RunState>> {
  for (;;) {
    const r = await attempt(() => api.getRun(runId));
    if (!r.ok) return r;
    const v = r.value;
    const run: RunState = {
      runId: v.runId, flowKey: v.flowKey, version: v.version, status: v.status, nodes: v.nodes, startedAt: v.startedAt,
      ...(v.finishedAt ? { finishedAt: v.finishedAt } : {}), ...(v.output !== undefined ? { output: v.output } : {}), ...(v.error ? { error: v.error } : {}),
    };
    if (store.getState().run?.runId === runId || store.getState().run === null) store.getState().setRun(run);
    if (isTerminal(v.status) || opts.signal?.aborted) return { ok: true, value: run };
    await new Promise((resolve) => setTimeout(resolve, opts.pollMs ?? 600));
  }
}

/** Publishes the draft with a note; returns the version (unchanged content returns the latest version). */
export async function publish(store: DesignerStore, note: string): Promise<Outcome<{ version: number; unchanged: boolean }>> {
  const doc = store.getState().document();
  const before = store.getState().publishedVersion;
  const r = await attempt(() => api.publish(doc, note));
  if (!r.ok) return r;
  store.getState().setPublished(r.value.version);
  return { ok: true, value: { version: r.value.version, unchanged: r.value.version === before } };
}

export const loadVersions = (key: string): Promise<Outcome<VersionInfo[]>> => attempt(() => api.versions(key));

/** Fetches two versions (or the draft) and computes their difference and the union graph to draw it. */
export async function compare(store: DesignerStore, from: number | 'draft', to: number | 'draft'): Promise<Outcome<{ before: FlowDocument; after: FlowDocument; union: FlowDocument }>> {
  const key = store.getState().meta.key;
  const get = async (v: number | 'draft') => (v === 'draft' ? store.getState().document() : (await api.getFlow(key, v)).document);
  return attempt(async () => {
    const [before, after] = await Promise.all([get(from), get(to)]);
    return { before, after, union: unionForDiff(before, after) };
  });
}
export { diffFlows };

/** Roll back: publish an old version's document as a new version. */
export async function rollback(store: DesignerStore, version: number, note: string): Promise<Outcome<number>> {
  const key = store.getState().meta.key;
  const r = await attempt(async () => {
    const old = (await api.getFlow(key, version)).document;
    const { version: _v, ...doc } = old;
    const published = await api.publish(doc as FlowDocument, note);
    store.getState().replaceDocument(old);
    store.getState().setPublished(published.version);
    return published.version;
  });
  return r;
}

/** The flow's recent runs and its test runs, newest first. */
export async function recentRuns(key: string): Promise<Outcome<RunSummary[]>> {
  return attempt(async () => {
    const [real, sandbox] = await Promise.all([api.searchRuns(key), api.searchRuns(sandboxKey(key))]);
    return [...real, ...sandbox].sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1));
  });
}

/** A run as the canvas shows it, read fresh from the API. */
export async function loadRun(runId: string): Promise<Outcome<RunState>> {
  return attempt(async () => {
    const v = await api.getRun(runId);
    return { runId: v.runId, flowKey: v.flowKey, version: v.version, status: v.status, nodes: v.nodes, startedAt: v.startedAt,
      ...(v.finishedAt ? { finishedAt: v.finishedAt } : {}), ...(v.output !== undefined ? { output: v.output } : {}), ...(v.error ? { error: v.error } : {}) };
  });
}

export const sendSignal = (runId: string, name: string, payload: unknown): Promise<Outcome<unknown>> => attempt(() => api.sendSignal(runId, name, payload));

/** A flow document's text for download. */
export const exportJson = (store: DesignerStore): string => `${JSON.stringify(store.getState().document(), null, 2)}\n`;
