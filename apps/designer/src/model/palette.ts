import type { ConnectorManifest, I18nText, NodeKind } from '@lienthong/schemas';
import { CATEGORY_ICONS, KIND_GROUPS, KIND_ICONS } from './kinds.js';
import { fold } from './text.js';

export type PaletteItem =
  | { type: 'kind'; key: string; kind: Exclude<NodeKind, 'call'>; group: string; icon: string }
  | { type: 'connector'; key: string; connector: { id: string; version: string }; title: I18nText; description?: I18nText; group: string; icon: string };

export interface PaletteGroup {
  group: string;
  items: PaletteItem[];
}

const KIND_ORDER = Object.keys(KIND_GROUPS) as Exclude<NodeKind, 'call'>[];
const GROUP_ORDER = ['start', 'data', 'logic', 'finish'];

/** The newest version of each connector (flows pin versions; new nodes take the latest). */
export function latestManifests(manifests: readonly ConnectorManifest[]): ConnectorManifest[] {
  const byId = new Map<string, ConnectorManifest>();
  const num = (v: string) => v.split('.').map(Number);
  for (const m of manifests) {
    const prev = byId.get(m.id);
    if (!prev) { byId.set(m.id, m); continue; }
    const [a, b] = [num(m.version), num(prev.version)];
    const newer = a.findIndex((x, i) => x !== b[i]);
    if (newer >= 0 && (a[newer] ?? 0) > (b[newer] ?? 0)) byId.set(m.id, m);
  }
  return [...byId.values()];
}

/** Every item the palette offers: the built-in kinds and one per connector, grouped and sorted. */
export function paletteItems(manifests: readonly ConnectorManifest[]): PaletteItem[] {
  const kinds = KIND_ORDER.map((kind): PaletteItem => ({ type: 'kind', key: `kind:${kind}`, kind, group: KIND_GROUPS[kind], icon: KIND_ICONS[kind] }));
  const connectors = latestManifests(manifests)
    .map((m): PaletteItem => ({
      type: 'connector', key: `connector:${m.id}`, connector: { id: m.id, version: m.version }, title: m.title,
      ...(m.description ? { description: m.description } : {}), group: m.category, icon: CATEGORY_ICONS[m.category] ?? KIND_ICONS.call,
    }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  return [...kinds, ...connectors];
}

/**
 * Filters by a search text (any word, Vietnamese diacritics optional, vi or en title, connector id)
 * and groups: built-in groups first, then connector categories alphabetically.
 */
export function groupPalette(items: readonly PaletteItem[], query: string, kindTitle: (kind: string) => I18nText): PaletteGroup[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  const haystack = (it: PaletteItem): string => {
    const t = it.type === 'kind' ? kindTitle(it.kind) : it.title;
    const extra = it.type === 'connector' ? `${it.connector.id} ${it.description?.vi ?? ''} ${it.description?.en ?? ''}` : it.kind;
    return fold(`${t.vi} ${t.en} ${extra} ${it.group}`);
  };
  const matched = items.filter((it) => words.every((w) => haystack(it).includes(w)));
  const groups = new Map<string, PaletteItem[]>();
  for (const it of matched) groups.set(it.group, [...(groups.get(it.group) ?? []), it]);
  const rank = (g: string) => { const i = GROUP_ORDER.indexOf(g); return i >= 0 ? i : GROUP_ORDER.length; };
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, its]) => ({ group, items: its }));
}
