import { BlockList, isIP } from 'node:net';

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
