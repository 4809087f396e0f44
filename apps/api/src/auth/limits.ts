import { BlockList, isIP } from 'node:net';

/** Signatures seen within the acceptance window: the same signed request twice is a replay. */
export class ReplayCache {
  private seen = new Map<string, number>();
  constructor(private readonly windowMs: number) {}
  /** True the first time a signature is offered within the window. */
  claim(signature: string, now: number): boolean {
    if (this.seen.size > 10_000) for (const [k, exp] of this.seen) if (exp <= now) this.seen.delete(k);
    const exp = this.seen.get(signature);
    if (exp !== undefined && exp > now) return false;
    this.seen.set(signature, now + this.windowMs);
    return true;
  }
}

/** A token bucket per system: `limit` requests per minute, bursts up to `limit`. */
export class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number; limit: number }>();
  /** 0 when allowed, else the seconds to wait. */
  take(key: string, limitPerMinute: number, now: number): number {
    if (limitPerMinute <= 0) return 0;
    const rate = limitPerMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: limitPerMinute, at: now, limit: limitPerMinute };
    b.tokens = Math.min(limitPerMinute, b.tokens + (now - b.at) * rate);
    b.at = now;
    b.limit = limitPerMinute;
    this.buckets.set(key, b);
    if (b.tokens >= 1) { b.tokens -= 1; return 0; }
    return Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000));
  }
}

export const normalizeIp = (ip: string | undefined): string => (ip ?? '').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');

/** An IP allow-list of addresses and CIDR blocks; empty allows every address. */
export function ipAllowed(ip: string, list: readonly string[]): boolean {
  if (list.length === 0) return true;
  const addr = normalizeIp(ip);
  const family = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
  const bl = new BlockList();
  for (const entry of list) {
    const [a, bits] = entry.split('/');
    const f = isIP(a ?? '') === 6 ? 'ipv6' : 'ipv4';
    try {
      if (bits !== undefined) bl.addSubnet(a as string, Number(bits), f); else bl.addAddress(a as string, f);
    } catch { /* an unusable entry allows nothing */ }
  }
  return isIP(addr) !== 0 && bl.check(addr, family);
}

/**
 * Anonymous refusals (401s without any claimed identity) cost an attacker nothing, so each address gets one audit row
 * per minute; the others in that minute are counted and written as one summary row when the minute ends (`onSummary`).
 * At most `maxKeys` addresses are tracked; past that, further addresses share one window under "*".
 */
export class RefusalSampler {
  private windows = new Map<string, { start: number; suppressed: number }>();
  private timer: NodeJS.Timeout | null = null;
  constructor(private readonly onSummary: (ip: string, suppressed: number, since: number) => void, private readonly windowMs = 60_000, private readonly maxKeys = 10_000) {}

  /** True when this refusal gets its own row (the first of its address in the window). */
  admit(ip: string, now: number): boolean {
    this.flush(now);
    const key = this.windows.has(ip) || this.windows.size < this.maxKeys ? ip : '*';
    const w = this.windows.get(key);
    if (!w) {
      this.windows.set(key, { start: now, suppressed: 0 });
      return true;
    }
    w.suppressed += 1;
    this.arm();
    return false;
  }

  /** A summary is due when its minute ends even if no request comes then (unref'd: it never holds the process open). */
  private arm(): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.flush(Date.now());
      if ([...this.windows.values()].some((w) => w.suppressed > 0)) this.arm();
    }, this.windowMs).unref();
  }

  /** Writes the summaries of the windows that ended. */
  flush(now: number): void {
    for (const [ip, w] of this.windows) {
      if (now - w.start < this.windowMs) continue;
      this.windows.delete(ip);
      if (w.suppressed > 0) this.onSummary(ip, w.suppressed, w.start);
    }
  }
}
