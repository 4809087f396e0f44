import { operation } from '../../../sdk/operation.js';
import { cycleOf } from '../port.js';
import { manifest } from './manifest.js';

export const createActivity = operation<{ regimeCode: string; periodLabel: string }>(manifest, 'reporting', async ({ input, deps, call }) =>
  cycleOf(deps).openPeriod({ ...input, runId: call.idempotencyKey.split('/')[0] ?? call.idempotencyKey }));
