import { operation } from '../../../sdk/operation.js';
import { cycleOf, type ReminderPoint } from '../port.js';
import { manifest } from './manifest.js';

export const createActivity = operation<{ assignmentId: string; point: ReminderPoint }>(manifest, 'reporting', async ({ input, deps }) =>
  cycleOf(deps).remind(input));
