import { fileURLToPath } from 'node:url';
import { DefaultLogger, NativeConnection, Runtime, Worker, type LogLevel, type NativeConnectionOptions, type WorkerOptions } from '@temporalio/worker';
import type { AuditWriter, IocStore } from '@lienthong/connectors/activities';
import type { ReportingCycle } from '@lienthong/connectors/activities';
import { createConnectorActivities, createHttpClient, type CatalogueReader, type CredentialStore, type ReportDeliveryStore, type VerificationCacheStore } from '@lienthong/connectors/activities';
import type { PayloadCodec } from '@temporalio/common';
import { TASK_QUEUE } from '@lienthong/temporal/keys';
import { withFailureMapping } from './activities/failures.js';
import { withMaintenanceWindows, type MaintenanceWindows } from './activities/maintenance.js';
import { workerTracingOptions } from '@lienthong/observability';
import { exchangeActivities, type ExchangeActivities } from './activities/exchange.js';
import { backgroundActivities, type BackgroundActivities } from './activities/background.js';
import { scheduleActivities, type ScheduleActivities } from './activities/schedule.js';
import { triggerPollActivities, type TriggerPollActivities } from './activities/trigger-poll.js';
import { taskActivities, type TaskActivities } from './activities/tasks.js';
import { accountRequestActivities, type AccountRequestActivities } from './activities/account-requests.js';
import { backupActivities, type BackupActivities } from './activities/backups.js';
import { sandboxBundlerOptions } from './sandbox-options.js';
import { foreachActivities } from './activities/foreach-batch.js';
import type { ForeachBatchStore } from '@lienthong/temporal/contracts';

export const workflowsPath = fileURLToPath(new URL('./workflows/index.js', import.meta.url));

export interface CreateWorkerOptions {
  address: string;
  namespace: string;
  credentials: CredentialStore;
  /** The platform's catalogues (the working calendar…) for the catalogue connectors; without them those steps retry until a worker has them. */
  catalogues?: CatalogueReader;
  /** The citizen verification cache (DOMAIN §7.a) for the cache:verification connectors; without it those steps retry until a worker has it. */
  verificationCache?: VerificationCacheStore;
  /** Report deliveries for reporting:deliveries:record; without them those steps retry until a worker has them. */
  reportDeliveries?: ReportDeliveryStore;
  /** The reporting domain (DOMAIN §7.c) for the reporting:cycle connectors; without it those steps retry until a worker has it. */
  reporting?: ReportingCycle;
  /** The IOC register and indicator outbox (DOMAIN §7.d) for ioc:feedback:record and ioc:indicators:deliver; without it those steps retry until a worker has it. */
  ioc?: IocStore;
  /** The audit log for audit:entry:write (DOMAIN §7.a step 9, §7.b step 8); without it those steps retry until a worker has it. */
  audit?: AuditWriter;
  /** Encrypts every payload the worker sends to Temporal (see @lienthong/temporal EncryptionCodec). */
  codec?: PayloadCodec;
  taskQueue?: string;
  identity?: string;
  /** The data exchange's activities (the exchange service's `activities`); without them exchange workflows wait for a worker that has them. */
  exchange?: ExchangeActivities;
  /** Run-end callbacks, retention and alert evaluation (the platform's implementation); without them those workflows wait. */
  background?: BackgroundActivities;
  /** Starting the runs of schedule-triggered flows (the platform's run service); without them scheduled runs wait. */
  schedules?: ScheduleActivities;
  /** Polling the sources of poll-triggered flows and starting their runs (the platform's triggers service); without it pollers wait. */
  triggers?: TriggerPollActivities;
  /** Human tasks (the tasks service's `activities`); without them runs reaching a task node wait for a worker that has them. */
  tasks?: TaskActivities;
  /** Applying account requests' decisions (the account requests service's `activities`); without them decided requests wait. */
  accountRequests?: AccountRequestActivities;
  /** Scheduled backups (the backups service's `activities`); without them the backup schedule's workflows wait. */
  backups?: BackupActivities;
  /** Announced maintenance windows: a connector step to a system in one waits until it ends; without it calls go out regardless. */
  maintenance?: MaintenanceWindows;
  /** Items and results of large foreaches (engine 4; the platform's database); without it such a foreach waits for a worker that has it. */
  batches?: ForeachBatchStore;
  /** An existing connection (the embedded platform shares one with its client, for eager workflow start). */
  connection?: NativeConnection;
  tuning?: Partial<Pick<WorkerOptions, 'maxConcurrentActivityTaskExecutions' | 'maxConcurrentWorkflowTaskExecutions' | 'maxCachedWorkflows'>>;
}

let runtimeInstalled = false;
/** The SDK logs at WARN unless LT_WORKER_LOG_LEVEL says otherwise; installed once per process. */
function installRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger((process.env.LT_WORKER_LOG_LEVEL ?? 'WARN') as LogLevel) });
  } catch {
    // Already installed by the embedding process (tests): keep theirs.
  }
}

/**
 * A connection for workers (and a client that shares it, for eager workflow start). The SDK's runtime,
 * with our log level, must be installed before the first native connection or it takes its defaults.
 */
export async function connectWorker(address: string, tls?: NativeConnectionOptions['tls']): Promise<NativeConnection> {
  installRuntime();
  return NativeConnection.connect({ address, ...(tls ? { tls } : {}) });
}

/** A worker running the one interpreter workflow and every registered connector activity. */
export async function createWorker(opts: CreateWorkerOptions): Promise<{ worker: Worker; connection: NativeConnection }> {
  installRuntime();
  const connection = opts.connection ?? await NativeConnection.connect({ address: opts.address });
  const activities = withFailureMapping(createConnectorActivities({ http: createHttpClient(), credentials: opts.credentials, clock: () => new Date(),
    ...(opts.ioc ? { ioc: opts.ioc } : {}), // the IOC connectors' register and outbox
    ...(opts.audit ? { audit: opts.audit } : {}),
    ...(opts.catalogues ? { catalogues: opts.catalogues } : {}), ...(opts.verificationCache ? { verificationCache: opts.verificationCache } : {}),
    ...(opts.reportDeliveries ? { reportDeliveries: opts.reportDeliveries } : {}), ...(opts.reporting ? { reporting: opts.reporting } : {}) }));
  // Connector calls, per step or in a large foreach's chunks, check maintenance windows.
  const connectors = opts.maintenance ? withMaintenanceWindows(activities, opts.maintenance) : activities;
  const worker = await Worker.create({
    connection, namespace: opts.namespace, taskQueue: opts.taskQueue ?? TASK_QUEUE, workflowsPath,
    activities: { ...connectors, ...(opts.triggers ? triggerPollActivities(opts.triggers) : {}), ...(opts.exchange ? exchangeActivities(opts.exchange) : {}),
      ...(opts.background ? backgroundActivities(opts.background) : {}), ...(opts.schedules ? scheduleActivities(opts.schedules) : {}),
      ...(opts.tasks ? taskActivities(opts.tasks) : {}), ...(opts.accountRequests ? accountRequestActivities(opts.accountRequests) : {}), ...(opts.backups ? backupActivities(opts.backups) : {}), ...(opts.batches ? foreachActivities(opts.batches, connectors) : {}) },
    ...(opts.identity ? { identity: opts.identity } : {}),
    ...(opts.codec ? { dataConverter: { payloadCodecs: [opts.codec] } } : {}),
    ...opts.tuning,
    ...sandboxBundlerOptions(),
    ...workerTracingOptions(), // OpenTelemetry when tracing is started: activity + workflow interceptors, workflow span sink
  });
  return { worker, connection };
}
