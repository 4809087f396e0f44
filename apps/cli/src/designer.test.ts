import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptsGzip, serveDesigner } from './designer.js';

// The console's scripts travel compressed and, named by their content hash, are kept by the browser; index.html is
// revalidated so a new build shows at once. Over real HTTP, on a built-designer folder made here.
const script = `export const screen = "${'màn hình danh sách lượt chạy '.repeat(400)}";\n`;

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
}

describe('serving the console', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lt-designer-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Liên Thông</title><script type="module" src="/assets/index-Bx7Qp2aZ.js"></script>');
    writeFileSync(join(dir, 'assets', 'index-Bx7Qp2aZ.js'), script);
    writeFileSync(join(dir, 'robots.txt'), 'User-agent: *\n');
    server = createServer(serveDesigner(dir));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => { await new Promise((r) => server.close(r)); });

  it('sends a hashed script compressed when the browser accepts it, cacheable for a year', async () => {
    const r = await get(`${base}/assets/index-Bx7Qp2aZ.js`, { 'accept-encoding': 'gzip' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.body.length).toBeLessThan(Buffer.byteLength(script) / 5);
    expect(gunzipSync(r.body).toString('utf8')).toBe(script);
  });

  it('compresses a hashed asset once and sends every later browser the same bytes', async () => {
    const first = await get(`${base}/assets/index-Bx7Qp2aZ.js`, { 'accept-encoding': 'gzip, deflate, br' });
    const again = await get(`${base}/assets/index-Bx7Qp2aZ.js`, { 'accept-encoding': 'gzip' });
    expect(again.headers['content-encoding']).toBe('gzip');
    expect(again.headers.vary).toBe('accept-encoding');
    expect(Number(again.headers['content-length'])).toBe(again.body.length);
    expect(again.body.equals(first.body)).toBe(true);
  });

  it('reads Accept-Encoding as browsers and proxies send it', () => {
    expect(acceptsGzip('gzip, deflate, br, zstd')).toBe(true);
    expect(acceptsGzip('br;q=1.0, *;q=0.5')).toBe(true);
    expect(acceptsGzip('gzip;q=0, br')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });

  it('sends it plain to a client that asks for no encoding', async () => {
    const r = await get(`${base}/assets/index-Bx7Qp2aZ.js`, { 'accept-encoding': 'identity' });
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.body.toString('utf8')).toBe(script);
  });

  it('revalidates the app page (and the routes that answer with it) and unhashed files', async () => {
    for (const path of ['/', '/runs', '/robots.txt']) {
      const r = await get(`${base}${path}`, { 'accept-encoding': 'gzip' });
      expect(r.status).toBe(200);
      expect(r.headers['cache-control']).toBe('no-cache');
    }
  });

  it('still refuses a path that leaves the folder, with a code', async () => {
    const r = await get(`${base}/assets/..%2f..%2fetc%2fpasswd`);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body.toString('utf8')).error.code).toBe('REQUEST_PATH_REFUSED');
  });
});
