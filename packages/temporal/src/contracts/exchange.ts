import { defineQuery, defineSignal } from '@temporalio/workflow';

/**
 * The exchange workflow's contract (REG 001 Đ11): its input, the messages the API sends it and the activities it
 * calls, which the exchange service implements. Arguments are ids, sizes and hashes: never content.
 */
export const EXCHANGE_WORKFLOW = 'exchangeWorkflow';

export interface ExchangeWorkflowInput {
  exchangeId: string;
  /** ISO date-time: not acknowledged by then → expired. */
  deadline: string;
  notify: { initialIntervalMs: number; maximumIntervalMs: number; windowMs: number };
}

export interface ExchangeWorkflowResult {
  exchangeId: string;
  status: string;
}

export interface ExchangeUploaded { size: number; sha256: string; expiresAt: string | null }
export interface ExchangeSettled { status: string }

export const exchangeUploadedSignal = defineSignal<[ExchangeUploaded]>('exchange.uploaded');
export const exchangeSettledSignal = defineSignal<[ExchangeSettled]>('exchange.settled');
export const exchangeStateQuery = defineQuery<{ phase: string; settled: string | null }>('exchange.state');

export interface ExchangeActivities {
  exchangeAnalyse(exchangeId: string): Promise<{ status: string; webhook: boolean; size: number | null; sha256: string | null }>;
  exchangeNotifyDestination(exchangeId: string): Promise<{ delivered: boolean }>;
  exchangeNotificationFailed(exchangeId: string): Promise<{ status: string }>;
  exchangeExpire(exchangeId: string): Promise<{ status: string }>;
  exchangePurge(exchangeId: string): Promise<{ status: string }>;
  exchangeNotifySource(exchangeId: string): Promise<{ delivered: boolean }>;
  exchangeSourceNotificationFailed(exchangeId: string): Promise<void>;
}

export const EXCHANGE_ACTIVITY_NAMES: readonly (keyof ExchangeActivities)[] = ['exchangeAnalyse', 'exchangeNotifyDestination', 'exchangeNotificationFailed',
  'exchangeExpire', 'exchangePurge', 'exchangeNotifySource', 'exchangeSourceNotificationFailed'];
