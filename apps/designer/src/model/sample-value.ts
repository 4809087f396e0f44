/**
 * A sample value for a JSON Schema that validates against it, so the test-run input and the expression previews start
 * from something the flow accepts (it used to prefill `"text"`, which failed patterns such as `^[0-9]{12}$`).
 * Order: examples, default, const, enum[0]; then a string built to match `pattern`, a value of the `format`, or one that
 * honours minLength/maxLength, minimum/maximum and minItems. A focused function rather than json-schema-faker: that
 * library brings a random generator and a large bundle into the browser for the few keywords our flow schemas use, and
 * a prefill must be the same on every load.
 */
interface JsonSchema {
  type?: string | string[];
  title?: string;
  pattern?: string;
  format?: string;
  const?: unknown;
  enum?: unknown[];
  examples?: unknown[];
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
}

const FORMAT_SAMPLES: Record<string, string> = {
  'date-time': '2025-01-15T08:00:00.000Z',
  date: '2025-01-15',
  time: '08:00:00Z',
  email: 'nguoi.dung@example.gov.vn',
  uri: 'https://example.gov.vn/',
  url: 'https://example.gov.vn/',
  uuid: '00000000-0000-4000-8000-000000000000',
  hostname: 'example.gov.vn',
  ipv4: '192.0.2.1',
};

export function sampleOf(schema: unknown, depth = 0): unknown {
  const s = schema as JsonSchema | undefined;
  if (!s || typeof s !== 'object' || depth > 6) return null;
  if (s.examples?.length) return s.examples[0];
  if (s.default !== undefined) return s.default;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.[0]) return sampleOf(alt[0], depth + 1);
  if (s.allOf?.length) return sampleOf(Object.assign({}, ...s.allOf, { ...s, allOf: undefined }), depth + 1);
  const type = Array.isArray(s.type) ? s.type[0] : s.type ?? (s.properties ? 'object' : undefined);
  switch (type) {
    case 'object': return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, p]) => [k, sampleOf(p, depth + 1)]));
    case 'array': return s.items ? Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => sampleOf(s.items, depth + 1)) : [];
    case 'boolean': return true;
    case 'integer': case 'number': return numberSample(s, type === 'integer');
    case 'string': return stringSample(s);
    default: return null;
  }
}

function numberSample(s: JsonSchema, integer: boolean): number {
  let n = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
  if (s.maximum !== undefined && n > s.maximum) n = s.maximum;
  return integer ? Math.ceil(n) : n;
}

function stringSample(s: JsonSchema): string {
  if (s.pattern) {
    const matched = stringMatching(s.pattern);
    if (matched !== null) return matched;
  }
  if (s.format && FORMAT_SAMPLES[s.format]) return FORMAT_SAMPLES[s.format]!;
  let text = s.title ?? 'text';
  if (s.minLength !== undefined && text.length < s.minLength) text = text.padEnd(s.minLength, 'x');
  if (s.maxLength !== undefined) text = text.slice(0, s.maxLength);
  return text;
}

/**
 * The shortest string the pattern accepts, built from its syntax: first alternative, least repetitions, first character
 * of each class. Checked against the pattern itself; null when the pattern uses something this does not follow
 * (backreferences, lookarounds that matter), and the caller falls back.
 */
export function stringMatching(pattern: string): string | null {
  try {
    const re = new RegExp(pattern, 'u');
    const out = new PatternWalker(pattern).alternation();
    return re.test(out) ? out : null;
  } catch {
    return null;
  }
}

class PatternWalker {
  private i = 0;
  constructor(private readonly src: string) {}

  alternation(): string {
    const first = this.sequence();
    while (this.src[this.i] === '|') { this.i++; this.sequence(); }
    return first;
  }

  private sequence(): string {
    let out = '';
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const atom = this.atom();
      out += atom.repeat(this.quantifier());
    }
    return out;
  }

  private atom(): string {
    const c = this.src[this.i++]!;
    switch (c) {
      case '^': case '$': return '';
      case '.': return 'a';
      case '[': return this.charClass();
      case '\\': return this.escape(false);
      case '(': {
        let lookaround = false;
        if (this.src[this.i] === '?') {
          const kind = this.src.slice(this.i, this.i + 3);
          if (kind.startsWith('?=') || kind.startsWith('?!') || kind === '?<=' || kind === '?<!') lookaround = true;
          if (kind.startsWith('?<') && !lookaround) this.i = this.src.indexOf('>', this.i) + 1;
          else this.i += kind.startsWith('?<') ? 3 : 2;
        }
        const inner = this.alternation();
        if (this.src[this.i++] !== ')') throw new Error('unclosed group');
        return lookaround ? '' : inner;
      }
      default: return c;
    }
  }

  /** How many times the atom before it repeats: the least the quantifier allows. */
  private quantifier(): number {
    const c = this.src[this.i];
    let n = 1;
    if (c === '*' || c === '?') { n = 0; this.i++; } else if (c === '+') { this.i++; } else if (c === '{') {
      const m = /^\{(\d+)(,\d*)?\}/.exec(this.src.slice(this.i));
      if (!m) return 1;
      n = Number(m[1]);
      this.i += m[0].length;
    } else return 1;
    if (this.src[this.i] === '?') this.i++;
    return n;
  }

  private escape(inClass: boolean): string {
    const c = this.src[this.i++]!;
    switch (c) {
      case 'd': return '0';
      case 'w': return 'a';
      case 's': return ' ';
      case 'D': case 'S': return 'a';
      case 'W': return '-';
      case 'b': case 'B': if (!inClass) return ''; return '\b';
      case 'n': return '\n';
      case 't': return '\t';
      case 'u': {
        const hex = /^\{?([0-9a-fA-F]+)\}?/.exec(this.src.slice(this.i))!;
        this.i += hex[0].length;
        return String.fromCodePoint(parseInt(hex[1]!, 16));
      }
      default:
        if (/[1-9]/.test(c)) throw new Error('backreference');
        return c;
    }
  }

  /** The first character a class accepts; for a negated class, a common character it does not exclude. */
  private charClass(): string {
    const negated = this.src[this.i] === '^';
    if (negated) this.i++;
    let first: string | null = null;
    const start = this.i;
    while (this.i < this.src.length && (this.src[this.i] !== ']' || this.i === start)) {
      const ch = this.src[this.i++] === '\\' ? this.escape(true) : this.src[this.i - 1]!;
      if (this.src[this.i] === '-' && this.src[this.i + 1] !== ']') { this.i++; const to = this.src[this.i++] === '\\' ? this.escape(true) : this.src[this.i - 1]; void to; }
      first ??= ch;
    }
    if (this.src[this.i++] !== ']') throw new Error('unclosed class');
    if (!negated) return first ?? '';
    const body = this.src.slice(start, this.i - 1);
    const re = new RegExp(`[^${body}]`, 'u');
    return ['a', '0', 'x', 'A', '-', '_', ' '].find((x) => re.test(x)) ?? 'a';
  }
}
