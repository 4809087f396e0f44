import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createRunService } from '@lienthong/services';
import { EncryptionCodec, connectClient, payloadKeyFromMaster } from '@lienthong/temporal';
import type { TestPlatform } from './platform.js';

/** The current interpreter with one unpatched change: a timer before it walks the plan. */
export const changedWorkflows = fileURLToPath(new URL('../fixtures/changed-interpreter/workflows.ts', import.meta.url));

/**
 * Starts a run of `flowKey` on a worker of the changed build (a task queue of its own) and waits until that worker has
 * recorded the run's first decision, its timer: the platform's own worker then finds a history it would not have written.
 * `close()` terminates the run and stops that worker.
 */
export async function recordOnChangedInterpreter(p: TestPlatform, flowKey: string, input: unknown): Promise<{ runId: string; timerEventId: number; close: () => Promise<void> }> {
  const codec = new EncryptionCodec(payloadKeyFromMaster(p.masterKey));
  const address = inject('temporalAddress');
  const temporal = await connectClient({ address, namespace: 'default' }, { codec });
  const connection = await NativeConnection.connect({ address });
  const taskQueue = `${p.taskQueue}-changed`;
  const changed = await Worker.create({ connection, taskQueue, workflowsPath: changedWorkflows, dataConverter: { payloadCodecs: [codec] } });
  const stopped = changed.run();
  const runs = createRunService(p.db.db, temporal, p.services.flows, { taskQueue });
  const { runId } = await runs.start(flowKey, input, { waitMs: 0 });
  const close = async () => {
    await temporal.workflow.getHandle(runId).terminate('test over').catch(() => undefined);
    changed.shutdown();
    await stopped;
    await connection.close();
    await temporal.connection.close();
  };
  const handle = temporal.workflow.getHandle(runId);
  for (let i = 0; i < 100; i++) {
    const timer = (await handle.fetchHistory()).events?.find((e) => e.timerStartedEventAttributes);
    if (timer) return { runId, timerEventId: Number(timer.eventId), close };
    await new Promise((r) => setTimeout(r, 100));
  }
  await close();
  throw new Error(`the changed interpreter recorded no timer for ${runId}`);
}
