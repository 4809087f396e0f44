import { ApiError } from '../../api/client.js';

/** The server's located errors: the cell (`row/column`) → its message, and every message in order. */
export interface Problems { cells: Map<string, string>; messages: string[] }

export function problemsOf(err: unknown, lang: 'vi' | 'en', fallback: string): Problems {
  const cells = new Map<string, string>();
  const errors = err instanceof ApiError ? err.errors : [];
  for (const e of errors) {
    const m = /^\/rows\/(\d+)\/(.+)$/.exec(e.where.pointer ?? '');
    if (m) cells.set(`${m[1]}/${m[2]}`, e.message[lang]);
  }
  return { cells, messages: errors.length > 0 ? errors.map((e) => e.message[lang]) : [fallback] };
}
