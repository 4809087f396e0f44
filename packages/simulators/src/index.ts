import { populationRoutes } from './ngsp/population.js';
import { nationalRoutes } from './ngsp/national.js';
import { lgspRoutes } from './lgsp/edoc.js';
import { adapterRoutes } from './ngsp/adapter.js';
import { reportingRoutes } from './reporting/national.js';
import { iocRoutes } from './ioc/center.js';
import { dvcqgPortalRoutes } from './dvcqg/portal.js';
import { genericRoutes } from './generic/echo.js';
import { wssRoutes } from './generic/soap-wss.js';
import { startSmtpRelay } from './smtp/relay.js';
import { simulatorCertificate } from './smtp/certificate.js';
import { startSimulatorServer, type RunningSimulators, type SimRoute, type SimulatorOptions } from './server.js';

export { startSimulatorServer, readBody, sendJson, type RunningSimulators, type SimRoute, type SimContext, type Handler, type SimulatorOptions } from './server.js';
export { FaultBook, Counters, windowRemaining, type Fault } from './faults.js';
export { MaintenanceBook, type MaintenanceWindow } from './maintenance.js';
export { POPULATION_PATH } from './ngsp/population.js';
export { createTestPki, startPopulationMtls, type TestPki, type Pem } from './ngsp/population-mtls.js';
export { NATIONAL_PATH } from './ngsp/national.js';
export { LGSP_PATH } from './lgsp/edoc.js';
export { ADAPTER_PATH, expireSessions } from './ngsp/adapter.js';
export { REPORTING_PATH } from './reporting/national.js';
export { IOC_PATH, MAX_BATCH } from './ioc/center.js';
export { DVCQG_PORTAL_PATH } from './dvcqg/portal.js';
export { GENERIC_PATH } from './generic/echo.js';
export { createSigningCa, createSigningIdentity, wssStateOf } from './generic/soap-wss.js';
export { signaturePolicyOf } from './lgsp/signature.js';
export { simulatorCertificate } from './smtp/certificate.js';
export { startSmtpRelay, mailboxOf, smtpLogOf, type StoredMail, type SmtpCommand, type SmtpRelayOptions } from './smtp/relay.js';
export { checkEdxml, checkStatusPackage, EDXML_NS, type EdxmlSummary, type StatusPackage } from './lgsp/edxml.js';
export { citizens, findCitizen, fullName, type Citizen } from './data.js';
export { simAccounts, allSimSecrets, simulatorCredentials } from './accounts.js';

/** Every simulated system, one route table each. Add a system: write its routes and list them here. */
export const allRoutes: SimRoute[] = [...populationRoutes, ...nationalRoutes, ...adapterRoutes, ...lgspRoutes, ...reportingRoutes, ...iocRoutes, ...dvcqgPortalRoutes, ...genericRoutes, ...wssRoutes];

/**
 * Starts all simulators: every HTTP system on one port (0 = any free port), and the SMTP relay on another. The relay
 * requires STARTTLS with a certificate made at start; `smtpCa` is its PEM, for the credential that trusts it.
 */
export async function startSimulators(opts: SimulatorOptions = {}): Promise<RunningSimulators & { smtpPort: number; smtpCa: string }> {
  const http = await startSimulatorServer(allRoutes, opts);
  const tls = await simulatorCertificate(opts.host);
  const smtp = await startSmtpRelay({ faults: http.faults, counters: http.counters, state: http.state, ...(opts.clock ? { clock: opts.clock } : {}) }, opts.host, { tls });
  return { ...http, smtpPort: smtp.port, smtpCa: tls.cert, close: async () => {
    await smtp.close();
    await http.close();
  } };
}
