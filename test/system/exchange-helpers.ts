import { createHash, createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DbHandle } from '@lienthong/db';
import { EncryptionCodec, payloadKeyFromMaster } from '@lienthong/temporal';
import { sdkSigned, send, type SystemKeys } from '../helpers/agency.js';
import { startTestPlatform, type Reply, type TestPlatform } from '../helpers/platform.js';

export const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** The platform without simulators, with the platform's own codec: the exchange tests decode Temporal histories and look into the tables. */
export async function startExchangePlatform(o: { temporalAddress?: string } = {}): Promise<TestPlatform & { db: DbHandle; codec: EncryptionCodec }> {
  const p = await startTestPlatform({ simulators: false, ...o });
  return { ...p, codec: new EncryptionCodec(payloadKeyFromMaster(p.masterKey)) };
}

/** A signed call as a connected system (AWS SigV4 with its key pair). */
export async function signed(p: TestPlatform, k: SystemKeys, method: string, path: string, body?: unknown): Promise<Reply> {
  return send(await sdkSigned(p.apiUrl, k, method, path, body === undefined ? undefined : JSON.stringify(body)));
}

export interface Hook {
  at: number;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  answered: number;
}

/** Webhook receivers of the connected systems: each path answers 204, or 503 while it is "down". */
export async function startHooks(): Promise<{ url: string; received: Hook[]; down: Set<string>; close(): Promise<void> }> {
  const received: Hook[] = [];
  const down = new Set<string>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const answered = down.has(path) ? 503 : 204;
      received.push({ at: Date.now(), path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
      res.writeHead(answered);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, down,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** Checks a webhook's signature the way a receiving system would, with its own secret key (docs/agency-access.md). */
export function hookSignatureValid(h: Hook, secretKey: string): boolean {
  const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(h.headers['x-lt-signature'] ?? '')) ?? [];
  return v1 !== undefined && v1 === createHmac('sha256', secretKey).update(`${t}.${h.body}`).digest('hex');
}

/** Polls until `check` gives a value (no fixed sleeps asserted on: we wait for states). */
export async function until<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Every payload in a history, decoded with the platform's codec, as text. */
export async function decodedPayloads(history: unknown, codec: EncryptionCodec): Promise<string> {
  const found: { metadata?: Record<string, Uint8Array>; data?: Uint8Array }[] = [];
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    if (v instanceof Uint8Array) return;
    const o = v as Record<string, unknown>;
    if (o.metadata && typeof o.metadata === 'object' && o.data instanceof Uint8Array) { found.push(o as (typeof found)[number]); return; }
    for (const x of Array.isArray(v) ? v : Object.values(o)) walk(x);
  };
  walk(history);
  const decoded = await codec.decode(found);
  return decoded.map((d) => Buffer.from(d.data ?? new Uint8Array()).toString('utf8')).join('\n');
}
