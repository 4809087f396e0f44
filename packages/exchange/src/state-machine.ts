import type { ExchangeStatus } from '@lienthong/db';

/** Statuses in which the exchange is still under way (its deadline can still expire it). */
export const ACTIVE: readonly ExchangeStatus[] = ['space_allocated', 'uploaded', 'notified', 'destination_connected', 'ready'];
/** Statuses in which the destination may see, get ready for and refuse the exchange. */
export const DELIVERABLE: readonly ExchangeStatus[] = ['notified', 'destination_connected', 'ready'];
/** Statuses after which the content is gone for everyone. */
export const ENDED: readonly ExchangeStatus[] = ['delivered', 'content_purged', 'rejected', 'expired', 'refused_by_destination', 'failed'];

export interface Step { from: readonly ExchangeStatus[]; to: ExchangeStatus }

/**
 * Every move an existing exchange can make (REG 001 Đ11, the eight steps), as data: each use case names its step,
 * and the database update is guarded by the step's `from` list, so a race leaves the row where the winner put it.
 */
export const STEPS = {
  /** Step 4: the content arrived, checked and sealed. */
  upload: { from: ['space_allocated'], to: 'uploaded' },
  /** Step 4 refused (size, checksum, policy): nothing is kept. */
  refuseUpload: { from: ['space_allocated'], to: 'rejected' },
  /** The workflow could not be started: the space is given back. */
  workflowNotStarted: { from: ['space_allocated'], to: 'failed' },
  /** Step 5: analysed (and converted), the destination is told. */
  analyse: { from: ['uploaded'], to: 'notified' },
  /** Step 5 failed: the content cannot be delivered in the form asked for. */
  analysisFailed: { from: ['uploaded'], to: 'failed' },
  /** Step 6: the destination has seen it (inbox, stream or getting ready). */
  connect: { from: ['notified'], to: 'destination_connected' },
  /** Step 7: the destination is ready to fetch. */
  ready: { from: ['destination_connected'], to: 'ready' },
  /** Step 8b: fetched and acknowledged with the right hash. */
  acknowledge: { from: ['ready'], to: 'delivered' },
  /** The destination refuses the package. */
  refuse: { from: DELIVERABLE, to: 'refused_by_destination' },
  /** The webhook window ended and the destination never came by its inbox. */
  notificationFailed: { from: ['notified'], to: 'failed' },
  /** The deadline passed first. */
  expire: { from: ACTIVE, to: 'expired' },
  /** The content of a delivered exchange is deleted. */
  purge: { from: ['delivered'], to: 'content_purged' },
} as const satisfies Record<string, Step>;

export type StepName = keyof typeof STEPS;

/** Whether any step moves an exchange from `from` to `to`. */
export function canMove(from: ExchangeStatus, to: ExchangeStatus): boolean {
  return Object.values(STEPS).some((s: Step) => s.to === to && s.from.includes(from));
}

/** The step that moves `from` to `to`, if any. */
export function stepOf(from: ExchangeStatus, to: ExchangeStatus): StepName | null {
  return (Object.keys(STEPS) as StepName[]).find((k) => (STEPS[k] as Step).to === to && (STEPS[k] as Step).from.includes(from)) ?? null;
}
