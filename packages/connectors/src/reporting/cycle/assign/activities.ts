import { operation } from '../../../sdk/operation.js';
import { cycleOf } from '../port.js';
import { manifest } from './manifest.js';

export const createActivity = operation<{ periodId: string; unitCode: string; runId: string }>(manifest, 'reporting', async ({ input, deps }) =>
  cycleOf(deps).assign(input));
