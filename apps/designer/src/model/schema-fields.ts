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

/** A plausible value for a schema, so previews can run before any real call (consts, enums, formats honoured). */
export function sampleOf(schema: unknown, depth = 0): unknown {
  const s = schema as JsonSchema | undefined;
  if (!s || depth > 6) return null;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.[0]) return sampleOf(alt[0], depth + 1);
  switch (Array.isArray(s.type) ? s.type[0] : s.type) {
    case 'object': return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, p]) => [k, sampleOf(p, depth + 1)]));
    case 'array': return s.items ? [sampleOf(s.items, depth + 1)] : [];
    case 'boolean': return true;
    case 'integer': case 'number': return s.minimum ?? 1;
    case 'string':
      if (s.format === 'date-time') return '2025-01-15T08:00:00.000Z';
      if (s.format === 'date') return '2025-01-15';
      return s.title ?? 'text';
    default: return null;
  }
}
