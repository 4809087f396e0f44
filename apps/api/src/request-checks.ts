import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import type { AnyTRPCProcedure } from '@trpc/server';
import { LtError } from '@lienthong/errors';

/**
 * Checks of hostile input shared by REST and tRPC (issue 19): run before any lookup, so a request that cannot be valid
 * is refused with a coded 4xx at once instead of reaching PostgreSQL or Temporal (which answer NUL bytes, long ids or
 * foreign tokens with errors or slowly).
 */

/** What a JSON body must be declared as; a charset, if given, must be UTF-8. */
const JSON_MEDIA_TYPE = 'application/json';

/**
 * A request's JSON body: declared as application/json, strictly UTF-8 (refused, not silently replaced), then parsed.
 * An empty body is `undefined` whatever its declared type (a POST without input).
 */
export function jsonBodyOf(req: IncomingMessage, raw: Buffer): { text: string; value: unknown } | LtError {
  if (raw.length === 0) return { text: '', value: undefined };
  const declared = req.headers['content-type'] ?? '';
  const [type = '', ...params] = declared.split(';').map((s) => s.trim().toLowerCase());
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (type !== JSON_MEDIA_TYPE || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
    return new LtError('UNSUPPORTED_MEDIA_TYPE', { contentType: declared.slice(0, 100), expected: 'application/json; charset=utf-8' });
  }
  if (!isUtf8(raw)) return new LtError('REQUEST_INVALID_UTF8', {}, { pointer: '/' });
  const text = raw.toString('utf8');
  try {
    return { text, value: JSON.parse(text) as unknown };
  } catch (e) {
    return new LtError('REQUEST_INVALID_JSON', { detail: (e as Error).message }, { pointer: '/' });
  }
}

/**
 * Ids that name a thing to look up (path parameters and their tRPC input fields): an alphabet and a length every real
 * id fits (run-…, flow keys, ex-…, LTAK…, system codes, credential ids). Anything else cannot exist, so it is refused
 * before the lookup (a 10,000-character run id used to take Temporal seconds to answer 404).
 */
const ID_FIELDS = new Set(['runId', 'flowKey', 'exchangeId', 'systemCode', 'accessKeyId', 'requestId', 'credentialId']);
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;
/** A child run's id is its parent's, the node and the item: `run-…/thu_thap/0`. */
const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/;
/** Bound of the walk: every value of a 1 MiB JSON body (a streamed body is not walked: not a plain object). */
const MAX_VISITS = 2_000_000;
/** Deeper input than any real one (flow documents with their JSON Schemas are a few dozen levels): refused, not walked. */
const MAX_DEPTH = 256;

const jsonPointer = (path: readonly string[]) => `/${path.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

function isPlain(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * The first hostile part of a procedure's raw input, or null: a NUL character in any string or key (PostgreSQL text and
 * jsonb cannot store it), an id outside its alphabet or length. `bodyField`: see Context.viaRest.
 */
export function hostileInputProblem(input: unknown, bodyField?: string): LtError | null {
  let visits = 0;
  // Through REST the field holding the whole body is the body's root for the caller.
  const pointerOf = (path: readonly string[]) => jsonPointer(bodyField !== undefined && path[0] === bodyField ? path.slice(1) : path);
  const nul = (path: string[]) => new LtError('REQUEST_VALIDATION_FAILED', { pointer: pointerOf(path), detail: 'contains a NUL character (\\u0000)', detailVi: 'chứa ký tự NUL (\\u0000)' },
    { pointer: pointerOf(path), ...(path[0] ? { field: path[0] } : {}) });
  // Iterative (a deeply nested body must not overflow the stack); each entry knows its parent to build its pointer.
  interface At { v: unknown; key: string | null; parent: At | null; depth: number }
  const pathOf = (at: At) => { const out: string[] = []; for (let a: At | null = at; a?.key != null; a = a.parent) out.unshift(a.key); return out; };
  const walk = (root: unknown): LtError | null => {
    const stack: At[] = [{ v: root, key: null, parent: null, depth: 0 }];
    for (let at = stack.pop(); at; at = stack.pop()) {
      if (++visits > MAX_VISITS) return null;
      const { v } = at;
      if (typeof v === 'string') { if (v.includes('\0')) return nul(pathOf(at)); continue; }
      if (at.depth >= MAX_DEPTH && (Array.isArray(v) || isPlain(v))) {
        const path = pathOf(at);
        return new LtError('REQUEST_VALIDATION_FAILED', { pointer: pointerOf(path), detail: `nested deeper than ${MAX_DEPTH} levels`, detailVi: `lồng sâu quá ${MAX_DEPTH} cấp` }, { pointer: pointerOf(path) });
      }
      if (Array.isArray(v)) v.forEach((child, i) => stack.push({ v: child, key: String(i), parent: at, depth: at.depth + 1 }));
      else if (isPlain(v)) {
        for (const [k, child] of Object.entries(v)) {
          if (k.includes('\0')) return nul([...pathOf(at), k]);
          stack.push({ v: child, key: k, parent: at, depth: at.depth + 1 });
        }
      }
    }
    return null;
  };
  if (isPlain(input)) {
    for (const field of ID_FIELDS) {
      const id = input[field];
      const pattern = field === 'runId' ? RUN_ID_PATTERN : ID_PATTERN;
      if (typeof id === 'string' && !pattern.test(id)) {
        return new LtError('REQUEST_VALIDATION_FAILED', { pointer: `/${field}`, detail: `not a valid id (${pattern.source})`, detailVi: `không phải mã hợp lệ (${pattern.source})` },
          { pointer: `/${field}`, field });
      }
    }
  }
  return walk(input);
}

/**
 * The first hostile part of a tRPC POST body (one input, or a batch's `{ "0": input, … }`), checked as soon as it is
 * parsed: before the gate reads a login's username from it for the audit log.
 */
export function hostileTrpcBody(url: string | undefined, body: unknown): LtError | null {
  const batch = new URL(url ?? '/', 'http://api').searchParams.get('batch') === '1';
  if (!batch || typeof body !== 'object' || body === null) return hostileInputProblem(body);
  for (const input of Object.values(body)) { const p = hostileInputProblem(input); if (p) return p; }
  return null;
}

/** The HTTP method each kind of tRPC procedure is called with. */
const METHOD_OF_TYPE: Record<string, string> = { query: 'GET', mutation: 'POST', subscription: 'GET' };

/**
 * A tRPC request with a method its procedures do not take (GET on a mutation, PUT, an unknown method): the coded 405
 * and the `Allow` header REST gives. Unknown procedure names are left to the caller (the gate or tRPC answers them).
 */
export function trpcMethodRefusal(req: IncomingMessage, path: string, procedures: Record<string, AnyTRPCProcedure>): { error: LtError; allow: string } | null {
  let names: string[];
  try { names = decodeURIComponent(path.slice('/trpc/'.length)).split(','); } catch { return null; }
  const methods = new Set<string>();
  for (const name of names) {
    const proc = Object.prototype.hasOwnProperty.call(procedures, name) ? procedures[name] : undefined;
    if (!proc) return null;
    methods.add(METHOD_OF_TYPE[proc._def.type] ?? 'POST');
  }
  const method = req.method ?? 'GET';
  if (methods.has(method)) return null;
  const allow = [...methods].sort().join(', ');
  return { error: new LtError('METHOD_NOT_ALLOWED', { method: method.slice(0, 20), path: path.slice(0, 200), allow }), allow };
}
