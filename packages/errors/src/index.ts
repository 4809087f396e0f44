export { errorCatalogue, type ErrorCode, type CatalogueEntry } from './catalogue.js';
export { LtError, LtErrors, fill, isErrorCode, type Params, type Where, type LtErrorJson } from './lt-error.js';
