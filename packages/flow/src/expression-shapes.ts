// What the compiler reads off a parsed expression without evaluating it: the nodes it names, a literal, an object's keys.
import type { AstNode } from './expressions.js';

/** Node ids an expression names as `$nodes.<id>`. */
export function nodeRefs(ast: AstNode | null): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) { v.forEach(walk); return; }
    if (!v || typeof v !== 'object') return;
    const n = v as AstNode;
    if (n.type === 'path' && Array.isArray(n.steps)) {
      const [first, second] = n.steps as AstNode[];
      if (first?.type === 'variable' && first.value === 'nodes' && second?.type === 'name' && typeof second.value === 'string') out.push(second.value);
    }
    for (const child of Object.values(n)) if (child && typeof child === 'object') walk(child);
  };
  walk(ast);
  return out;
}

/** A literal's value when the expression is one ('text', 42, true, null), else undefined. */
export function literalOf(ast: AstNode | null): { value: unknown } | undefined {
  if (!ast) return undefined;
  if (ast.type === 'string' || ast.type === 'number' || ast.type === 'value') return { value: ast.value };
  return undefined;
}

/** The keys of an object constructor `{ 'a': …, 'b': … }` when all are literal strings. */
export function objectKeys(ast: AstNode | null): string[] | undefined {
  if (!ast || ast.type !== 'unary' || ast.value !== '{' || !Array.isArray(ast.lhs)) return undefined;
  const keys: string[] = [];
  for (const pair of ast.lhs as AstNode[][]) {
    const k = pair[0];
    if (k?.type !== 'string' || typeof k.value !== 'string') return undefined;
    keys.push(k.value);
  }
  return keys;
}
