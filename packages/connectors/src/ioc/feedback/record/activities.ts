import { LtError } from '@lienthong/errors';
import { operation } from '../../../sdk/operation.js';
import type { IocFeedbackEntry } from '../../../sdk/types.js';
import { manifest } from './manifest.js';

interface Input { feedbackId: string; status: string; content?: string; category?: string; communeCode?: string; receivedAt?: string; windowHours?: number;
  unitCode?: string; dueAt?: string; surveyScore?: number; reason?: string; duplicateOf?: string | null }

export const createActivity = operation<Input>(manifest, 'ioc-register', async ({ input, deps }) => {
  // A worker without the platform's register (a bare test worker) cannot answer: retryable, a worker that has it takes the step.
  if (!deps.ioc) throw new LtError('IOC_STORE_UNAVAILABLE');
  const { receivedAt, dueAt, windowHours = 72, ...rest } = input;
  if (input.status === 'received' && (!input.content || !input.category || !input.communeCode || !receivedAt)) {
    throw new LtError('CONNECTOR_INPUT_INVALID', { connector: manifest.id, pointer: '/content', detail: 'a received item needs content, category, communeCode and receivedAt' }, { pointer: '/content' });
  }
  const entry: IocFeedbackEntry = { ...rest, at: deps.clock(), ...(receivedAt ? { receivedAt: new Date(receivedAt) } : {}), ...(dueAt ? { dueAt: new Date(dueAt) } : {}) };
  const { duplicateOf } = await deps.ioc.recordFeedback(entry, windowHours);
  return { feedbackId: input.feedbackId, status: input.status, duplicateOf };
});
