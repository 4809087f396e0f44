import { aggregateWithLineage, combine, type AggregateSource } from './aggregate.js';
import { cycleUseCases } from './cycle.js';
import { progressUseCases } from './progress.js';
import { regimeUseCases } from './regimes.js';
import { PLATFORM, reportingStore, type ReportingDeps } from './store.js';
import { submissionUseCases } from './submissions.js';

export { periodWindow, reminderTimes } from './calendar.js';
export { validateValues, parseRule, evaluateFormula, type IndicatorComments } from './validate.js';
export { MEASUREMENT_UNITS } from './units.js';
export { SUBMISSION_STATES, type UnitProgress } from './progress.js';
export type { ReportActor, ReportingDeps } from './store.js';
export type { RegimeInput } from './regimes.js';
export { aggregateWithLineage, combine, type AggregateSource };

/**
 * The reporting cycle's domain (DOMAIN §6.7, §7.c, R-25–R-29): regimes, periods, assignments, submissions and their
 * transitions, validation, the roll-up with lineage and its approval and signature. `cycle` is what the worker's
 * reporting:cycle connectors reach; the rest serves the API.
 */
export function createReportingService(deps: ReportingDeps) {
  const store = reportingStore(deps);
  const regimes = regimeUseCases(deps, store);
  return {
    regimes,
    cycle: { ...cycleUseCases(deps, store), importRegimes: (i: { items: Parameters<typeof regimes.importFromNational>[0] }) => regimes.importFromNational(i.items, PLATFORM) },
    ...submissionUseCases(deps, store),
    ...progressUseCases(deps, store),
    assignment: (id: string) => store.assignment(id),
    aggregateOf: (periodId: string) => store.aggregateOf(periodId),
  };
}
export type ReportingService = ReturnType<typeof createReportingService>;
