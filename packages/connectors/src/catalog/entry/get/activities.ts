import { LtError } from '@lienthong/errors';
import { operation } from '../../../sdk/operation.js';
import { manifest } from './manifest.js';

interface Input { catalogue: 'procedures' | 'admin-units' | 'agencies'; code: string; version?: number }

/** The current codes a unit became: itself while it has no successors, else its successors' (a split gives several). */
function currentCodes(code: string, rowOf: (c: string) => Record<string, unknown> | undefined): string[] {
  const out = new Set<string>();
  const walk = (c: string, depth: number) => {
    const successors = (rowOf(c)?.successorCodes as string[] | undefined) ?? [];
    if (successors.length === 0 || depth > 10) { out.add(c); return; }
    for (const s of successors) walk(s, depth + 1);
  };
  walk(code, 0);
  return [...out].sort();
}

export const createActivity = operation<Input>(manifest, 'catalog', async ({ input, deps, call }) => {
  if (!deps.catalogues) throw new LtError('CATALOGUE_UNAVAILABLE');
  const code = input.code.normalize('NFC').trim();
  const read = await deps.catalogues.rows(input.catalogue, input.version);
  const byCode = new Map(read.rows.map((r) => [String(r.code), r]));
  const row = byCode.get(code) ?? byCode.get(code.toUpperCase());
  if (!row) throw new LtError('CATALOGUE_ENTRY_NOT_FOUND', { kind: input.catalogue, code, version: read.version }, call.nodeId ? { nodeId: call.nodeId, pointer: '/code' } : { pointer: '/code' });
  const current = input.catalogue === 'admin-units' ? currentCodes(String(row.code), (c) => byCode.get(c)) : [String(row.code)];
  return { catalogue: input.catalogue, code: String(row.code), catalogueVersion: read.version, row, current };
});
