import { condition, continueAsNew, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  pollNowSignal, pollStateQuery, type PollCursor, type PollFailure, type PollTriggerInput, type PollTriggerResult, type TriggerPollActivities,
} from '@lienthong/temporal/contracts';

// A source that is down must not end the poller: the poll is retried (with backoff) for as long as it takes.
const { triggerPoll } = proxyActivities<TriggerPollActivities>({
  startToCloseTimeout: '2 minutes', heartbeatTimeout: '30 seconds', // a killed worker's poll is taken over within 30 s
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Polls per workflow run before continuing as new, so the history stays small however long the trigger lives. */
const POLLS_PER_RUN = 200;

/**
 * The poller of one flow's poll trigger: asks the source for what changed since the cursor, the activity starts a
 * run per item (idempotent per item and version), then waits the trigger's interval (or a pollNow signal). The
 * cursor only moves once a page's runs have all started, so a worker killed mid-page repeats that page, and the
 * repeated starts find the runs already there.
 */
export async function pollTrigger(args: PollTriggerInput): Promise<PollTriggerResult> {
  let cursor: PollCursor | undefined = args.cursor;
  let polls = args.polls ?? 0;
  let started = args.started ?? 0;
  let wake = false;
  let lastFailure: PollFailure | undefined;
  setHandler(pollStateQuery, () => ({ flowKey: args.flowKey, ...(cursor ? { cursor } : {}), polls, started, ...(lastFailure ? { lastFailure } : {}) }));
  setHandler(pollNowSignal, () => { wake = true; });
  for (let i = 0; i < POLLS_PER_RUN; i++) {
    wake = false;
    const r = await triggerPoll({ flowKey: args.flowKey, ...(cursor ? { cursor } : {}) });
    polls += 1;
    started += r.started;
    lastFailure = r.failure;
    if (!r.active) return { flowKey: args.flowKey, polls, started };
    if (r.cursor) cursor = r.cursor;
    if (!r.more) await condition(() => wake, r.everyMs);
  }
  return continueAsNew<typeof pollTrigger>({ flowKey: args.flowKey, ...(cursor ? { cursor } : {}), polls, started });
}
