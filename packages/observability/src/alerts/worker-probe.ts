import type { AlertProbe } from './engine.js';

/** The part of Temporal's WorkflowService the probe uses (client.workflowService fits). */
export interface TaskQueueDescriber {
  describeTaskQueue(req: { namespace: string; taskQueue: { name: string }; taskQueueType: number }):
    Promise<{ pollers?: ({ lastAccessTime?: { seconds?: number | { toNumber(): number } | null } | null; identity?: string | null } | null)[] | null }>;
}

const seconds = (s: number | { toNumber(): number } | null | undefined): number => (s == null ? 0 : typeof s === 'number' ? s : s.toNumber());

/**
 * "worker down": no worker has polled the task queue's workflow tasks within `staleAfterMs`. Workers
 * long-poll about once a minute when idle, so keep it well above that (default 3 minutes).
 */
export function workerDownProbe(service: TaskQueueDescriber, opts: { namespace: string; taskQueue: string; staleAfterMs?: number }): AlertProbe {
  const staleAfterMs = opts.staleAfterMs ?? 180_000;
  return {
    rules: ['worker.down'],
    async check(now) {
      const res = await service.describeTaskQueue({ namespace: opts.namespace, taskQueue: { name: opts.taskQueue }, taskQueueType: 1 /* WORKFLOW */ });
      const last = Math.max(0, ...(res.pollers ?? []).map((p) => seconds(p?.lastAccessTime?.seconds) * 1000));
      if (now.getTime() - last < staleAfterMs) return [];
      const since = last > 0 ? new Date(last).toISOString() : null;
      return [{ key: `worker.down:${opts.taskQueue}`, rule: 'worker.down', subject: opts.taskQueue, severity: 'critical',
        message: { vi: `Không có worker nào nhận việc từ hàng đợi ${opts.taskQueue}${since ? ` từ ${since}` : ''}`,
          en: `No worker has polled task queue ${opts.taskQueue}${since ? ` since ${since}` : ''}` },
        details: { taskQueue: opts.taskQueue, namespace: opts.namespace, lastPollAt: since, staleAfterSeconds: Math.round(staleAfterMs / 1000) } }];
    },
  };
}
