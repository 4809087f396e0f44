import entries from './catalogue.json' with { type: 'json' };

/**
 * The one catalogue of error codes, kept as data in catalogue.json so translators can edit the messages without
 * touching code. Each code is stable (clients branch on it), carries a Vietnamese and an English message template, the
 * HTTP status the API answers with, and whether a retry may help (the worker maps that to Temporal's nonRetryable flag).
 * catalogue.test.ts checks every entry against this shape.
 */
export interface CatalogueEntry {
  readonly status: CatalogueStatus;
  readonly retryable: boolean;
  readonly vi: string;
  readonly en: string;
}

export const CATALOGUE_STATUSES = [400, 401, 403, 404, 405, 409, 410, 413, 415, 422, 429, 431, 500, 502, 503, 504] as const;
export type CatalogueStatus = (typeof CATALOGUE_STATUSES)[number];

export type ErrorCode = keyof typeof entries;

export const errorCatalogue: Readonly<Record<ErrorCode, CatalogueEntry>> = entries as Record<ErrorCode, CatalogueEntry>;
