// `lienthong flow validate <file> [--lang en]` and `lienthong flow publish <file> [--note …]`.
import { readFileSync } from 'node:fs';
import { LtError, type LtErrorJson } from '@lienthong/errors';
import { compile } from '@lienthong/flow';
import { manifests } from '@lienthong/connectors/manifests';

export type Lang = 'vi' | 'en';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
}

export const defaultIo: CliIo = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  env: process.env,
};

/** Splits `--name value` options (and bare `--flag`) from positional arguments. */
export function parseArgs(args: readonly string[], flags: readonly string[] = []): { positional: string[]; options: Record<string, string | true> } {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith('--')) { positional.push(a); continue; }
    const [name, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    if (inline !== undefined) options[name] = inline;
    else if (flags.includes(name) || i + 1 >= args.length || (args[i + 1] as string).startsWith('--')) options[name] = true;
    else options[name] = args[++i] as string;
  }
  return { positional, options };
}

export const langOf = (options: Record<string, string | true>): Lang => (options.lang === 'en' ? 'en' : 'vi');

/** One problem on one line: code, where, message in the chosen language. */
export function formatProblem(e: LtErrorJson, lang: Lang): string {
  const where = [e.where.nodeId ? `${lang === 'vi' ? 'nút' : 'node'} ${e.where.nodeId}` : '', e.where.pointer ?? ''].filter(Boolean).join(' ');
  return `  ✗ ${e.code}${where ? ` (${where})` : ''}: ${e.message[lang]}`;
}

export function readJsonFile(file: string): { ok: true; value: unknown } | { ok: false; error: LtErrorJson } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { ok: false, error: new LtError('REQUEST_VALIDATION_FAILED', { pointer: file, detail: (err as Error).message, detailVi: 'không đọc được tệp' }, { field: file }).toJSON() };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, error: new LtError('REQUEST_INVALID_JSON', { detail: (err as Error).message }, { pointer: '/' }).toJSON() };
  }
}

export const apiUrl = (io: CliIo): string => (io.env.LT_API_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');

const tokens = new WeakMap<CliIo, Promise<string | undefined>>();
/** The bearer token: LT_API_TOKEN, or a session from logging in as LT_API_USER / LT_API_PASSWORD (once per command). */
function tokenOf(io: CliIo): Promise<string | undefined> {
  let t = tokens.get(io);
  if (!t) {
    t = (async () => {
      if (io.env.LT_API_TOKEN) return io.env.LT_API_TOKEN;
      if (!io.env.LT_API_USER || !io.env.LT_API_PASSWORD) return undefined;
      const r = await send(io, 'POST', '/auth/login', { username: io.env.LT_API_USER, password: io.env.LT_API_PASSWORD }, {});
      if (r.status !== 200) throw new Error(`đăng nhập thất bại / login failed (HTTP ${r.status}) cho / for ${io.env.LT_API_USER}`);
      return String((r.body as { token: string }).token);
    })();
    tokens.set(io, t);
  }
  return t;
}

/** JSON over HTTP to the API, authenticated when LT_API_TOKEN or LT_API_USER/LT_API_PASSWORD is set; any answer comes back parsed. */
export async function callApi(io: CliIo, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const token = await tokenOf(io);
  return send(io, method, path, body, { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers });
}

async function send(io: CliIo, method: string, path: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  let res: Response;
  try {
    res = await fetch(`${apiUrl(io)}/api/v1${path}`, {
      method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (err) {
    throw new Error(`không kết nối được API ${apiUrl(io)} / cannot reach the API (${(err as Error).message}); đặt LT_API_URL / set LT_API_URL`);
  }
  const text = await res.text();
  let parsed: unknown = text;
  try { parsed = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, body: parsed };
}

/** Prints an API error answer ({ error, errors[] }) in the chosen language. */
export function printApiErrors(io: CliIo, status: number, body: any, lang: Lang): void {
  const errors: LtErrorJson[] = Array.isArray(body?.errors) ? body.errors : body?.error ? [body.error] : [];
  io.err(lang === 'vi' ? `Lỗi (HTTP ${status}):` : `Error (HTTP ${status}):`);
  if (errors.length === 0) io.err(`  ${typeof body === 'string' ? body : JSON.stringify(body)}`);
  for (const e of errors) io.err(formatProblem(e, lang));
}

/** The flow file a subcommand names, read as JSON; else the usage or the reading problem is printed and the exit code returned. */
function flowFileArg(args: string[], io: CliIo, usage: string): { file: string; doc: unknown; lang: Lang; options: ReturnType<typeof parseArgs>['options'] } | number {
  const { positional, options } = parseArgs(args);
  const lang = langOf(options);
  const file = positional[0];
  if (!file) { io.err(`Cách dùng / usage: ${usage}`); return 2; }
  const doc = readJsonFile(file);
  if (!doc.ok) { io.err(`${file}:`); io.err(formatProblem(doc.error, lang)); return 1; }
  return { file, doc: doc.value, lang, options };
}

async function validate(args: string[], io: CliIo): Promise<number> {
  const arg = flowFileArg(args, io, 'lienthong flow validate <file> [--lang en]');
  if (typeof arg === 'number') return arg;
  const { file, lang } = arg;
  const r = compile(arg.doc, manifests);
  if (r.ok) {
    io.out(lang === 'vi' ? `✓ ${file}: hợp lệ — luồng ${r.plan.flowKey}, mã băm ${r.plan.hash.slice(0, 12)}` : `✓ ${file}: valid — flow ${r.plan.flowKey}, hash ${r.plan.hash.slice(0, 12)}`);
    return 0;
  }
  io.err(lang === 'vi' ? `${file}: ${r.errors.length} lỗi` : `${file}: ${r.errors.length} problem${r.errors.length === 1 ? '' : 's'}`);
  for (const e of r.errors) io.err(formatProblem(e.toJSON(), lang));
  return 1;
}

async function publish(args: string[], io: CliIo): Promise<number> {
  const arg = flowFileArg(args, io, 'lienthong flow publish <file> [--note "…"] [--lang en]');
  if (typeof arg === 'number') return arg;
  const { lang, options } = arg;
  const res = await callApi(io, 'POST', '/flows', arg.doc, typeof options.note === 'string' ? { 'x-lt-note': options.note } : {});
  if (res.status >= 300) { printApiErrors(io, res.status, res.body, lang); return 1; }
  const b = res.body as { flowKey: string; version: number; hash: string };
  io.out(lang === 'vi' ? `✓ Đã phát hành ${b.flowKey} phiên bản ${b.version} (mã băm ${b.hash.slice(0, 12)})` : `✓ Published ${b.flowKey} version ${b.version} (hash ${b.hash.slice(0, 12)})`);
  return 0;
}

export async function flowCommand(args: string[], io: CliIo = defaultIo): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'validate':
      return validate(rest, io);
    case 'publish':
      return publish(rest, io);
    default:
      io.err('Cách dùng / usage: lienthong flow validate <file> [--lang en] | lienthong flow publish <file> [--note "…"]');
      return 2;
  }
}
