import { operation } from '../../../sdk/operation.js';
import { cycleOf, type ReportingCycle } from '../port.js';
import { manifest } from './manifest.js';

export const createActivity = operation<Parameters<ReportingCycle['importRegimes']>[0]>(manifest, 'reporting', async ({ input, deps }) => cycleOf(deps).importRegimes(input));
