import { eq } from 'drizzle-orm';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { LtError } from '@lienthong/errors';
import { runs, type Db } from '@lienthong/db';
import type { Caller } from './runs.js';

/** Cancelling a run, scoped like reading one: another agency's run is "not found". */
export function createRunControl(db: Db, temporal: Client) {
  return {
    async agencyOf(runId: string): Promise<string | null | undefined> {
      const [row] = await db.select({ agency: runs.agency }).from(runs).where(eq(runs.runId, runId));
      return row ? row.agency : undefined;
    },
    async cancel(runId: string, caller?: Caller): Promise<{ runId: string; status: 'cancelling' }> {
      const [row] = await db.select().from(runs).where(eq(runs.runId, runId));
      if (!row || (caller?.agency && row.agency !== caller.agency)) throw new LtError('RUN_NOT_FOUND', { runId });
      const handle = temporal.workflow.getHandle(runId);
      try {
        const desc = await handle.describe();
        if (desc.status.name !== 'RUNNING') throw new LtError('RUN_CANCEL_ENDED', { runId, status: desc.status.name.toLowerCase() });
        await handle.cancel();
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) throw new LtError('RUN_NOT_FOUND', { runId });
        throw err;
      }
      return { runId, status: 'cancelling' };
    },
  };
}
export type RunControl = ReturnType<typeof createRunControl>;
