import { LtError } from '@lienthong/errors';
import { operation } from '../../../sdk/operation.js';
import { callPopulation, SYSTEM } from '../soap.js';
import { CITIZEN_FIELDS, manifest } from './manifest.js';

interface Input { citizenId: string; purpose: string; officerId: string; fields?: string[] }

export const createActivity = operation<Input>(manifest, SYSTEM, async ({ input: i, credential, key, deps }) => {
  const out = await callPopulation(deps, credential, 'TraCuuThongTinCongDan',
    { requestId: key, purpose: i.purpose, officerId: i.officerId, citizenId: i.citizenId }, '', 10_000);
  const rec = out.ThongTinCongDan;
  if (!rec || typeof rec !== 'object') throw new LtError('CONNECTOR_BAD_REPLY', { system: SYSTEM, detail: 'ThongTinCongDan is missing' });
  const full = rec as Record<string, unknown>;
  // Data minimisation: what the node did not ask for never enters the run history.
  const keep = new Set<string>(i.fields ?? CITIZEN_FIELDS);
  const record: Record<string, unknown> = { SoDinhDanh: full.SoDinhDanh };
  for (const f of CITIZEN_FIELDS) if (keep.has(f) && full[f] !== undefined) record[f] = full[f];
  return { record, requestId: key, source: SYSTEM, retrievedAt: deps.clock().toISOString() };
});
