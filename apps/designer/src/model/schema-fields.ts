/** A field of a connector's input, as the node form shows it. */
export interface SchemaField {
  name: string;
  title: string;
  required: boolean;
  type: string;
  description?: string;
  pattern?: string;
}

interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  pattern?: string;
  format?: string;
  const?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
}

const typeOf = (s: JsonSchema): string => (Array.isArray(s.type) ? s.type.join('|') : s.type ?? (s.anyOf ?? s.oneOf ? 'any' : 'any'));

/** The top-level fields of an object schema, required ones first, each in declaration order. */
export function schemaFields(schema: unknown): SchemaField[] {
  const s = schema as JsonSchema | undefined;
  const props = s?.properties ?? {};
  const req = new Set(s?.required ?? []);
  return Object.entries(props)
    .map(([name, p]): SchemaField => ({
      name, title: p.title ?? name, required: req.has(name), type: typeOf(p),
      ...(p.description ? { description: p.description } : {}), ...(p.pattern ? { pattern: p.pattern } : {}),
    }))
    .sort((a, b) => Number(b.required) - Number(a.required));
}

/** Every leaf path of a schema ("applicant.soDinhDanh"), for expression autocompletion. */
export function schemaPaths(schema: unknown, prefix = '', depth = 0): string[] {
  const s = schema as JsonSchema | undefined;
  if (!s || depth > 5) return [];
  const props = s.properties;
  if (!props) return prefix ? [prefix] : [];
  const out: string[] = prefix ? [prefix] : [];
  for (const [k, p] of Object.entries(props)) out.push(...schemaPaths(p, prefix ? `${prefix}.${k}` : k, depth + 1));
  return out;
}

/** Every path of a plain JSON value. */
export function valuePaths(v: unknown, prefix = '', depth = 0): string[] {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || depth > 5) return prefix ? [prefix] : [];
  const out: string[] = prefix ? [prefix] : [];
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out.push(...valuePaths(x, prefix ? `${prefix}.${k}` : k, depth + 1));
  return out;
}

/** Kept here too for the callers that import it with the form helpers. */
export { sampleOf } from './sample-value.js';
