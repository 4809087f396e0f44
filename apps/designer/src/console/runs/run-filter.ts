import type { RunFilter } from '../../api/client.js';

export const RUN_STATUSES = ['running', 'completed', 'failed', 'cancelled', 'terminated', 'timed_out'] as const;
export const TRIGGERS = ['api', 'schedule', 'event', 'poll', 'webhook'] as const;
export const PAGE_SIZES = [20, 50, 100];

/**
 * The run search as the URL holds it (so a search is a link), and as the API's run search takes it. Kept apart from the
 * screen so the console can ask for the first page while the screen's code is still loading (api/preload.ts).
 */
export function filterOf(params: URLSearchParams): RunFilter {
  const get = (k: string) => params.get(k) || undefined;
  const dossier = get('dossier');
  const f: RunFilter = { limit: Number(get('size') ?? PAGE_SIZES[0]) };
  const flow = get('flow'); const status = get('status'); const trigger = get('trigger'); const from = get('from'); const to = get('to');
  if (flow) f.flowKey = flow;
  const version = Number(get('version'));
  if (Number.isInteger(version) && version > 0) f.version = version;
  const agency = get('agency');
  if (agency) f.agency = agency;
  if (status && (RUN_STATUSES as readonly string[]).includes(status)) f.status = status as NonNullable<RunFilter['status']>;
  if (trigger) f.trigger = trigger;
  if (from) f.from = from;
  if (to) f.to = to;
  // A dossier number is the flows' declared business key `dossierNo`; `name=value` searches any other key.
  if (dossier) f.businessKey = dossier.includes('=') ? dossier : `dossierNo=${dossier}`;
  return f;
}
