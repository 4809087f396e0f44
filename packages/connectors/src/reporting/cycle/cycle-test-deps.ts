import { createHttpClient } from '../../sdk/http.js';
import type { ConnectorDeps, Credential } from '../../sdk/types.js';
import type { ReportingCycle } from './port.js';

/**
 * Deps for the reporting:cycle folder tests: the domain's answers recorded as given (the domain itself runs for real in
 * test/system/reporting-cycle.test.ts); `calls` lists what the connector asked of it.
 */
export function cycleDeps(domain: Partial<ReportingCycle> | null, credential: Credential = { type: 'none' }) {
  const calls: [string, unknown][] = [];
  const rec = <K extends keyof ReportingCycle>(k: K) => ((input: unknown) => {
    calls.push([k, input]);
    const impl = domain?.[k] as ((i: unknown) => Promise<unknown>) | undefined;
    return impl ? impl(input) : Promise.reject(new Error(`${k} not expected`));
  }) as ReportingCycle[K];
  const reporting: ReportingCycle = {
    openPeriod: rec('openPeriod'), assign: rec('assign'), remind: rec('remind'), aggregate: rec('aggregate'),
    approveAggregate: rec('approveAggregate'), recordSignature: rec('recordSignature'), importRegimes: rec('importRegimes'),
  };
  const deps: ConnectorDeps = {
    http: createHttpClient(), credentials: { resolve: () => Promise.resolve(credential) }, clock: () => new Date('2027-03-21T02:00:00Z'),
    ...(domain ? { reporting } : {}),
  };
  return { deps, calls };
}
