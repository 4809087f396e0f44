import { LtError } from '@lienthong/errors';
import { operation } from '../../../sdk/operation.js';
import { manifest } from './manifest.js';

export const createActivity = operation<{ version?: number }>(manifest, 'catalog', async ({ input, deps }) => {
  // A worker started without the platform's catalogue service (a bare test worker) cannot answer: retryable, so a
  // worker that has it takes the step.
  if (!deps.catalogues) throw new LtError('CATALOGUE_UNAVAILABLE');
  return deps.catalogues.calendar(input.version);
});
