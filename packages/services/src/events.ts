import type { FlowService } from './flows.js';
import type { RunService } from './runs.js';

/**
 * Event triggers: a flow whose trigger is `{ type: 'event', event: 'exchange.received' }` (any
 * destination) or `'exchange.received:<systemCode>'` (one destination) starts when such an event
 * happens. The event's id is the run's idempotency key, so a repeated event starts one run.
 */
export function createEventService(flows: FlowService, runs: RunService, log: (line: string) => void = () => undefined) {
  return {
    async emit(name: string, payload: Record<string, unknown>, opts: { id: string; scope?: string; agency?: string }): Promise<string[]> {
      const started: string[] = [];
      for (const f of await flows.list()) {
        if (f.latestVersion === 0) continue;
        const v = await flows.get(f.key);
        const entry = v.plan.nodes[v.plan.entry];
        if (entry?.kind !== 'trigger' || entry.trigger.type !== 'event') continue;
        if (entry.trigger.event !== name && entry.trigger.event !== `${name}:${opts.scope ?? ''}`) continue;
        try {
          const r = await runs.start(f.key, payload, { idempotencyKey: `${name}:${opts.id}`, trigger: 'event',
            caller: { id: 'system:events', ...(opts.agency ? { agency: opts.agency } : {}) } });
          started.push(r.runId);
        } catch (err) {
          // One flow refusing the event (e.g. its input schema) must not stop the others, nor the exchange.
          log(`event ${name} ${opts.id}: flow ${f.key} not started: ${(err as Error).message}`);
        }
      }
      return started;
    },
  };
}
export type EventService = ReturnType<typeof createEventService>;
