/**
 * Background work on Temporal (docs/decisions/0011-background-work-on-temporal.md): the run-end callback a
 * connected system is owed, the retention sweep and the alert evaluation. The last two are started by Temporal
 * Schedules; every one of them calls activities the platform implements (services, alert engine).
 */
export const RUN_CALLBACK_WORKFLOW = 'deliverRunCallback';
export const RETENTION_WORKFLOW = 'retentionSweep';
export const ALERTS_WORKFLOW = 'evaluateAlerts';
/** The reports schedule's workflow: the operations reports due that day, generated and stored. */
export const REPORTS_WORKFLOW = 'generateOperationsReports';
/** R-02 at close: started with a run of a flow kept 0 days; destroys the run's data once it has ended. */
export const RUN_PURGE_WORKFLOW = 'purgeRunAtClose';

/** One callback workflow per run: the id is derived from the run, so a second start finds the first. */
export const runCallbackWorkflowId = (runId: string): string => `run-callback-${runId}`;
/** One purge workflow per run (never "<runId>/…": the purge deletes those, the run's children). */
export const runPurgeWorkflowId = (runId: string): string => `run-purge-${runId}`;

/** The task queue is part of the id so that several installs (or test platforms) on one cluster stay apart. */
export const backgroundScheduleId = (kind: 'retention' | 'alerts' | 'reports' | 'backups', taskQueue: string): string => `lt-${kind}-${taskQueue}`;

export interface RunCallbackInput {
  runId: string;
  systemCode: string;
}

export interface RunCallbackResult {
  runId: string;
  delivered: boolean;
  attempts: number;
}

/** What a callback delivery attempt left: `retry` asks Temporal for another attempt (after its backoff). */
export interface CallbackAttempt {
  delivered: boolean;
  attempts: number;
  error?: string;
  retry: boolean;
}

export interface BackgroundActivities {
  /** Resolves when the run has ended (completed, failed, cancelled, terminated or gone); heartbeats while waiting. */
  callbackAwaitRunEnd(runId: string): Promise<void>;
  /** POSTs the run's result to the system's callback URL, signed, once; records the attempt. */
  callbackDeliver(input: RunCallbackInput): Promise<CallbackAttempt>;
  /** Archives finished runs and destroys what outlived its retention (the retention service's tick). */
  retentionSweep(): Promise<{ archived: number; destroyed: number }>;
  /** Archives one ended run and, its flow kept 0 days, destroys its data at once (R-02 at close). */
  retentionPurgeRun(runId: string): Promise<{ destroyed: boolean }>;
  /** Evaluates every alert rule once. */
  alertsEvaluate(): Promise<void>;
  /** Generates and stores the operations reports due on the day of `at` (default now; Vietnam time); their periods. */
  reportsGenerate(at?: string): Promise<{ stored: string[] }>;
}

export const BACKGROUND_ACTIVITY_NAMES: readonly (keyof BackgroundActivities)[] = ['callbackAwaitRunEnd', 'callbackDeliver', 'retentionSweep', 'retentionPurgeRun', 'alertsEvaluate', 'reportsGenerate'];

/** Retries of a callback delivery (the first try included); then the callback is marked failed. */
export const CALLBACK_MAX_ATTEMPTS = 10;
