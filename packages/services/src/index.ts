import type { Client } from '@temporalio/client';
import type { Db, MasterKey } from '@lienthong/db';
import type { ConnectorManifest } from '@lienthong/schemas';
import { createAuditService } from './audit.js';
import { createRequestLimits } from './request-limits.js';
import { createKeyService } from './keys.js';
import { createRegistryService } from './registry.js';
import { createRunControl } from './run-control.js';
import { createCallbackService } from './callbacks.js';
import { createBackgroundSchedules } from './background.js';
import { createUserService } from './users.js';
import { createFlowService } from './flows.js';
import { createRunService } from './runs.js';
import { createExchangeService } from './exchange/index.js';
import { createHealthService } from './health.js';
import { createAlertStore, egressPolicyFromEnv, type EgressPolicy } from '@lienthong/observability';
import { createEvidenceService, type HistoryReplayer } from './evidence.js';
import { createStatsService } from './run-stats.js';
import { createScheduleService, createScheduledRunActivities } from './schedules.js';
import { createEventService } from './events.js';
import { createRetentionService } from './retention.js';
import { createCredentialService } from './credentials.js';
import { createSsoService } from './sso/index.js';
import { createConnectionService } from './connections/index.js';
import { createTriggerService } from './triggers/index.js';
import { createBatchStore, createCredentialStore } from '@lienthong/db';
import { createCatalogueService } from './catalogues/index.js';
import { createTaskService } from './tasks/index.js';
import { createVerificationCache } from './verification-cache/index.js';
import { createAccountRequestService } from './account-requests/index.js';
import { backupSettingsFromEnv, createBackupService, type BackupSettings } from './backups/index.js';
import { createReportDeliveries } from './report-deliveries/index.js';
import { createReportsService } from './reports/index.js';
import { createReportingService } from './reporting/index.js';
import { createMaintenanceService } from './maintenance/index.js';
import { createIncidentService } from './incidents/index.js';
import { createIocService } from './ioc/index.js';

export { createFlowService, validateFlow, type FlowService, type PublishedVersion, type FlowVersionRow } from './flows.js';
export { createRunService, RunFailed, type RunService, type Caller, type StartRunOptions, type StartRunResult, type RunView, type RunStatus, RunViewSchema } from './runs.js';

export * from './access.js';
export { createAuditService, auditCsv, auditHash, GENESIS_HASH, type AuditService, type AuditEvent, type AuditRow, type AuditFilter, type AuditVerifyResult } from './audit.js';
export { createRegistryService, parseAgencyCode, requireAgencyCode, type RegistryService, type ParsedAgencyCode, type AgencyInput, type SystemInput, type RequestKind, type AgencyScope } from './registry.js';
export { createKeyService, DEFAULT_GRACE_SECONDS, SESSION_KEY_TTL_SECONDS, type KeyService, type IssuedKey, type KeyView, type ResolvedKey } from './keys.js';
export { createUserService, hashPassword, checkPassword, generatePassword, principalOf, USER_SESSION_TTL_SECONDS, type UserService, type UserView } from './users.js';
export { checkPasswordPolicy, passwordWeakness, PASSWORD_MIN_LENGTH } from './password-policy.js';
export { FailureThrottle, HashGate, addressLoginThrottle, userLoginThrottle } from './login-guard.js';
export { createRunControl, type RunControl } from './run-control.js';
export { createCallbackService, callbackSignature, CALLBACK_SIGNATURE_HEADER, CALLBACK_MAX_ATTEMPTS, type CallbackService } from './callbacks.js';
export { createBackgroundSchedules, type BackgroundSchedules, type BackgroundScheduleOptions } from './background.js';
export * from './exchange/index.js';
export { createHealthService, dependencyDown, type Readiness, type DependencyStatus } from './health.js';
export { exportRunBundle, verifyRunBundle, bundleSigningKey, BUNDLE_FORMAT, type RunBundle } from './run-bundle.js';
export { createEvidenceService, type EvidenceService, type HistoryReplayer, type ReplayVerdict } from './evidence.js';
export { searchRuns, runTimeline, visibilityQuery, type RunSearchFilter, type RunSummary, type TimelineEntry } from './run-search.js';
export { csvTable, csvCell, type CsvCell } from './csv.js';
export { createStatsService, syncRunOutcomes, runStats, runStatsXlsx, monthlyReportCsv, type StatsService, type RunStatsRow, type StatsGroup } from './run-stats.js';
export { alertRulesInForce, type AlertRulesInForce, type AlertRuleInForce } from './alerts-rules.js';
export { xlsxWorkbook, zip, columnName, XLSX_MEDIA_TYPE, type Sheet, type Cell } from './xlsx.js';
export { createScheduleService, createScheduledRunActivities, type ScheduleService } from './schedules.js';
export { createEventService, type EventService } from './events.js';
export { createCredentialService, type CredentialService, type CredentialView } from './credentials.js';
export { createSsoService, CALLBACK_PATH as SSO_CALLBACK_PATH, type SsoService, type ClaimRule, type SsoConfigView, type SsoConfigInput } from './sso/index.js';
export * from './connections/index.js';
export * from './triggers/index.js';
export * from './catalogues/index.js';
export { createRequestLimits, retryAfterSeconds, RATE_WINDOW_MS, type RequestLimits } from './request-limits.js';
export { createTaskService, taskView, taskEventView, type TaskService, type TaskView, type TaskEventView, type TaskRow, type TaskFilter } from './tasks/index.js';
export { createVerificationCache, type VerificationCacheService, type VerificationEntry } from './verification-cache/index.js';
export { createReportDeliveries, type ReportDeliveryService, type DeliveryStep, type DeliveryView } from './report-deliveries/index.js';
export * from './ioc/index.js'; // DOMAIN §7.d: the IOC register, outbox and statistics
export * from './incidents/index.js';
export * from './maintenance/index.js';
export { createReportsService, reportFilename, buildOperationsReport, reportPeriod, reportTables, reportTitle, reportXlsx, reportPdf, REPORT_KINDS, PDF_MEDIA_TYPE, type ReportsService, type ReportFormat, type ReportFile, type OperationsReport, type AvailabilityRow, type ExchangeRouteRow, type SystemRow, type ReportKind, type ReportPeriod, type ReportPeriodInput, type ReportTable, type ReportStore, type StoredReportView, reportsDue } from './reports/index.js';
export { createReportingService, periodWindow, reminderTimes, validateValues, aggregateWithLineage, combine, MEASUREMENT_UNITS, SUBMISSION_STATES } from './reporting/index.js';
export type { ReportingService, ReportActor, ReportingDeps, UnitProgress, RegimeInput, IndicatorComments, AggregateSource } from './reporting/index.js';
export { createRetentionService, type RetentionService, type RunRecordView, type RunRecordFilter, type RunPersonalData } from './retention.js';
export { createAccountRequestService, REQUESTABLE_ROLES, type AccountRequestService, type AccountRequestRow, type AccountRequestInputFields } from './account-requests/index.js';
export { createBackupService, backupSettingsFromEnv, backupsToPrune, backupFileName, BACKUP_ALERT_KEY, type BackupService, type BackupSettings, type BackupConfig, type BackupEnv, type BackupRetention } from './backups/index.js';

export interface ServicesDeps {
  db: Db;
  temporal: Client;
  manifests: readonly ConnectorManifest[];
  taskQueue?: string;
  /** Encrypts connected systems' secret keys at rest (the same master key as the credential store). */
  masterKey?: MasterKey;
  /** Older master keys still able to decrypt (after a rotation). */
  olderMasterKeys?: readonly MasterKey[];
  /** Where background failures (audit writes) are reported. */
  log?: (line: string) => void;
  /**
   * Ask for eager workflow start: the first workflow task comes back with the start response to the
   * worker in this process (the client must share the worker's NativeConnection). Saves one task dispatch.
   */
  eagerStart?: boolean;
  /** Where callbacks and webhooks may go (observability's egress policy; LT_EGRESS_ALLOW when absent). */
  egress?: EgressPolicy;
  /** Replays a run's history on the current worker build ("verify replay"); the platform injects the worker's. */
  replayer?: HistoryReplayer;
  /** Scheduled backups' settings (default: LT_BACKUP_* of process.env, read when asked). */
  backupSettings?: () => Promise<BackupSettings>;
  /** R-02 at close: runs of flows kept 0 days get a purge workflow (the platform's workers run its activities). */
  purgeAtClose?: boolean;
}

/** The use cases shared by the API and the CLI. */
export function createServices(deps: ServicesDeps) {
  const baseFlows = createFlowService(deps.db, deps.manifests);
  const schedules = createScheduleService(deps.temporal, baseFlows, deps.taskQueue ? { taskQueue: deps.taskQueue } : {});
  // Publishing a version also points its schedule (if its trigger is one) at that version.
  const flows: typeof baseFlows = { ...baseFlows, publish: async (document, o) => { await schedules.checkInput(document); const v = await baseFlows.publish(document, o); await schedules.sync(v.flowKey); await triggers.sync(v.flowKey); return v; } };
  const runs = createRunService(deps.db, deps.temporal, flows, { ...(deps.taskQueue ? { taskQueue: deps.taskQueue } : {}), ...(deps.eagerStart ? { eagerStart: true } : {}),
    ...(deps.purgeAtClose ? { purgeAtClose: true } : {}) });
  const audit = createAuditService(deps.db, { onError: (err) => deps.log?.(`audit write failed: ${(err as Error).message}`) });
  const egress = deps.egress ?? egressPolicyFromEnv();
  const registry = createRegistryService(deps.db, egress);
  const keys = createKeyService(deps.db, registry, deps.masterKey, deps.olderMasterKeys);
  const users = createUserService(deps.db);
  const runControl = createRunControl(deps.db, deps.temporal);
  const callbacks = createCallbackService(deps.db, deps.temporal, runs, audit, deps.masterKey, { egress, ...(deps.taskQueue ? { taskQueue: deps.taskQueue } : {}) });
  const background = createBackgroundSchedules(deps.temporal, deps.taskQueue ? { taskQueue: deps.taskQueue } : {});
  const events = createEventService(flows, runs, deps.log);
  const exchange = createExchangeService({ egress, onReceived: async (n) => { await events.emit('exchange.received', n, { id: n.exchangeId, scope: n.destination }); }, db: deps.db, temporal: deps.temporal, audit, keys, ...(deps.taskQueue ? { taskQueue: deps.taskQueue } : {}), ...(deps.masterKey ? { masterKey: deps.masterKey } : {}), ...(deps.olderMasterKeys ? { olderMasterKeys: deps.olderMasterKeys } : {}), ...(deps.log ? { log: deps.log } : {}) });
  const evidence = createEvidenceService(deps.temporal, flows, deps.masterKey, deps.replayer);
  const stats = createStatsService(deps.db, deps.temporal);
  const health = createHealthService(deps.db, deps.temporal);
  const alerts = createAlertStore(deps.db);
  const retention = createRetentionService({ db: deps.db, temporal: deps.temporal, flows, runs, audit,
    ...(deps.masterKey ? { masterKey: deps.masterKey } : {}), ...(deps.olderMasterKeys ? { olderMasterKeys: deps.olderMasterKeys } : {}) });
  const credentials = createCredentialService(deps.db);
  const sso = createSsoService({ db: deps.db, users, masterKey: deps.masterKey, olderMasterKeys: deps.olderMasterKeys });
  const connections = createConnectionService(deps.db, deps.masterKey, deps.olderMasterKeys);
  const catalogues = createCatalogueService(deps.db);
  const tasks = createTaskService({ db: deps.db, temporal: deps.temporal, audit, users, calendar: () => catalogues.calendar() });
  const verificationCache = createVerificationCache(deps.db);
  const accountRequests = createAccountRequestService({ db: deps.db, temporal: deps.temporal, users, audit, tasks, ...(deps.taskQueue ? { taskQueue: deps.taskQueue } : {}) });
  const backups = createBackupService({ db: deps.db, settings: deps.backupSettings ?? (() => backupSettingsFromEnv(process.env)), ...(deps.log ? { log: deps.log } : {}) });
  const reportDeliveries = createReportDeliveries(deps.db, { delivered: (d) => reporting.cycle.markSent(d) }); // where each report went (national receipt, eOffice fallback, backfill)
  const reports = createReportsService(deps.db); // operations reports as XLSX and PDF
  const reporting = createReportingService({ db: deps.db, audit, signal: (runId, name, payload) => runs.signal(runId, name, payload) }); // §7.c: regimes, periods, assignments, submissions, roll-up
  const incidents = createIncidentService({ db: deps.db, audit, egress, masterKey: deps.masterKey, olderMasterKeys: deps.olderMasterKeys, env: process.env });
  const ioc = createIocService(deps.db); // DOMAIN §7.d: the feedback register, the indicator outbox, R-34 statistics
  const maintenance = createMaintenanceService({ db: deps.db, audit, egress, manifests: deps.manifests, masterKey: deps.masterKey, olderMasterKeys: deps.olderMasterKeys, env: process.env });
  // The replay cache and rate limits every API process shares.
  const requestLimits = createRequestLimits(deps.db, deps.log ? { log: deps.log } : {});
  // Poll triggers and inbound webhooks start runs through the run service; pollers read their sources with the flow's granted credential.
  const triggerCredentials = deps.masterKey ? createCredentialStore(deps.db, deps.masterKey, deps.olderMasterKeys ?? []) : null;
  const triggers = createTriggerService({ db: deps.db, temporal: deps.temporal, flows, runs, audit, requestLimits,
    credentials: { resolve: async (id, use) => {
      if (!triggerCredentials) throw new Error('no master key: credentials cannot be read');
      // A connection first (its endpoint, credential and transport: proxy, CA, client certificate), as connector steps do.
      const c = await connections.store().secretOf(id, { flowKey: use?.flowKey, checkGrant: true });
      return c ? { ...c.secret, type: c.family } : triggerCredentials.resolve(id, use);
    } },
    ...(deps.taskQueue ? { taskQueue: deps.taskQueue } : {}), ...(deps.masterKey ? { masterKey: deps.masterKey } : {}), ...(deps.olderMasterKeys ? { olderMasterKeys: deps.olderMasterKeys } : {}), ...(deps.log ? { log: deps.log } : {}) });
  // The scheduled-run workflow's activities start runs through this run service (the worker registers them).
  const scheduling = { ...schedules, activities: createScheduledRunActivities(deps.temporal, runs, audit) };
  // Large foreaches' item outcomes (engine 4), encrypted under the master key: paged by GET /runs/{runId}/items/{nodeId}.
  const batches = deps.masterKey ? createBatchStore(deps.db, deps.masterKey) : undefined;
  return { maintenance, triggers, flows, runs, audit, registry, keys, users, runControl, callbacks, background, exchange, evidence, health, alerts, stats, schedules: scheduling, events, retention, credentials, connections, requestLimits, catalogues, tasks, sso, verificationCache, reportDeliveries, ioc, reports, reporting, incidents, batches, accountRequests, backups };
}
export type Services = ReturnType<typeof createServices>;
