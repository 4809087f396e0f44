import { LtError } from '@lienthong/errors';
import { operation } from '../../../sdk/operation.js';
import { lgspCall, SYSTEM } from '../client.js';
import { slashDate } from '../edxml.js';
import { foldStatuses, type StatusItem } from './fold.js';
import { manifest } from './manifest.js';

interface Input { messageType?: 'edoc' | 'status'; fromDate: string; toDate?: string }

export const createActivity = operation<Input>(manifest, SYSTEM, async ({ input, credential, deps }) => {
  const messageType = input.messageType ?? 'edoc';
  const reply = await lgspCall(deps, credential, { method: 'GET', path: 'syncReceivedEdocList',
    query: { messageType, fromDate: slashDate(input.fromDate), ...(input.toDate ? { toDate: slashDate(input.toDate) } : {}) } });
  if (!Array.isArray(reply.data)) throw new LtError('CONNECTOR_BAD_REPLY', { system: SYSTEM, detail: 'data is not a list' });
  // Duplicate deliveries happen (the same message twice): keep the first of each id.
  const seen = new Set<string>();
  const items: Record<string, unknown>[] = [];
  for (const raw of reply.data as Record<string, unknown>[]) {
    const id = raw && typeof raw.id === 'string' ? raw.id : '';
    if (seen.has(id)) continue;
    seen.add(id);
    items.push(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null && v !== undefined)));
  }
  const folded = messageType === 'status' ? foldStatuses(items as unknown as StatusItem[]) : { latestStatus: [], anomalies: [] };
  return { items, duplicatesDropped: (reply.data as unknown[]).length - items.length, ...folded };
});
