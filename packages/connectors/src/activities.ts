// Node entry point: the registry the worker loads. One line per connector folder.
import { activityName } from '@lienthong/schemas';
import type { ConnectorActivity, ConnectorDeps, ConnectorModule } from './sdk/types.js';
import { verifyCitizen } from './ngsp/population/verify-citizen/index.js';
import { getCitizen } from './ngsp/population/get-citizen/index.js';
import { getEnterprise } from './ngsp/business/get-enterprise/index.js';
import { getBirth } from './ngsp/civil-status/get-birth/index.js';
import { getMarriage } from './ngsp/civil-status/get-marriage/index.js';
import { getDeath } from './ngsp/civil-status/get-death/index.js';
import { getParticipation } from './ngsp/social-insurance/get-participation/index.js';
import { sendEdoc } from './lgsp/edoc/send/index.js';
import { listReceivedEdocs } from './lgsp/edoc/list-received/index.js';
import { getEdoc } from './lgsp/edoc/get/index.js';
import { updateEdocStatus } from './lgsp/edoc/update-status/index.js';
import { ngspCall } from './ngsp/generic/call/index.js';
import { dossierSync } from './dvcqg/dossier/sync/index.js';
import { dossierProgress } from './dvcqg/dossier/progress/index.js';
import { dossierLookup } from './dvcqg/dossier/lookup/index.js';
import { submitAggregate } from './reporting/national/submit-aggregate/index.js';
import { getSubmissionStatus } from './reporting/national/get-submission-status/index.js';
import { getReportTemplate } from './reporting/national/get-template/index.js';
import { listReportRegimes } from './reporting/national/list-regimes/index.js';
import { listReportPeriods } from './reporting/national/list-periods/index.js';
import { pushIndicators } from './ioc/indicators/push/index.js';
import { getIndicatorSet } from './ioc/indicators/get-set/index.js';
import { updateFeedbackStatus } from './ioc/feedback/update-status/index.js';
import { createFeedback } from './ioc/feedback/create/index.js';
import { httpRequest } from './generic/http/request/index.js';
import { soapCall } from './generic/soap/call/index.js';
import { emailSend } from './generic/email/send/index.js';
import { sqlQuery } from './generic/sql/query/index.js';
import { exchangeSend } from './lgsp/exchange/send/index.js';
import { mapCode } from './catalog/map/code/index.js';

export const connectorModules: readonly ConnectorModule[] = [
  verifyCitizen,
  getCitizen,
  getEnterprise,
  getBirth,
  getMarriage,
  getDeath,
  getParticipation,
  sendEdoc,
  listReceivedEdocs,
  getEdoc,
  updateEdocStatus,
  ngspCall,
  dossierSync,
  dossierProgress,
  dossierLookup,
  submitAggregate,
  getSubmissionStatus,
  getReportTemplate,
  listReportRegimes,
  listReportPeriods,
  pushIndicators,
  getIndicatorSet,
  updateFeedbackStatus,
  createFeedback,
  httpRequest,
  soapCall,
  emailSend,
  sqlQuery,
  exchangeSend,
  mapCode,
];

export function createConnectorActivities(deps: ConnectorDeps): Record<string, ConnectorActivity> {
  return Object.fromEntries(connectorModules.map((m) => [activityName(m.manifest), m.createActivity(deps)]));
}
export * from './sdk/types.js';
export { createHttpClient, classifyStatus, retryAfterMs, excerpt } from './sdk/http.js';
