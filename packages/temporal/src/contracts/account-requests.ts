/**
 * Account requests: one workflow per request keeps its clock. It opens a human task for the admins (the task
 * activities of ./tasks.ts), escalates it when 1 working day passes unanswered, and ends when an admin decided (the
 * task decision update). The decision itself (creating, changing or disabling the account) is applied by the account
 * requests service, so no password or session token ever enters the history.
 */
export const ACCOUNT_REQUEST_WORKFLOW = 'accountRequest';

/** The request's workflow id: derived from the request, so a second start finds the first. */
export const accountRequestWorkflowId = (requestId: string): string => `account-request-${requestId}`;

/** The flow key the request's task is filed under (tasks belong to a flow; this one is the platform's own). */
export const ACCOUNT_REQUEST_FLOW_KEY = 'platform:account-requests';

export interface AccountRequestInput {
  requestId: string;
  /** The requesting unit (shown with the task; the admins who decide are platform-wide). */
  agency: string;
  title: { vi: string; en: string };
  /** Time to decide, in working days of the platform's calendar (R-11: 1). */
  workingDays: number;
  /** Who the task goes to when the deadline passes unanswered. */
  escalateTo: { role: string };
}

export interface AccountRequestResult {
  requestId: string;
  decision: unknown;
  escalated: boolean;
}

/** The admin's decision, as the request's task form takes it. */
export interface AccountRequestDecision {
  decision: 'approve' | 'refuse';
  note?: string;
}

/** The task's form: approve or refuse, and a note for the requesting unit. */
export const ACCOUNT_REQUEST_FORM = {
  type: 'object', required: ['decision'], additionalProperties: false,
  properties: { decision: { type: 'string', enum: ['approve', 'refuse'] }, note: { type: 'string', maxLength: 1000 } },
} as const;

export interface AccountRequestActivities {
  /** Applies the decision (creates, changes or disables the account; ends its sessions), audited; idempotent. */
  accountRequestsApply(input: { requestId: string; decision: unknown; by: string }): Promise<{ state: 'approved' | 'refused' }>;
}

export const ACCOUNT_REQUEST_ACTIVITY_NAMES: readonly (keyof AccountRequestActivities)[] = ['accountRequestsApply'];
