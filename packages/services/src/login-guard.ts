import { LtError } from '@lienthong/errors';

/**
 * Failed logins per key (a username, or a client address at the gate): the `free`-th failure within `windowMs` locks the
 * key for `baseLockMs`, and each failure after a lock has passed doubles it (up to `maxLockMs`). While locked every attempt
 * is refused, the right password too, so guessing gains nothing. Kept in memory per API process (bounded in size).
 */
export class FailureThrottle {
  private entries = new Map<string, { failures: number; first: number; lockedUntil: number }>();
  constructor(private readonly o: { free: number; windowMs: number; baseLockMs: number; maxLockMs: number; maxKeys?: number }) {}

  /** Seconds until `key` may try again; 0 when it may now. */
  retryAfter(key: string, now: number): number {
    const e = this.entries.get(key);
    return e && e.lockedUntil > now ? Math.ceil((e.lockedUntil - now) / 1000) : 0;
  }

  fail(key: string, now: number): void {
    let e = this.entries.get(key);
    if (!e || (now - e.first > this.o.windowMs && e.lockedUntil <= now)) e = { failures: 0, first: now, lockedUntil: 0 };
    e.failures += 1;
    const over = e.failures - this.o.free + 1;
    if (over > 0) e.lockedUntil = now + Math.min(this.o.maxLockMs, this.o.baseLockMs * 2 ** Math.min(over - 1, 20));
    this.entries.delete(key); // re-insert: the Map's order is then the eviction order (oldest first)
    this.entries.set(key, e);
    if (this.entries.size > (this.o.maxKeys ?? 50_000)) this.entries.delete(this.entries.keys().next().value as string);
  }

  succeed(key: string): void {
    this.entries.delete(key);
  }
}

/** Per username: the 5th failure in 15 minutes locks it for 1 min, the next ones for 2, 4, 8… up to 15 minutes. */
export const userLoginThrottle = () => new FailureThrottle({ free: 5, windowMs: 15 * 60_000, baseLockMs: 60_000, maxLockMs: 15 * 60_000 });
/** Per client address (spraying many usernames): the 30th failure in 15 minutes locks it, with the same doubling. */
export const addressLoginThrottle = () => new FailureThrottle({ free: 30, windowMs: 15 * 60_000, baseLockMs: 60_000, maxLockMs: 15 * 60_000 });

/**
 * At most `concurrency` password hashes at once, `queue` more waiting; beyond that a coded 429. scrypt runs on libuv's
 * thread pool (4 threads), which runs file and DNS work too: unbounded, 40 parallel logins slowed every synchronous run.
 */
export class HashGate {
  private running = 0;
  private waiting: (() => void)[] = [];
  constructor(private readonly concurrency = 1, private readonly queue = 64) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.queue) throw new LtError('AUTH_LOGIN_BUSY', { retryAfterSeconds: 1 });
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next(); else this.running -= 1;
    }
  }
}
