import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import compression from 'compression';
import { LtError } from '@lienthong/errors';

const root = fileURLToPath(new URL('../../designer/dist', import.meta.url));
const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json' };

function sendError(res: ServerResponse, err: LtError): void {
  const json = err.toJSON();
  res.writeHead(err.status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ error: json, errors: [json] }));
}

/**
 * The file a request path names inside the built designer, or null for "the app" (index.html) when there is no such
 * file. A path that would leave the directory (`..%2f`), does not decode, or decodes to a NUL byte: a coded 400.
 */
export function designerFile(dir: string, url: string | undefined): string | null | LtError {
  const raw = (url ?? '/').split('?')[0] ?? '/';
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return new LtError('REQUEST_URL_MALFORMED', { path: raw.slice(0, 200) });
  }
  if (path.includes('\0')) return new LtError('REQUEST_URL_MALFORMED', { path: raw.slice(0, 200) });
  const file = resolve(dir, `.${sep}${path}`);
  if (file !== dir && !file.startsWith(dir + sep)) return new LtError('REQUEST_PATH_REFUSED', { path: raw.slice(0, 200) });
  if (!existsSync(file) || statSync(file).isDirectory()) return null;
  return file;
}

/** Vite names every built asset by its content hash: a name never changes meaning, so browsers may keep it for good. */
const HASHED_ASSET = /^\/assets\/[^/]+-[A-Za-z0-9_-]{8,}\.(js|css|svg|png|woff2?)$/;

const gzipAsync = promisify(gzip);

/** Whether the browser takes gzip (Accept-Encoding lists gzip or *, without q=0). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const entries = (Array.isArray(header) ? header.join(',') : header ?? '').split(',').map((e) => e.trim().toLowerCase().split(';').map((x) => x.trim()));
  return entries.some(([coding, ...params]) => (coding === 'gzip' || coding === '*') && !params.some((q) => /^q=0(\.0+)?$/.test(q)));
}

/**
 * Serves the built designer (single-page app: unknown paths get index.html), compressed (the console's scripts and
 * Ant's stylesheet are ~2.5 MB raw) and cached: hashed assets for a year, index.html revalidated each time so a new
 * build is picked up at once (bench runlist: warm loads fetched every script again). A hashed asset never changes, so it
 * is gzipped once, off the event loop, and kept: compressing it again for every cold load cost the platform process the
 * CPU its API answers needed (bench 9: the run search's round trip was 534 ms in cold loads, 98 ms in warm ones).
 */
export function serveDesigner(dir = root) {
  const compress = compression() as unknown as (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
  const gzipped = new Map<string, Promise<Buffer>>();
  return (req: IncomingMessage, res: ServerResponse): void => {
    const found = designerFile(dir, req.url);
    if (found instanceof LtError) return sendError(res, found);
    const file = found ?? resolve(dir, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Trình thiết kế chưa được build (npm run build) / The designer is not built yet (npm run build)');
      return;
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const hashed = found !== null && HASHED_ASSET.test(path);
    if (hashed && acceptsGzip(req.headers['accept-encoding'])) {
      let body = gzipped.get(file);
      if (!body) { body = gzipAsync(readFileSync(file)); gzipped.set(file, body); body.catch(() => gzipped.delete(file)); }
      body.then((gz) => {
        res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'content-encoding': 'gzip', 'content-length': gz.length,
          'cache-control': 'public, max-age=31536000, immutable', vary: 'accept-encoding' });
        res.end(gz);
      }, () => sendError(res, new LtError('INTERNAL')));
      return;
    }
    const cache = hashed ? 'public, max-age=31536000, immutable' : 'no-cache';
    compress(req, res, () => {
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': cache });
      res.end(readFileSync(file));
    });
  };
}
