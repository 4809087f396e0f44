import jsonata from 'jsonata';
import { LtError } from '@lienthong/errors';
import { compileSync, FALLBACK, type SyncExpression } from './sync-eval.js';
import { calendarFunctions, type WorkingCalendar } from './calendar-functions.js';

/** What every expression can see. `$env` is deliberately absent: secrets reach connectors by credential id. */
export interface ExpressionContext {
  input: unknown;
  nodes: Record<string, { output: unknown }>;
  vars: Record<string, unknown>;
  run: { id: string; flowKey: string; version: number; startedAt: string };
  item?: unknown;
  index?: number;
  /**
   * Every expression through JSONata, as before the synchronous subset existed: set for runs that started
   * for an older interpreter (no `engine` in their input), so their replay takes the same steps.
   */
  jsonataOnly?: boolean;
  /**
   * The interpreter engine the run started for (INTERPRETER_ENGINE), when 3 or more: the synchronous subset grew in
   * engine 3 (`$count`), and runs of engine 2 must replay with the subset they ran with (absent = engine 2's subset).
   */
  engine?: number;
  /** The working-day calendar the run pinned; else `$addWorkingDays` and friends take the one a catalogue node read. */
  calendar?: WorkingCalendar;
}

const compiled = new Map<string, jsonata.Expression>();

function parse(expr: string): jsonata.Expression {
  let e = compiled.get(expr);
  if (!e) {
    e = jsonata(expr);
    compiled.set(expr, e);
  }
  return e;
}

/** A JSONata syntax-tree node, as much of it as the compiler reads. */
export interface AstNode {
  type: string;
  value?: unknown;
  steps?: unknown[];
  lhs?: unknown;
  [k: string]: unknown;
}

/** The expression's syntax tree, or null when it does not parse. */
export function expressionAst(expr: string): AstNode | null {
  try {
    return parse(expr).ast() as unknown as AstNode;
  } catch {
    return null;
  }
}

/** Returns a parse problem's description, or null when the expression parses. */
export function expressionProblem(expr: string): string | null {
  try {
    parse(expr);
    return null;
  } catch (err) {
    const e = err as { message?: string; position?: number };
    return `${e.message ?? String(err)}${e.position !== undefined ? ` (position ${e.position})` : ''}`;
  }
}

const NOT_SYNC = Symbol('not in the synchronous subset');
const syncForms = new Map<string, SyncExpression | null>();
/** How many evaluations went through JSONata in this process: tests use it to prove the everyday subset does not. */
let jsonataCount = 0;
export const jsonataEvaluations = (): number => jsonataCount;

function syncForm(expr: string, engine: number): SyncExpression | null {
  const level = engine >= 3 ? 3 : 2;
  const key = `${level}\u0000${expr}`;
  let form = syncForms.get(key);
  if (form === undefined) {
    form = compileSync(expressionAst(expr), { count: level >= 3 });
    syncForms.set(key, form);
  }
  return form;
}

/** Whether the expression compiles to the synchronous evaluator (it may still hand unusual data to JSONata). */
export const onFastPath = (expr: string, engine = 3): boolean => syncForm(expr, engine) !== null;

/**
 * The expression through the synchronous evaluator when it is in its subset (see sync-eval.ts: most
 * mappings and transforms are), else NOT_SYNC. Inside a workflow every promise costs a captured stack
 * trace, and JSONata creates dozens per evaluation.
 */
function evaluateSync(expr: string, ctx: ExpressionContext): unknown {
  const form = syncForm(expr, ctx.engine ?? 2);
  if (!form) return NOT_SYNC;
  const bindings: Record<string, unknown> = { input: ctx.input, nodes: ctx.nodes, vars: ctx.vars, run: ctx.run };
  if ('item' in ctx) bindings.item = ctx.item;
  if ('index' in ctx) bindings.index = ctx.index;
  try {
    return normalise(form(bindings, ctx.input ?? {}));
  } catch (err) {
    if (err === FALLBACK) return NOT_SYNC;
    throw err;
  }
}

export async function evaluate(expr: string, ctx: ExpressionContext, nodeId: string): Promise<unknown> {
  if (!ctx.jsonataOnly) {
    const v = evaluateSync(expr, ctx);
    if (v !== NOT_SYNC) return v;
  }
  // Below: exactly the evaluation runs started before the synchronous subset existed replay (same awaits, same order).
  jsonataCount += 1;
  try {
    const bindings: Record<string, unknown> = { input: ctx.input, nodes: ctx.nodes, vars: ctx.vars, run: ctx.run };
    if ('item' in ctx) bindings.item = ctx.item;
    if ('index' in ctx) bindings.index = ctx.index;
    Object.assign(bindings, calendarFunctions(ctx));
    const result: unknown = await parse(expr).evaluate(ctx.input ?? {}, bindings);
    return normalise(result);
  } catch (err) {
    const e = err as { message?: string };
    throw new LtError('FLOW_EXPRESSION_FAILED', { nodeId, detail: e.message ?? String(err) }, { nodeId });
  }
}

/** Evaluates a field -> expression map into a plain object. */
export async function evaluateMapping(mapping: Readonly<Record<string, string>>, ctx: ExpressionContext, nodeId: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const field of Object.keys(mapping).sort()) {
    const expr = mapping[field];
    if (expr === undefined) continue;
    const v = ctx.jsonataOnly ? NOT_SYNC : evaluateSync(expr, ctx);
    out[field] = v !== NOT_SYNC ? v : await evaluate(expr, ctx, nodeId);
  }
  return out;
}

/** JSONata returns arrays tagged with a `sequence` flag and may return undefined; make results plain JSON. */
function normalise(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v + 0 : null; // + 0: -0 becomes 0, as through JSON
  return JSON.parse(JSON.stringify(v)) as unknown;
}
