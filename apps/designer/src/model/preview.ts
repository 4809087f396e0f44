import { evaluate, type ExpressionContext } from '@lienthong/flow';
import type { ConnectorManifest, FlowDocument } from '@lienthong/schemas';
import { schemaPaths, valuePaths } from './schema-fields.js';
import { sampleOf } from './sample-value.js';

const manifestOf = (ms: readonly ConnectorManifest[], ref: { id: string; version: string }) => ms.find((m) => m.id === ref.id && m.version === ref.version);

/** Nodes upstream of `id` (its ancestors through any edge), sorted. */
export function upstreamOf(doc: FlowDocument, id: string): string[] {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length > 0) {
    const cur = stack.pop() as string;
    for (const e of doc.edges) if (e.target === cur && !seen.has(e.source)) { seen.add(e.source); stack.push(e.source); }
  }
  seen.delete(id);
  return [...seen].sort();
}

/** What an expression in node `id` can refer to: `$input.…` fields and upstream `$nodes.<id>.output.…`. */
export function expressionSuggestions(doc: FlowDocument, manifests: readonly ConnectorManifest[], id: string, sampleInput: unknown): string[] {
  const input = doc.inputSchema ? schemaPaths(doc.inputSchema) : valuePaths(sampleInput);
  const out = ['$input', ...input.map((p) => `$input.${p}`)];
  for (const up of upstreamOf(doc, id)) {
    const n = doc.nodes[up];
    if (!n || n.kind === 'trigger') continue;
    out.push(`$nodes.${up}.output`);
    if (n.kind === 'call') {
      const m = manifestOf(manifests, n.connector);
      if (m) out.push(...schemaPaths(m.output).map((p) => `$nodes.${up}.output.${p}`));
    }
  }
  out.push('$run.id', '$run.flowKey', '$run.version');
  return [...new Set(out)];
}

/** Topological order of the nodes (Kahn's algorithm, ties by id); nodes on a cycle come last. */
function topo(doc: FlowDocument): string[] {
  const ids = Object.keys(doc.nodes).sort();
  const indeg = new Map(ids.map((i) => [i, 0]));
  for (const e of doc.edges) if (indeg.has(e.target) && indeg.has(e.source)) indeg.set(e.target, (indeg.get(e.target) ?? 0) + 1);
  const ready = ids.filter((i) => indeg.get(i) === 0);
  const out: string[] = [];
  while (ready.length > 0) {
    ready.sort();
    const id = ready.shift() as string;
    out.push(id);
    for (const e of doc.edges) if (e.source === id && indeg.has(e.target)) {
      const d = (indeg.get(e.target) ?? 0) - 1;
      indeg.set(e.target, d);
      if (d === 0) ready.push(e.target);
    }
  }
  return [...out, ...ids.filter((i) => !out.includes(i))];
}

/**
 * The context previews evaluate in: the sample input, and for every node a plausible output (connector
 * calls: a sample of their output schema; transforms and responds: their expression evaluated in order).
 */
export async function previewContext(doc: FlowDocument, manifests: readonly ConnectorManifest[], sampleInput: unknown): Promise<ExpressionContext> {
  const ctx: ExpressionContext = { input: sampleInput, nodes: {}, vars: {}, run: { id: 'run-preview', flowKey: doc.key, version: doc.version ?? 0, startedAt: '2025-01-15T08:00:00.000Z' } };
  for (const id of topo(doc)) {
    const n = doc.nodes[id];
    if (!n) continue;
    let output: unknown = null;
    try {
      if (n.kind === 'trigger') output = sampleInput;
      else if (n.kind === 'call') output = sampleOf(manifestOf(manifests, n.connector)?.output);
      else if (n.kind === 'transform') output = await evaluate(n.expression, ctx, id);
      else if (n.kind === 'respond') output = await evaluate(n.output, ctx, id);
    } catch { output = null; }
    ctx.nodes[id] = { output };
  }
  return ctx;
}

export type Preview = { ok: true; value: unknown } | { ok: false; error: string };

/** Evaluates one expression in a preview context; errors come back as text, never thrown. */
export async function previewExpression(expr: string, ctx: ExpressionContext): Promise<Preview> {
  if (!expr.trim()) return { ok: true, value: null };
  try {
    return { ok: true, value: await evaluate(expr, ctx, 'preview') };
  } catch (err) {
    const e = err as { params?: { detail?: string }; message?: string };
    return { ok: false, error: e.params?.detail ?? e.message ?? String(err) };
  }
}
