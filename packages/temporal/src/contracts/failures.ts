import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure, TemporalFailure, TimeoutFailure } from '@temporalio/common';
import { LtError, isErrorCode, type LtErrorJson } from '@lienthong/errors';

// LtError ⇄ ApplicationFailure, once for every process: activities throw our errors as failures whose first
// detail is the catalogue JSON; workflows and clients read that JSON back out of whatever wraps it.

/** Our error as a Temporal failure: the catalogue decides retryability; a rate limit's Retry-After becomes the next retry delay. */
export function toApplicationFailure(err: LtError): ApplicationFailure {
  const retryAfter = err.params.retryAfterMs;
  return ApplicationFailure.create({
    type: err.code, message: err.message, nonRetryable: !err.retryable,
    details: [{ ...err.toJSON(), params: err.params }],
    ...(typeof retryAfter === 'number' && retryAfter > 0 ? { nextRetryDelay: retryAfter } : {}),
  });
}

/** A run's final failure (never retried): the catalogue JSON travels as the first detail. */
export function failureOfJson(json: LtErrorJson): ApplicationFailure {
  return ApplicationFailure.create({ type: json.code, message: json.message.en, nonRetryable: true, details: [json] });
}

const isErrorJson = (d: unknown): d is LtErrorJson => !!d && typeof d === 'object' && 'code' in d && 'message' in d;
const plain = (m: string): LtErrorJson => ({ code: 'INTERNAL', message: { vi: m, en: m }, where: {} });

/**
 * The catalogue JSON behind a failure, whatever wraps it: a client's WorkflowFailedError, an activity or child
 * failure, or nested failures. A timeout of an activity or child is the connector's timeout; anything else
 * without our JSON becomes INTERNAL with its message.
 */
export function errorJsonOfFailure(err: unknown): LtErrorJson {
  if (err instanceof LtError) return err.toJSON();
  let cur: unknown = err;
  let parent: unknown;
  for (let depth = 0; depth < 8 && cur; depth++) {
    if (cur instanceof ApplicationFailure) {
      const d = cur.details?.[0];
      if (isErrorJson(d)) return { code: d.code, message: d.message, where: d.where ?? {} };
      if (cur.type && isErrorCode(cur.type)) return new LtError(cur.type).toJSON();
      return plain(cur.message || (cur.type ?? 'error'));
    }
    if (cur instanceof TimeoutFailure && (parent instanceof ActivityFailure || parent instanceof ChildWorkflowFailure)) {
      return new LtError('CONNECTOR_TIMEOUT', { system: 'connector', ms: 'startToClose' }).toJSON();
    }
    const next = (cur as { cause?: unknown }).cause;
    if (!next || !(cur instanceof TemporalFailure || cur instanceof Error)) break;
    parent = cur;
    cur = next;
  }
  return plain((cur as { message?: string } | undefined)?.message ?? 'error');
}
