/**
 * Poll triggers (flow trigger type "poll"): one long-running workflow per published polling flow asks its source
 * (DVCQG dossiers, IOC feedback) for what changed since its cursor, through an activity the platform implements with
 * its run service; each item starts one run, keyed by the item (and its version) so a retried poll never starts two.
 * The cursor lives in the workflow's state (its history), so it survives worker and server restarts.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';

export const POLL_TRIGGER_WORKFLOW = 'pollTrigger';

/** One poller per flow and install: a second start finds the first (the task queue keeps installs apart). */
export const pollTriggerWorkflowId = (taskQueue: string, flowKey: string): string => `lt-poll-${taskQueue}-${flowKey}`;

/** Where the poller is in its source's change feed (the source's own opaque cursor). */
export interface PollCursor {
  source: string;
  value: string;
}

export interface PollTriggerInput {
  flowKey: string;
  /** Carried over continue-as-new; absent at the first start (the first poll takes the source's head: no backlog). */
  cursor?: PollCursor;
  polls?: number;
  started?: number;
}

export interface PollTriggerResult {
  flowKey: string;
  polls: number;
  started: number;
}

export interface PollOnce {
  flowKey: string;
  cursor?: PollCursor;
}

export interface PollOutcome {
  /** False when the flow's latest version is no longer started by this kind of poll: the poller ends. */
  active: boolean;
  cursor?: PollCursor;
  /** Wait this long before the next poll (the trigger's `every`). */
  everyMs: number;
  /** Runs this poll started (a run found again, after a retried poll, is not counted). */
  started: number;
  /** The source has more after this page: poll again at once. */
  more: boolean;
  /** The source or its connection failed: the cursor stays and the poll is tried again after the interval. */
  failure?: PollFailure;
}

export interface PollState {
  flowKey: string;
  cursor?: PollCursor;
  polls: number;
  started: number;
  /** The last poll's failure to read its source (cleared by the next good poll): what an operator acts on. */
  lastFailure?: PollFailure;
}

/** Why a poll could not read its source: a coded error (never a secret) and when. */
export interface PollFailure {
  code: string;
  message: { vi: string; en: string };
  at: string;
}

export interface TriggerPollActivities {
  /** One poll: reads the page after `cursor`, starts a run per item through the run service, returns the new cursor. */
  triggerPoll(args: PollOnce): Promise<PollOutcome>;
}

export const TRIGGER_POLL_ACTIVITY_NAMES: readonly (keyof TriggerPollActivities)[] = ['triggerPoll'];

/** Where the poller stands (operators, tests). */
export const pollStateQuery = defineQuery<PollState>('pollState');
/** Poll now instead of at the end of the interval (operators, tests; publishing a new version). */
export const pollNowSignal = defineSignal('pollNow');
