import { connect } from 'node:net';

export interface RawReply { status: number; headers: Record<string, string>; body: string }

/**
 * Sends bytes exactly as given (fetch would normalise the target) and reads the answer until the server closes;
 * status 0 when the connection closed without any answer.
 */
export function rawRequest(url: string, request: string | Buffer, timeoutMs = 30_000): Promise<RawReply> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`no answer within ${timeoutMs} ms to ${String(request).slice(0, 80)}`)); }, timeoutMs);
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', () => undefined); // a reset after the answer is fine; the answer is what we check
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      const raw = rest.join('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, body: headers['transfer-encoding'] === 'chunked' ? dechunk(raw) : raw });
    });
    socket.write(request);
  });
}

function dechunk(raw: string): string {
  let out = '';
  let rest = raw;
  for (;;) {
    const nl = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, nl), 16);
    if (!(size > 0)) return out;
    const bytes = Buffer.from(rest.slice(nl + 2), 'utf8');
    out += bytes.subarray(0, size).toString('utf8');
    rest = bytes.subarray(size + 2).toString('utf8');
  }
}

/** A GET (or another method) of a target sent verbatim, closing the connection after the answer. */
export function rawGet(url: string, target: string, o: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawReply> {
  const { host } = new URL(url);
  const body = o.body ?? '';
  const headers = { host, connection: 'close', ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}), ...o.headers };
  const head = `${o.method ?? 'GET'} ${target} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
  return rawRequest(url, Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(body, 'utf8')]));
}
