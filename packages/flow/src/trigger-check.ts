import type { ErrorCode, Params } from '@lienthong/errors';
import type { TriggerNode } from '@lienthong/schemas';

/** A poll's default interval, and the bounds an admin may choose within (a source is not asked more than every 5 s). */
export const POLL_EVERY_DEFAULT = '30s';
const POLL_EVERY_MIN_MS = 5_000;
const POLL_EVERY_MAX_MS = 86_400_000;

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Milliseconds of a Duration string ("30s", "5m"); NaN when it is not one. */
export function durationMs(d: string): number {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(d);
  return m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : Number.NaN;
}

/** The run input expression of a poll or webhook trigger, for the compiler's expression checks. */
export function triggerInputExpression(trigger: TriggerNode['trigger']): string | undefined {
  return trigger.type === 'poll' || trigger.type === 'webhook' ? trigger.input : undefined;
}

/** Publish checks of a poll trigger (the schema already checked its shape): its interval within bounds. */
export function checkPollTrigger(nodeId: string, trigger: TriggerNode['trigger'], problem: (code: ErrorCode, params: Params, where: { nodeId?: string; pointer: string }) => void): void {
  if (trigger.type !== 'poll') return;
  const every = trigger.every ?? POLL_EVERY_DEFAULT;
  const ms = durationMs(every);
  if (!(ms >= POLL_EVERY_MIN_MS && ms <= POLL_EVERY_MAX_MS)) {
    problem('FLOW_COMPILE_POLL_EVERY', { nodeId, every }, { nodeId, pointer: `/nodes/${nodeId}/trigger/every` });
  }
}
