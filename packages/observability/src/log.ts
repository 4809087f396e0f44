/**
 * Structured JSON log lines (one object per line) with a masking pass: 12-digit personal IDs and
 * anything under a key that smells like a secret never reach the log.
 */
const SECRET_KEY = /secret|password|token|authorization|api[-_]?key|signature/i;

export function maskText(s: string): string {
  return s.replace(/\b(\d{3})\d{6}(\d{3})\b/g, '$1******$2');
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[…]';
  if (typeof value === 'string') return maskText(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1)]));
  }
  return value;
}

export type JsonLog = (msg: string, fields?: Record<string, unknown>) => void;

export function jsonLogger(component: string, write: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): JsonLog {
  return (msg, fields = {}) => write(JSON.stringify({ time: new Date().toISOString(), component, msg: maskText(msg), ...(redact(fields) as object) }));
}
