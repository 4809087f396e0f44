import { LtError } from '@lienthong/errors';
import { metrics, recordConnectorOutcome } from '@lienthong/observability';
import { toApplicationFailure } from '@lienthong/temporal/contracts';
import type { ConnectorActivity } from '@lienthong/connectors/activities';

/** Our errors as Temporal failures (the contract's one conversion); unknown errors stay as they are and Temporal retries them. */
export function toFailure(err: unknown): unknown {
  return err instanceof LtError ? toApplicationFailure(err) : err;
}

export function withFailureMapping(activities: Record<string, ConnectorActivity>): Record<string, ConnectorActivity> {
  return Object.fromEntries(Object.entries(activities).map(([name, fn]) => [name, async (call) => {
    const stop = metrics.connectorLatency.startTimer({ connector: name });
    try {
      const out = await fn(call);
      metrics.connectorCalls.inc({ connector: name, outcome: 'ok' });
      recordConnectorOutcome({ connector: name, ok: true });
      return out;
    } catch (err) {
      metrics.connectorCalls.inc({ connector: name, outcome: err instanceof LtError ? err.code : 'UNCLASSIFIED' });
      // A refusal (4xx other than 429) is still an answer from the system; timeouts, 5xx and unknown errors are not.
      recordConnectorOutcome({ connector: name, ok: false, code: err instanceof LtError ? err.code : 'UNCLASSIFIED',
        answered: err instanceof LtError && err.status >= 400 && err.status < 500 && err.status !== 429 });
      throw toFailure(err);
    } finally {
      stop();
    }
  }]));
}
