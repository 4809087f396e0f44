import { Context } from '@temporalio/activity';

/**
 * When the running activity (a flow step) was first scheduled: the same for all its retries. Undefined outside an
 * activity (the API's "test connection", tooling). A rotated connection serves a step the version valid at this time.
 */
export function stepScheduledAt(): Date | undefined {
  try {
    return new Date(Context.current().info.scheduledTimestampMs);
  } catch {
    return undefined;
  }
}
