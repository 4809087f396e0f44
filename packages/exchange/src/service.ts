import type { Client } from '@temporalio/client';
import type { Db, MasterKey } from '@lienthong/db';
import { TASK_QUEUE } from '@lienthong/temporal/keys';
import { egressPolicyFromEnv, type EgressPolicy } from '@lienthong/observability';
import type { ExchangeAccess } from './access.js';
import { createActivities } from './activities.js';
import { exchangeConfigFromEnv, type ExchangeConfig } from './config.js';
import type { ExchangeContext } from './context.js';
import { createDelivery, type WebhookKeys } from './delivery.js';
import { createDestinationSide } from './destination.js';
import { createInbox } from './inbox.js';
import { createQueries } from './queries.js';
import { createSourceSide } from './source.js';
import { createStats } from './stats.js';
import { createStorage, type AuditSink } from './storage.js';

export interface ExchangeServiceDeps {
  db: Db;
  temporal: Client;
  taskQueue?: string;
  masterKey?: MasterKey;
  olderMasterKeys?: readonly MasterKey[];
  audit: AuditSink;
  keys: WebhookKeys;
  /** Who the caller is, answered by the services' one policy function. */
  access: ExchangeAccess;
  config?: Partial<ExchangeConfig>;
  /** Where webhooks may go (LT_EGRESS_ALLOW when absent): no private or loopback address unless allowed, no redirect followed. */
  egress?: EgressPolicy;
  log?: (line: string) => void;
  /** Called once an exchange is ready for its destination (flows with an `exchange.received` event trigger start from it). Must be idempotent by exchange id. */
  onReceived?: (notice: Record<string, unknown> & { exchangeId: string; destination: string }) => Promise<void>;
}

/**
 * The data exchange service (REG 001 Đ11, DOMAIN §4.1): the API side of the eight steps, the
 * activities the exchange workflow runs, and the operators' statistics and alerts (R-13, R-14).
 * Content is stored only encrypted under a per-exchange key, and both are deleted when the exchange ends.
 */
export function createExchangeService(deps: ExchangeServiceDeps) {
  const cfg: ExchangeConfig = { ...exchangeConfigFromEnv(), ...deps.config };
  const log = deps.log ?? (() => undefined);
  const ctx: ExchangeContext = {
    cfg,
    jsonLimit: Math.min(cfg.jsonMaxBytes, cfg.maxBytes),
    store: createStorage({ db: deps.db, temporal: deps.temporal, audit: deps.audit, access: deps.access, log,
      ...(deps.masterKey ? { masterKey: deps.masterKey } : {}), ...(deps.olderMasterKeys ? { olderMasterKeys: deps.olderMasterKeys } : {}) }),
    delivery: createDelivery({ keys: deps.keys, egress: deps.egress ?? egressPolicyFromEnv() }),
    access: deps.access,
    temporal: deps.temporal,
    taskQueue: deps.taskQueue ?? TASK_QUEUE,
    log,
    ...(deps.onReceived ? { onReceived: deps.onReceived } : {}),
  };
  return {
    config: cfg,
    ...createSourceSide(ctx),
    ...createInbox(ctx),
    ...createDestinationSide(ctx),
    ...createQueries(ctx),
    ...createStats(ctx),
    activities: createActivities(ctx),
  };
}
export type ExchangeService = ReturnType<typeof createExchangeService>;
export type ExchangeActivitiesImpl = ExchangeService['activities'];
