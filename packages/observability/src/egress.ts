import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { LtError, type Where } from '@lienthong/errors';

/**
 * The egress policy for every URL the platform calls on someone's say-so (systems' callbackUrl, exchange
 * webhooks, alert webhooks): loopback, link-local, private, unspecified and multicast addresses are refused
 * unless LT_EGRESS_ALLOW names them (a comma list of CIDRs, addresses or host names). The address is checked
 * when the URL is registered and again when the connection is made (the socket's own DNS lookup), and
 * redirects are never followed.
 */
export interface EgressPolicy {
  /** What LT_EGRESS_ALLOW said, for logs. */
  readonly spec: string;
  readonly allowedAddresses: BlockList;
  readonly allowedHosts: ReadonlySet<string>;
}

const forbidden = new BlockList();
for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24],
  ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) forbidden.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['2001:db8::', 32]] as const) forbidden.addSubnet(net, prefix, 'ipv6');

/** Parses LT_EGRESS_ALLOW: `127.0.0.0/8,::1,hooks.internal.tinh.gov.vn`. Bad entries are refused loudly (a typo must not open or close egress silently). */
export function egressPolicy(spec: string | undefined): EgressPolicy {
  const allowedAddresses = new BlockList();
  const allowedHosts = new Set<string>();
  for (const raw of (spec ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [addr, bits] = raw.split('/');
    const family = isIP(addr ?? '');
    if (family === 0) {
      if (bits !== undefined || !/^[a-z0-9.-]+$/i.test(raw)) throw new Error(`LT_EGRESS_ALLOW: "${raw}" is neither a CIDR, an address nor a host name`);
      allowedHosts.add(raw.toLowerCase());
      continue;
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    const prefix = bits === undefined ? (family === 4 ? 32 : 128) : Number(bits);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) throw new Error(`LT_EGRESS_ALLOW: bad prefix in "${raw}"`);
    allowedAddresses.addSubnet(addr ?? '', prefix, type);
  }
  return { spec: spec ?? '', allowedAddresses, allowedHosts };
}

export const egressPolicyFromEnv = (env: { LT_EGRESS_ALLOW?: string | undefined } = process.env): EgressPolicy => egressPolicy(env.LT_EGRESS_ALLOW);

function unmapped(address: string): { address: string; type: 'ipv4' | 'ipv6' } {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (m?.[1]) return { address: m[1], type: 'ipv4' };
  return { address, type: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

/** Why an address may not be called, or null when it may. */
export function addressRefusal(policy: EgressPolicy, host: string, address: string): string | null {
  if (policy.allowedHosts.has(host.toLowerCase())) return null;
  const a = unmapped(address);
  if (policy.allowedAddresses.check(a.address, a.type)) return null;
  return forbidden.check(a.address, a.type) ? `${address} is a loopback, link-local, private, unspecified or multicast address (LT_EGRESS_ALLOW)` : null;
}

const refused = (url: string, reason: string, where: Where) => new LtError('EGRESS_REFUSED', { url, reason }, where);

/** Checks a URL now (scheme, then every address its host resolves to). For registration: `where` locates the field. */
export async function checkEgressUrl(policy: EgressPolicy, url: string, where: Where = {}): Promise<void> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw refused(url, 'not a URL', where);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw refused(url, `scheme ${u.protocol} (http or https only)`, where);
  if (u.username || u.password) throw refused(u.origin, 'credentials in the URL', where);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : await new Promise<string[]>((resolve) => {
    dnsLookup(host, { all: true }, (err, list) => resolve(err ? [] : list.map((l) => l.address)));
  });
  if (addresses.length === 0) throw refused(u.origin, `${host} does not resolve`, where);
  for (const a of addresses) {
    const why = addressRefusal(policy, host, a);
    if (why) throw refused(u.origin, why, where);
  }
}

/** The socket's own lookup, checked: what DNS answers at connection time is what gets called. */
function checkedLookup(policy: EgressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, list: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const bad = list.map((l) => addressRefusal(policy, hostname, l.address)).find((r) => r !== null);
      if (bad) return callback(Object.assign(new Error(`egress refused: ${bad}`), { code: 'EGRESS_REFUSED' }), '', 0);
      if (options.all) return (callback as unknown as (e: null, l: LookupAddress[]) => void)(null, list);
      const first = list[0];
      return first ? callback(null, first.address, first.family) : callback(Object.assign(new Error(`${hostname} does not resolve`), { code: 'ENOTFOUND' }), '', 0);
    });
  };
}

export interface EgressReply { status: number; ok: boolean; body: string }

/**
 * One POST (or other method) under the policy: the URL checked, the connection's addresses checked, no
 * redirect followed (a 3xx is returned as is: `ok` false, the caller records a failed delivery).
 */
export async function egressRequest(policy: EgressPolicy, url: string, init: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {}): Promise<EgressReply> {
  await checkEgressUrl(policy, url);
  const u = new URL(url);
  const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<EgressReply>((resolve, reject) => {
    const req = send(u, { method: init.method ?? 'POST', headers: { ...init.headers, ...(init.body !== undefined ? { 'content-length': String(Buffer.byteLength(init.body)) } : {}) },
      lookup: checkedLookup(policy), timeout: init.timeoutMs ?? 10_000 }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => { size += c.length; if (size <= 64 * 1024) chunks.push(c); });
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        resolve({ status, ok: status >= 200 && status < 300, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' })));
    req.on('error', (e: Error & { code?: string }) => reject(e.code === 'EGRESS_REFUSED' ? refused(u.origin, e.message.replace(/^egress refused: /, ''), {}) : e));
    req.end(init.body);
  });
}

/** How a failed delivery is recorded: a redirect says so (it is never followed). */
export function deliveryError(reply: EgressReply): string | null {
  if (reply.ok) return null;
  return reply.status >= 300 && reply.status < 400 ? `HTTP ${reply.status}: redirect not followed` : `HTTP ${reply.status}`;
}
