import { CancellationScope, condition, isCancellation, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import {
  exchangeSettledSignal, exchangeStateQuery, exchangeUploadedSignal, type ExchangeActivities, type ExchangeWorkflowInput, type ExchangeWorkflowResult,
} from '@lienthong/temporal/contracts';

const steps = proxyActivities<ExchangeActivities>({
  startToCloseTimeout: '1 minute', retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s' },
});

/**
 * One exchange between two connected systems (REG 001 Đ11, DOMAIN §4.1), from the allocated space to
 * the deleted content. The API moves the states the systems cause (upload, inbox, ready, fetch,
 * acknowledge, refuse) and signals here; this workflow does what must survive restarts: analysis and
 * conversion, the destination's webhook retried with backoff, the deadline, the purge, and telling
 * the source. Its history holds ids, sizes and hashes only, never content.
 */
export async function exchangeWorkflow(input: ExchangeWorkflowInput): Promise<ExchangeWorkflowResult> {
  const id = input.exchangeId;
  let uploaded = false;
  let settled: string | null = null;
  let expired = false;
  let phase = 'space_allocated';
  let deadlineAt = new Date(input.deadline).getTime();
  let timerGeneration = 0;
  setHandler(exchangeStateQuery, () => ({ phase, settled }));
  setHandler(exchangeSettledSignal, (s) => { settled ??= s.status; });

  // The deadline timer; the policy uploaded in step 4 may bring it forward, which restarts it.
  let timer = new CancellationScope();
  const startTimer = () => {
    const gen = ++timerGeneration;
    const ms = Math.max(0, deadlineAt - new Date().getTime());
    timer.run(() => sleep(ms)).then(() => { if (gen === timerGeneration) expired = true; }, () => undefined);
  };
  startTimer();
  setHandler(exchangeUploadedSignal, (u) => {
    uploaded = true;
    const at = u.expiresAt ? new Date(u.expiresAt).getTime() : NaN;
    if (Number.isFinite(at) && at < deadlineAt) {
      deadlineAt = at;
      timer.cancel();
      timer = new CancellationScope();
      startTimer();
    }
  });

  await condition(() => uploaded || settled !== null || expired);
  if (uploaded && settled === null && !expired) {
    phase = 'analysing';
    const analysed = await steps.exchangeAnalyse(id);
    if (analysed.status !== 'notified') {
      settled = analysed.status;
    } else {
      phase = 'notified';
      let notifyFailed = false;
      const notifying = new CancellationScope();
      if (analysed.webhook) {
        const remaining = Math.max(1_000, Math.min(input.notify.windowMs, deadlineAt - new Date().getTime()));
        const webhook = proxyActivities<ExchangeActivities>({
          startToCloseTimeout: '15 seconds', scheduleToCloseTimeout: remaining,
          retry: { initialInterval: input.notify.initialIntervalMs, backoffCoefficient: 2, maximumInterval: input.notify.maximumIntervalMs },
        });
        notifying.run(() => webhook.exchangeNotifyDestination(id)).then(() => undefined, (err: unknown) => { if (!isCancellation(err)) notifyFailed = true; });
      }
      await condition(() => settled !== null || expired || notifyFailed);
      notifying.cancel();
      if (settled === null && !expired && notifyFailed) {
        const r = await steps.exchangeNotificationFailed(id);
        if (r.status === 'failed') settled = 'failed';
        else await condition(() => settled !== null || expired); // the destination came by its inbox meanwhile
      }
    }
  }
  timer.cancel();
  if (settled === null) {
    phase = 'expiring';
    settled = (await steps.exchangeExpire(id)).status;
  }
  phase = 'purging';
  const final = (await steps.exchangePurge(id)).status;
  if (settled !== 'rejected') {
    phase = 'telling_source';
    const tell = proxyActivities<ExchangeActivities>({
      startToCloseTimeout: '15 seconds',
      retry: { initialInterval: input.notify.initialIntervalMs, backoffCoefficient: 2, maximumInterval: input.notify.maximumIntervalMs, maximumAttempts: 8 },
    });
    try {
      await tell.exchangeNotifySource(id);
    } catch {
      await steps.exchangeSourceNotificationFailed(id);
    }
  }
  phase = 'done';
  return { exchangeId: id, status: final };
}
