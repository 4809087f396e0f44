import { LtError } from '@lienthong/errors';

/**
 * What the reporting-cycle connectors reach (DOMAIN §6.7, §7.c): the platform's reporting domain
 * (packages/services/src/reporting), given to the worker like the catalogue reader. Answers carry ids and
 * figures, never a secret: the signing key stays in the credential store (signing.ts).
 */
export type ReminderPoint = 'D-3' | 'D-1' | 'D' | 'overdue';

export interface OpenedPeriod {
  periodId: string; regimeCode: string; label: string; dataFrom: string; dataTo: string; deadline: string;
  leadAgencyCode: string; templateVersion: string; units: string[];
}

export interface OpenedAssignment {
  assignmentId: string; submissionId: string; unitCode: string; deadline: string;
  /** When to send each reminder (ISO date-times; D−3, D−1 and D at 08:00 Asia/Ho_Chi_Minh, then the deadline itself). */
  remindAt: { d3: string; d1: string; d0: string; overdue: string };
}

export interface AggregateSummary {
  aggregateId: string; periodId: string;
  values: { indicatorCode: string; value: number | string | null }[];
  submitted: string[]; missing: string[];
}

export interface ReportingCycle {
  openPeriod(input: { regimeCode: string; periodLabel: string; runId: string }): Promise<OpenedPeriod>;
  assign(input: { periodId: string; unitCode: string; runId: string }): Promise<OpenedAssignment>;
  /** Sends a reminder (or, at 'overdue', flags and escalates) unless the unit's report is already approved. */
  remind(input: { assignmentId: string; point: ReminderPoint }): Promise<{ assignmentId: string; point: ReminderPoint; sent: boolean; state: string }>;
  aggregate(input: { periodId: string }): Promise<AggregateSummary>;
  /** Records the lead agency's approval and answers the canonical text to sign and its SHA-256 digest. */
  approveAggregate(input: { aggregateId: string; approvedBy: string }): Promise<{ document: string; digest: string; regimeCode: string; periodLabel: string }>;
  /** The reporting system's listRegimes answer merged into the platform's regimes (R-29: kinds as data, reviewed yearly). */
  importRegimes(input: { items: { code: string; name: string; kind: 'periodic' | 'ministry' | 'thematic' | 'adhoc'; leadAgencyCode: string; frequency: string }[] }): Promise<{ imported: number }>;
  recordSignature(input: { aggregateId: string; signature: { keyId: string; algorithm: string; digest: string; value: string; signedAt: string } }): Promise<void>;
}

/** The domain, or a retryable error: a worker without it leaves the step for one that has it. */
export function cycleOf(deps: { reporting?: ReportingCycle }): ReportingCycle {
  if (!deps.reporting) throw new LtError('REPORTING_UNAVAILABLE');
  return deps.reporting;
}
