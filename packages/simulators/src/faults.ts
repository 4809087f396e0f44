import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Fault injection per operation, set through the control API. A fault applies to the next
 * `count` calls (or to all calls when absent) and to a fraction `rate` of them (default 1).
 */
export interface Fault {
  /** Extra latency before answering. */
  latencyMs?: number;
  /** Answer with this HTTP status (500, 502, 503, 504, 429, 401…). */
  status?: number;
  /** Seconds for Retry-After on 429 / 503. */
  retryAfterSec?: number;
  /** Reply with a truncated / wrong-shaped body. */
  malformed?: boolean;
  /** Maintenance: 503 + Retry-After, or (html: true) a 200 HTML "bảo trì" page. */
  maintenance?: { html?: boolean; retryAfterSec?: number };
  /** Destroy the socket without answering. */
  drop?: boolean;
  /** Apply the effect but answer with a 503 (so the caller retries something already applied). */
  failAfterApply?: boolean;
  /** Text encoding trouble in the reply: decomposed Unicode (NFD) or a byte-order mark before the body. */
  encoding?: 'nfd' | 'bom';
  /** Deliver twice: list / inbox operations repeat every item (duplicate delivery). */
  duplicate?: boolean;
  /**
   * Only inside this weekly window, Vietnam time (UTC+7), e.g. Sunday night maintenance
   * {days:[0], from:'22:00', to:'02:00'}; a window past midnight belongs to the day it starts.
   */
  window?: { days?: number[]; from: string; to: string };
  rate?: number;
  count?: number;
}

const minutesOf = (hhmm: string) => {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
};

/** Minutes left in the window at `now`, or null when outside it. */
export function windowRemaining(w: NonNullable<Fault['window']>, now: Date): number | null {
  const local = new Date(now.getTime() + 7 * 3600_000);
  const day = local.getUTCDay();
  const min = local.getUTCHours() * 60 + local.getUTCMinutes();
  const from = minutesOf(w.from);
  const to = minutesOf(w.to);
  const days = w.days ?? [0, 1, 2, 3, 4, 5, 6];
  if (from <= to) return days.includes(day) && min >= from && min < to ? to - min : null;
  if (days.includes(day) && min >= from) return 24 * 60 - min + to;
  if (days.includes((day + 6) % 7) && min < to) return to - min;
  return null;
}

export class FaultBook {
  private faults = new Map<string, Fault>();
  private random: () => number;
  constructor(random: () => number = Math.random) {
    this.random = random;
  }
  set(operation: string, fault: Fault): void {
    this.faults.set(operation, { ...fault });
  }
  clear(operation?: string): void {
    if (operation) this.faults.delete(operation);
    else this.faults.clear();
  }
  list(): Record<string, Fault> {
    return Object.fromEntries(this.faults);
  }
  /** The fault to apply to this call, if any ("*" applies to every operation). */
  take(operation: string, now: Date = new Date()): Fault | null {
    const key = this.faults.has(operation) ? operation : this.faults.has('*') ? '*' : null;
    if (!key) return null;
    const f = this.faults.get(key) as Fault;
    if (f.window) {
      const left = windowRemaining(f.window, now);
      if (left === null) return null;
      // Retry-After until the window closes, unless the fault says otherwise.
      if (f.maintenance && f.maintenance.retryAfterSec === undefined && !f.maintenance.html) return { ...f, maintenance: { ...f.maintenance, retryAfterSec: left * 60 } };
    }
    if (f.rate !== undefined && this.random() >= f.rate) return null;
    if (f.count !== undefined) {
      if (f.count <= 0) return null;
      f.count -= 1;
    }
    return f;
  }
}

/** Side effects per operation and idempotency key, so tests can assert "applied exactly once". */
export class Counters {
  private calls = new Map<string, number>();
  private applied = new Map<string, Map<string, number>>();
  call(operation: string): void {
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
  }
  /** Records an effect; returns false when this key was applied before (the caller answers with the stored result). */
  apply(operation: string, key: string): boolean {
    let byKey = this.applied.get(operation);
    if (!byKey) this.applied.set(operation, (byKey = new Map()));
    const n = byKey.get(key) ?? 0;
    byKey.set(key, n + 1);
    return n === 0;
  }
  /** How many requests carried this key (the first applied the effect, the rest were answered from it). */
  times(operation: string, key: string): number {
    return this.applied.get(operation)?.get(key) ?? 0;
  }
  reset(): void {
    this.calls.clear();
    this.applied.clear();
  }
  snapshot(): Record<string, { calls: number; keys: number; duplicates: number }> {
    const ops = new Set([...this.calls.keys(), ...this.applied.keys()]);
    return Object.fromEntries([...ops].sort().map((op) => {
      const byKey = this.applied.get(op) ?? new Map<string, number>();
      const dup = [...byKey.values()].reduce((a, n) => a + (n - 1), 0);
      return [op, { calls: this.calls.get(op) ?? 0, keys: byKey.size, duplicates: dup }];
    }));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Applies the pre-answer part of a fault. Returns true when the response was already sent
 * (or the socket dropped) and the handler must stop.
 */
export async function applyFault(f: Fault | null, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (!f) return false;
  if (f.latencyMs) await sleep(f.latencyMs);
  if (f.drop) {
    req.socket.destroy();
    return true;
  }
  if (f.maintenance) {
    if (f.maintenance.html) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html><body><h1>Hệ thống đang bảo trì</h1><p>Vui lòng quay lại sau.</p></body></html>');
    } else {
      res.writeHead(503, { 'retry-after': String(f.maintenance.retryAfterSec ?? 60), 'content-type': 'text/plain; charset=utf-8' });
      res.end('Hệ thống đang bảo trì / under maintenance');
    }
    return true;
  }
  if (f.status && !f.failAfterApply) {
    const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
    if (f.retryAfterSec !== undefined) headers['retry-after'] = String(f.retryAfterSec);
    res.writeHead(f.status, headers);
    res.end(`Simulated HTTP ${f.status}`);
    return true;
  }
  return false;
}
