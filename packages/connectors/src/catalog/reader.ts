/**
 * What the catalogue connectors read through (the platform gives the worker its catalogue service; see
 * packages/services/src/catalogues). A read returns the version it came from, so a run's history records it.
 */
export interface CatalogueReader {
  /** The current working calendar, or the given version of it. */
  calendar(version?: number): Promise<{
    kind: 'working-calendar'; version: string; timeZone: 'Asia/Ho_Chi_Minh';
    weekend: number[]; years: number[]; holidays: string[]; workingDays: string[];
  }>;
  /** A catalogue's rows, the current version or the given one. */
  rows(kind: string, version?: number): Promise<{ rows: Record<string, unknown>[]; version: string }>;
}
