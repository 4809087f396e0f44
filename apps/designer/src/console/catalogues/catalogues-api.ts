import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@lienthong/api';
import { call, trpc } from '../../api/client.js';

/** The catalogues' procedures for the console; every type is inferred from the API's router. */
type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;
export type CatalogueSummary = Outputs['catalogues']['list'][number];
export type CatalogueKind = CatalogueSummary['kind'];
export type CatalogueVersion = Outputs['catalogues']['get'];
export type CatalogueVersionInfo = Outputs['catalogues']['versions'][number];
export type CatalogueRow = CatalogueVersion['rows'][number];
export type ImportInput = Inputs['catalogues']['import'];

export const catalogueApi = {
  list: (): Promise<CatalogueSummary[]> => call(() => trpc.catalogues.list.query()),
  get: (kind: CatalogueKind, version?: number): Promise<CatalogueVersion> => call(() => trpc.catalogues.get.query({ kind, ...(version ? { version } : {}) })),
  versions: (kind: CatalogueKind): Promise<CatalogueVersionInfo[]> => call(() => trpc.catalogues.versions.query({ kind })),
  save: (kind: CatalogueKind, baseVersion: number, rows: CatalogueRow[], note?: string) =>
    call(() => trpc.catalogues.save.mutate({ kind, baseVersion, rows, ...(note ? { note } : {}) })),
  import: (i: ImportInput) => call(() => trpc.catalogues.import.mutate(i)),
};

export const catalogueKeys = {
  list: ['catalogues'] as const,
  kind: (kind: string) => ['catalogues', kind] as const,
  version: (kind: string, version: number | undefined) => ['catalogues', kind, 'v', version ?? 'current'] as const,
  versions: (kind: string) => ['catalogues', kind, 'versions'] as const,
};

/** A cell as the editor shows it: lists (successor codes) as "a; b". */
export const cellText = (v: CatalogueRow[string] | undefined): string => (Array.isArray(v) ? v.join('; ') : v === undefined ? '' : String(v));
