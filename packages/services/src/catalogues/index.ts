export { createCatalogueService, workingCalendarOf, type CatalogueService, type CatalogueVersion, type CatalogueVersionInfo, type CatalogueReader, type SaveOptions } from './service.js';
export { CATALOGUE_KINDS, KINDS as CATALOGUE_DEFINITIONS, type CatalogueKind, type CatalogueRow, type Column as CatalogueColumn, type KindDefinition as CatalogueDefinition, type Text as CatalogueText, type RowLabel as CatalogueRowLabel } from './kinds.js';
export { MAX_IMPORT_ROWS, type ImportFormat } from './import.js';
