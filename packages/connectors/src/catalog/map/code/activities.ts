import { LtError } from '@lienthong/errors';
import { operation } from '../../../sdk/operation.js';
import { catalogs, type CatalogEntry } from '../../data.js';
import { manifest } from './manifest.js';

interface Input { catalog: string; from: string; to: string; value: string }

const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');
const entry = (catalog: string, system: string): CatalogEntry | undefined => catalogs.find((c) => c.catalog === catalog && c.system === system);

/** Codes for a value: by name ("ten" → code), to a name (code → "ten"), by explicit mappings, or unchanged when still valid in the target. */
function candidates(i: Input): { codes: string[]; version: string } | null {
  const value = i.value.normalize('NFC').trim();
  if (i.from === 'ten') {
    const target = entry(i.catalog, i.to);
    return target ? { codes: target.items.filter((it) => norm(it.name) === norm(value)).map((it) => it.code), version: target.version } : null;
  }
  const source = entry(i.catalog, i.from);
  if (!source) return null;
  if (i.to === 'ten') return { codes: source.items.filter((it) => it.code === value).map((it) => it.name), version: source.version };
  const mapped = source.mappings.filter((m) => m.targetSystem === i.to && m.from === value).map((m) => m.to);
  if (mapped.length > 0) return { codes: [...new Set(mapped)], version: source.version };
  // A code that the target system still has (an unchanged commune) maps to itself.
  const target = entry(i.catalog, i.to);
  if (target?.items.some((it) => it.code === value)) return { codes: [value], version: source.version };
  if (!target && !source.mappings.some((m) => m.targetSystem === i.to)) return null;
  return { codes: [], version: source.version };
}

export const createActivity = operation<Input>(manifest, 'catalog', async ({ input, call }) => {
  const where = call.nodeId ? { nodeId: call.nodeId } : {};
  const found = candidates(input);
  if (!found) throw new LtError('CONNECTOR_INPUT_INVALID', { connector: manifest.id, pointer: '/to', detail: `catalog ${input.catalog} has no mapping from ${input.from} to ${input.to}` }, { ...where, pointer: '/to' });
  const params = { catalog: input.catalog, value: input.value, from: input.from, to: input.to };
  if (found.codes.length === 0) throw new LtError('CATALOG_UNMAPPABLE', params, where);
  if (found.codes.length > 1) throw new LtError('CATALOG_AMBIGUOUS', { ...params, candidates: found.codes.join(', ') }, where);
  const value = found.codes[0] as string;
  const name = input.to === 'ten' ? undefined : entry(input.catalog, input.to)?.items.find((it) => it.code === value)?.name;
  return { value, ...(name ? { name } : {}), catalog: input.catalog, from: input.from, to: input.to, catalogVersion: found.version };
});
