import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Reply, TestPlatform } from './platform.js';

const run = promisify(execFile);
let headerFiles = 0;

export interface SystemKeys {
  systemCode: string;
  accessKeyId: string;
  secretKey: string;
}

const operators = new WeakMap<TestPlatform, Promise<string>>();

/** A session of `operator` (registers systems; the admin approves: R-08 needs two people). */
export function operatorToken(p: TestPlatform): Promise<string> {
  let t = operators.get(p);
  if (!t) {
    t = (async () => {
      await p.request('POST', '/api/v1/users', { username: 'operator', password: 'op-pass-7f3k9q2w', roles: [{ role: 'operator' }] });
      return p.login('operator', 'op-pass-7f3k9q2w');
    })();
    operators.set(p, t);
  }
  return t;
}

/** Registers (agency if new,) a system, approves its connect request and issues a key pair. */
export async function registerSystem(p: TestPlatform, o: { code: string; agencyCode: string; allowedFlows?: string[]; allowedDestinations?: string[]; allowedOperations?: string[]; rateLimitPerMinute?: number; ipAllowList?: string[] }): Promise<SystemKeys> {
  const agency = await p.request('POST', '/api/v1/agencies', { code: o.agencyCode, name: { vi: `Cơ quan ${o.agencyCode}`, en: `Agency ${o.agencyCode}` } });
  if (agency.status !== 200 && agency.status !== 409) throw new Error(`agency: ${agency.status} ${JSON.stringify(agency.body)}`);
  const op = await operatorToken(p);
  const { code, agencyCode, ...settings } = o;
  const created = await p.requestAs(op, 'POST', '/api/v1/systems', { code, agencyCode, name: { vi: `Hệ thống ${code}`, en: `System ${code}` }, reason: 'test', ...settings });
  if (created.status !== 200) throw new Error(`system: ${created.status} ${JSON.stringify(created.body)}`);
  const approved = await p.request('POST', `/api/v1/system-requests/${created.body.request.id}/approve`, { note: 'ok' });
  if (approved.status !== 200) throw new Error(`approve: ${approved.status} ${JSON.stringify(approved.body)}`);
  const key = await p.requestAs(op, 'POST', `/api/v1/systems/${code}/keys`);
  if (key.status !== 200) throw new Error(`key: ${key.status} ${JSON.stringify(key.body)}`);
  return { systemCode: code, accessKeyId: key.body.accessKeyId, secretKey: key.body.secretKey };
}

/** The real curl binary with --aws-sigv4, as an agency would call us. */
export async function curl(url: string, o: { user: string; method?: string; body?: string; dataFile?: string; headers?: Record<string, string>; region?: string }): Promise<Reply> {
  const headerFile = join(tmpdir(), `lt-curl-${process.pid}-${headerFiles++}.txt`);
  const args = ['-s', '-S', '-o', '-', '-w', '\n%{http_code}', '--aws-sigv4', `aws:amz:${o.region ?? 'vn-hcm'}:lienthong`, '--user', o.user, '-X', o.method ?? 'POST', '-D', headerFile];
  for (const [k, v] of Object.entries({ ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}), ...o.headers })) args.push('-H', `${k}: ${v}`);
  if (o.body !== undefined) args.push('--data-binary', o.body);
  if (o.dataFile !== undefined) args.push('--data-binary', `@${o.dataFile}`); // the file's bytes as the body
  args.push(url);
  const { stdout } = await run('curl', args, { maxBuffer: 16 * 1024 * 1024 });
  const stderr = await readFile(headerFile, 'utf8').finally(() => rm(headerFile, { force: true }));
  const i = stdout.lastIndexOf('\n');
  const text = stdout.slice(0, i);
  const headers = new Headers();
  for (const line of stderr.split(/\r?\n/)) { const m = /^([\w-]+):\s*(.*)$/.exec(line); if (m) headers.append(m[1] as string, m[2] as string); }
  let body: unknown = text;
  try { body = JSON.parse(text); } catch { /* not JSON */ }
  return { status: Number(stdout.slice(i + 1)), body, headers, text };
}

/** Signs with the AWS SDK's own signer (@smithy/signature-v4) and returns fetch's arguments, so a test can replay or alter them. */
export async function sdkSigned(baseUrl: string, k: SystemKeys, method: string, pathAndQuery: string, body?: string, o: { date?: Date; headers?: Record<string, string> } = {}): Promise<{ url: string; init: RequestInit & { headers: Record<string, string> } }> {
  const u = new URL(pathAndQuery, baseUrl);
  const signer = new SignatureV4({ credentials: { accessKeyId: k.accessKeyId, secretAccessKey: k.secretKey }, region: 'vn-hcm', service: 'lienthong', sha256: Sha256 });
  const signed = await signer.sign({
    method, protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: u.pathname, query: Object.fromEntries(u.searchParams),
    headers: { host: u.host, ...(body !== undefined ? { 'content-type': 'application/json', 'x-amz-content-sha256': await sha256hex(body) } : {}), ...o.headers }, ...(body !== undefined ? { body } : {}),
  }, o.date ? { signingDate: o.date } : {});
  const headers = { ...(signed.headers as Record<string, string>) };
  delete headers.host;
  return { url: u.toString(), init: { method, headers, ...(body !== undefined ? { body } : {}) } };
}

async function sha256hex(s: string): Promise<string> {
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(s).digest('hex');
}

export async function send(req: { url: string; init: RequestInit }): Promise<Reply> {
  const res = await fetch(req.url, req.init);
  const text = await res.text();
  let body: unknown = text;
  try { body = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, body, headers: res.headers, text };
}
