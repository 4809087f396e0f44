import { Context } from '@temporalio/activity';
import { toFailure } from './failures.js';

const HEARTBEAT_MS = 10_000;

/**
 * Activities a platform service implements (background work, scheduled runs), ready to register: each heartbeats
 * while it works (waiting for a run's end may take days) and gives up when Temporal cancels it or the worker shuts
 * down, so another attempt on any worker takes over; our errors become Temporal failures (the catalogue decides
 * retries). `failureOf` picks the error to report when one error stands for several.
 */
export function heartbeatingActivities<T extends object>(names: readonly (keyof T & string)[], impl: T, failureOf: (err: unknown) => unknown = (err) => err):
  Record<string, (arg: never) => Promise<unknown>> {
  return Object.fromEntries(names.map((name) => [name, async (arg: never) => {
    const ctx = Context.current();
    const beat = setInterval(() => ctx.heartbeat(), HEARTBEAT_MS);
    try {
      return await Promise.race([(impl[name] as (a: unknown) => Promise<unknown>)(arg), ctx.cancelled]);
    } catch (err) {
      throw toFailure(failureOf(err));
    } finally {
      clearInterval(beat);
    }
  }]));
}
