import { durationMs, POLL_EVERY_DEFAULT } from '@lienthong/flow';
import type { FlowService } from '../flows.js';
import { createPollTriggers, type PollTriggerDeps } from './poll.js';
import { createInboundWebhooks, INBOUND_WEBHOOK_PREFIX, type InboundWebhookDeps } from './webhooks.js';

export { createPollTriggers, TRIGGER_ACTOR, type PollTriggers } from './poll.js';
export { createInboundWebhooks, INBOUND_WEBHOOK_PREFIX, DELIVERY_HEADER, WEBHOOK_TOLERANCE_S, type InboundWebhooks, type InboundDelivery } from './webhooks.js';
export { pollSources, type PollSource, type SourcePage } from './sources.js';

/** One flow's trigger as operators see it: what starts it and where it stands (no secret, ever). */
export interface TriggerView {
  flowKey: string;
  version: number;
  type: 'poll' | 'webhook';
  source?: string;
  credentialId?: string;
  everyMs?: number;
  /** Poll: the poller's cursor, polls made and runs started (null: no poller running). */
  poller?: { cursor?: string; polls: number; started: number; lastFailure?: { code: string; message: { vi: string; en: string }; at: string } } | null;
  /** Webhook: its path under /api/v1 and whether a secret was made. */
  webhook?: { path: string; hasSecret: boolean; secretCreatedAt?: Date };
}

/** Triggers that start real work: poll triggers (DVCQG dossiers, IOC feedback) and inbound webhooks. */
export function createTriggerService(d: PollTriggerDeps & InboundWebhookDeps & { flows: FlowService }) {
  const poll = createPollTriggers(d);
  const webhooks = createInboundWebhooks(d);
  return {
    poll,
    webhooks,
    /** After a publish: the flow's poller follows its latest version. */
    sync: (flowKey: string) => poll.sync(flowKey),
    async list(): Promise<TriggerView[]> {
      const out: TriggerView[] = [];
      for (const f of await d.flows.list()) {
        if (f.latestVersion === 0) continue;
        const v = await d.flows.get(f.key);
        const entry = v.plan.nodes[v.plan.entry];
        if (entry?.kind !== 'trigger') continue;
        const t = entry.trigger;
        if (t.type === 'poll') {
          const s = await poll.state(f.key).catch(() => null);
          out.push({ flowKey: f.key, version: v.version, type: 'poll', source: t.source, credentialId: t.credentialId, everyMs: durationMs(t.every ?? POLL_EVERY_DEFAULT),
            poller: s ? { ...(s.cursor ? { cursor: s.cursor.value } : {}), polls: s.polls, started: s.started, ...(s.lastFailure ? { lastFailure: s.lastFailure } : {}) } : null });
        } else if (t.type === 'webhook') {
          const w = await webhooks.describe(f.key);
          out.push({ flowKey: f.key, version: v.version, type: 'webhook',
            webhook: { path: `${INBOUND_WEBHOOK_PREFIX}${f.key}`, hasSecret: w.hasSecret, ...(w.createdAt ? { secretCreatedAt: w.createdAt } : {}) } });
        }
      }
      return out;
    },
  };
}
export type TriggerService = ReturnType<typeof createTriggerService>;
