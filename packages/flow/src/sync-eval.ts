// A synchronous evaluator for the everyday subset of JSONata: `$input.a.b` paths, object constructors with
// literal keys, `? :`, comparisons, `and`/`or`, arithmetic, `&`, `$count`, `$exists` and a few string functions. Why: inside a
// Temporal workflow every promise costs a captured stack trace (the SDK's promise hook), and one JSONata
// evaluation (async at every step) creates dozens of them; flows evaluate mappings at every node.
// It must give exactly JSONata's result. Anything outside the subset is not compiled, and anything the
// subset meets at run time that JSONata treats specially (an array on a path, a type error) throws
// FALLBACK: the caller then asks JSONata itself, which also produces JSONata's own error messages.

/** Thrown when this evaluator cannot promise JSONata's result: evaluate with JSONata instead. */
export const FALLBACK: unique symbol = Symbol('evaluate with JSONata');

export type Bindings = Readonly<Record<string, unknown>>;
/** A compiled expression: its value (undefined: JSONata's "no result") for the bindings and the context value. */
export type SyncExpression = (b: Bindings, context: unknown) => unknown;

interface Ast {
  type: string;
  value?: unknown;
  steps?: Ast[];
  lhs?: unknown;
  rhs?: Ast;
  condition?: Ast;
  then?: Ast;
  else?: Ast;
  expression?: Ast;
  arguments?: Ast[];
  procedure?: Ast;
  [k: string]: unknown;
}

const VARIABLES = new Set(['input', 'nodes', 'vars', 'run', 'item', 'index']);
/** Keys a plain step may carry; anything else (predicates, stages, focus, group…) is outside the subset. */
const PLAIN_KEYS = new Set(['type', 'value', 'position']);
const plain = (n: Ast): boolean => Object.keys(n).every((k) => PLAIN_KEYS.has(k));

const fallback = (): never => { throw FALLBACK; };

/** What the subset includes: it grows with the interpreter engine, and a run replays with its engine's subset. */
export interface SubsetOptions {
  /** `$count` (engine 3). */
  count: boolean;
}

/** JSONata's $boolean. */
function truthy(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'number') return v !== 0;
  if (Array.isArray(v)) return v.length === 1 ? truthy(v[0]) : v.some(truthy);
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return false;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** JSONata's $string for the scalars (objects and arrays go to JSONata). */
function asString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  if (typeof v === 'number' && Number.isFinite(v)) return JSON.stringify(Number.isInteger(v) ? v : Number(v.toPrecision(15)));
  return fallback();
}

const num = (v: unknown): number => (typeof v === 'number' ? v : fallback());
const str = (v: unknown): string => (typeof v === 'string' ? v : fallback());
const finite = (n: number): number => (Number.isFinite(n) ? n : fallback());

type Fn = (args: unknown[]) => unknown;
const FUNCTIONS: Record<string, { arity: readonly number[]; fn: Fn }> = {
  substring: { arity: [2, 3], fn: ([s, start, length]) => {
    if (s === undefined) return undefined;
    const chars = Array.from(str(s));
    let from = num(start);
    if (!Number.isInteger(from) || (length !== undefined && !Number.isInteger(num(length)))) return fallback();
    if (chars.length + from < 0) from = 0;
    if (length === undefined) return chars.slice(from).join('');
    const len = num(length);
    if (len <= 0) return '';
    return chars.slice(from, from >= 0 ? from + len : chars.length + from + len).join('');
  } },
  uppercase: { arity: [1], fn: ([s]) => (s === undefined ? undefined : str(s).toUpperCase()) },
  lowercase: { arity: [1], fn: ([s]) => (s === undefined ? undefined : str(s).toLowerCase()) },
  length: { arity: [1], fn: ([s]) => (s === undefined ? undefined : Array.from(str(s)).length) },
  string: { arity: [1], fn: ([v]) => (v === undefined ? undefined : asString(v)) },
  exists: { arity: [1], fn: ([v]) => v !== undefined },
  boolean: { arity: [1], fn: ([v]) => (v === undefined ? undefined : truthy(v)) },
  not: { arity: [1], fn: ([v]) => (v === undefined ? undefined : !truthy(v)) },
};

/**
 * `$var.a.b`. An array met on the way goes to JSONata (it maps the rest of the path over the items); an array at the
 * end goes to JSONata too (sequences, singleton collapsing) unless the caller takes the whole array (`arrayEnd`).
 */
function compilePath(n: Ast, arrayEnd: boolean): SyncExpression | null {
  const [first, ...rest] = n.steps ?? [];
  if (!first || first.type !== 'variable' || !plain(first) || typeof first.value !== 'string' || !VARIABLES.has(first.value)) return null;
  if (Object.keys(n).some((k) => k !== 'type' && k !== 'steps' && k !== 'position')) return null;
  if (!rest.every((s) => s.type === 'name' && plain(s) && typeof s.value === 'string')) return null;
  const root = first.value;
  const names = rest.map((s) => s.value as string);
  return (b) => {
    let cur = b[root];
    for (const name of names) {
      if (Array.isArray(cur)) return fallback(); // JSONata maps the rest of the path over the items
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = Object.prototype.hasOwnProperty.call(cur, name) ? (cur as Record<string, unknown>)[name] : undefined;
    }
    return Array.isArray(cur) && !arrayEnd ? fallback() : cur;
  };
}

function compileNode(n: Ast, o: SubsetOptions): SyncExpression | null {
  switch (n.type) {
    case 'string':
    case 'number':
    case 'value': {
      if (!plain(n)) return null;
      const v = n.value;
      return () => v;
    }
    case 'variable': {
      const name = n.value;
      if (!plain(n) || typeof name !== 'string' || !VARIABLES.has(name)) return null;
      return (b) => b[name];
    }
    case 'path':
      return compilePath(n, false);
    case 'block': {
      // ( expr ): one expression in parentheses is that expression.
      const inner = n.expressions;
      return Array.isArray(inner) && inner.length === 1 ? compileNode(inner[0] as Ast, o) : null;
    }
    case 'condition': {
      if (!n.condition || !n.then) return null;
      const c = compileNode(n.condition, o);
      const t = compileNode(n.then, o);
      const e = n.else ? compileNode(n.else, o) : () => undefined;
      if (!c || !t || !e) return null;
      return (b, x) => (truthy(c(b, x)) ? t(b, x) : e(b, x));
    }
    case 'unary': {
      if (n.value === '-' && n.expression) {
        const e = compileNode(n.expression, o);
        if (!e) return null;
        return (b, x) => { const v = e(b, x); return v === undefined ? undefined : -num(v); };
      }
      if (n.value !== '{' || !Array.isArray(n.lhs)) return null;
      const pairs: [string, SyncExpression][] = [];
      for (const pair of n.lhs as unknown[]) {
        const [k, v] = pair as [Ast, Ast];
        if (k.type !== 'string' || typeof k.value !== 'string' || pairs.some(([key]) => key === k.value)) return null;
        const ev = compileNode(v, o);
        if (!ev) return null;
        pairs.push([k.value, ev]);
      }
      return (b, x) => {
        if (Array.isArray(x)) return fallback(); // JSONata groups over the items of an array context
        const out: Record<string, unknown> = {};
        for (const [key, ev] of pairs) {
          const v = ev(b, x);
          if (v !== undefined) out[key] = v;
        }
        return out;
      };
    }
    case 'binary': {
      if (!n.rhs || typeof n.lhs !== 'object' || n.lhs === null || Array.isArray(n.lhs)) return null;
      const l = compileNode(n.lhs as Ast, o);
      const r = compileNode(n.rhs, o);
      if (!l || !r) return null;
      switch (n.value) {
        case 'and': return (b, x) => truthy(l(b, x)) && truthy(r(b, x));
        case 'or': return (b, x) => truthy(l(b, x)) || truthy(r(b, x));
        case '=': return (b, x) => { const a = l(b, x); const c = r(b, x); return a !== undefined && c !== undefined && deepEqual(a, c); };
        case '!=': return (b, x) => { const a = l(b, x); const c = r(b, x); return a !== undefined && c !== undefined && !deepEqual(a, c); };
        case '<': case '<=': case '>': case '>=': {
          const op = n.value;
          return (b, x) => {
            const a = l(b, x);
            const c = r(b, x);
            const comparable = (v: unknown) => v === undefined || typeof v === 'string' || typeof v === 'number';
            if (!comparable(a) || !comparable(c)) return fallback();
            if (a === undefined || c === undefined) return undefined;
            if (typeof a !== typeof c) return fallback();
            return op === '<' ? a < c : op === '<=' ? a <= c : op === '>' ? a > c : a >= c;
          };
        }
        case '+': case '-': case '*': case '/': case '%': {
          const op = n.value;
          return (b, x) => {
            const a = l(b, x);
            const c = r(b, x);
            // JSONata checks the types first: 'a' + $missing is an error, 1 + $missing is no result.
            if ((a !== undefined && typeof a !== 'number') || (c !== undefined && typeof c !== 'number')) return fallback();
            if (a === undefined || c === undefined) return undefined;
            const p = num(a);
            const q = num(c);
            return finite(op === '+' ? p + q : op === '-' ? p - q : op === '*' ? p * q : op === '/' ? p / q : p % q);
          };
        }
        case '&': return (b, x) => { const a = l(b, x); const c = r(b, x); return (a === undefined ? '' : asString(a)) + (c === undefined ? '' : asString(c)); };
        default: return null;
      }
    }
    case 'function': {
      const name = n.procedure?.type === 'variable' ? n.procedure.value : undefined;
      if (name === 'count') return o.count ? compileCount(n, o) : null;
      const f = typeof name === 'string' ? FUNCTIONS[name] : undefined;
      const args = (n.arguments ?? []).map((a) => compileNode(a, o));
      if (!f || n.value !== '(' || !f.arity.includes(args.length) || args.some((a) => a === null)) return null;
      const compiled = args as SyncExpression[];
      return (b, x) => f.fn(compiled.map((a) => a(b, x)));
    }
    default:
      return null;
  }
}

/**
 * `$count(x)`: 0 for no value, an array's length, 1 for any other value. Its argument may end in an array (JSONata
 * counts the sequence the path yields, which for a path ending in an array is that array's items).
 */
function compileCount(n: Ast, o: SubsetOptions): SyncExpression | null {
  const [arg, ...more] = n.arguments ?? [];
  if (!arg || more.length > 0 || n.value !== '(') return null;
  const a = arg.type === 'path' ? compilePath(arg, true) : compileNode(arg, o);
  if (!a) return null;
  return (b, x) => { const v = a(b, x); return v === undefined ? 0 : Array.isArray(v) ? v.length : 1; };
}

/** The expression's synchronous form, or null when it uses anything outside the subset. */
export function compileSync(ast: unknown, subset: SubsetOptions = { count: true }): SyncExpression | null {
  if (typeof ast !== 'object' || ast === null) return null;
  return compileNode(ast as Ast, subset);
}
