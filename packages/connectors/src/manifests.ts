// Browser-safe entry point: pure data only. The one ordered list of registered connectors (activities.ts follows it).
import type { ConnectorManifest } from '@lienthong/schemas';
import { manifest as verifyCitizen } from './ngsp/population/verify-citizen/manifest.js';
import { manifest as getCitizen } from './ngsp/population/get-citizen/manifest.js';
import { manifest as getEnterprise } from './ngsp/business/get-enterprise/manifest.js';
import { manifest as getBirth } from './ngsp/civil-status/get-birth/manifest.js';
import { manifest as getMarriage } from './ngsp/civil-status/get-marriage/manifest.js';
import { manifest as getDeath } from './ngsp/civil-status/get-death/manifest.js';
import { manifest as getParticipation } from './ngsp/social-insurance/get-participation/manifest.js';
import { manifest as sendEdoc } from './lgsp/edoc/send/manifest.js';
import { manifest as listReceivedEdocs } from './lgsp/edoc/list-received/manifest.js';
import { manifest as getEdoc } from './lgsp/edoc/get/manifest.js';
import { manifest as updateEdocStatus } from './lgsp/edoc/update-status/manifest.js';
import { manifest as ngspCall } from './ngsp/generic/call/manifest.js';
import { manifest as dossierSync } from './dvcqg/dossier/sync/manifest.js';
import { manifest as dossierProgress } from './dvcqg/dossier/progress/manifest.js';
import { manifest as dossierLookup } from './dvcqg/dossier/lookup/manifest.js';
import { manifest as submitAggregate } from './reporting/national/submit-aggregate/manifest.js';
import { manifest as getSubmissionStatus } from './reporting/national/get-submission-status/manifest.js';
import { manifest as getReportTemplate } from './reporting/national/get-template/manifest.js';
import { manifest as listReportRegimes } from './reporting/national/list-regimes/manifest.js';
import { manifest as listReportPeriods } from './reporting/national/list-periods/manifest.js';
import { manifest as reportDeliveryRecord } from './reporting/deliveries/record/manifest.js';
import { manifest as auditEntryWrite } from './audit/entry/write/manifest.js';
import { manifest as pushIndicators } from './ioc/indicators/push/manifest.js';
import { manifest as getIndicatorSet } from './ioc/indicators/get-set/manifest.js';
import { manifest as updateFeedbackStatus } from './ioc/feedback/update-status/manifest.js';
import { manifest as createFeedback } from './ioc/feedback/create/manifest.js';
import { manifest as iocFeedbackRecord } from './ioc/feedback/record/manifest.js';
import { manifest as iocIndicatorsDeliver } from './ioc/indicators/deliver/manifest.js';
import { manifest as httpRequest } from './generic/http/request/manifest.js';
import { manifest as soapCall } from './generic/soap/call/manifest.js';
import { manifest as emailSend } from './generic/email/send/manifest.js';
import { manifest as sqlQuery } from './generic/sql/query/manifest.js';
import { manifest as exchangeSend } from './lgsp/exchange/send/manifest.js';
import { manifest as mapCode } from './catalog/map/code/manifest.js';
import { manifest as calendarGet } from './catalog/calendar/get/manifest.js';
import { manifest as entryGet } from './catalog/entry/get/manifest.js';
import { manifest as verificationLookup } from './cache/verification/lookup/manifest.js';
import { manifest as verificationStore } from './cache/verification/store/manifest.js';
import { manifest as openReportPeriod } from './reporting/cycle/open-period/manifest.js';
import { manifest as assignReport } from './reporting/cycle/assign/manifest.js';
import { manifest as remindReport } from './reporting/cycle/remind/manifest.js';
import { manifest as aggregateReport } from './reporting/cycle/aggregate/manifest.js';
import { manifest as signReport } from './reporting/cycle/sign/manifest.js';
import { manifest as importReportRegimes } from './reporting/cycle/import-regimes/manifest.js';

export const manifests: readonly ConnectorManifest[] = [
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
  reportDeliveryRecord,
  auditEntryWrite,
  pushIndicators,
  getIndicatorSet,
  updateFeedbackStatus,
  createFeedback,
  iocFeedbackRecord,
  iocIndicatorsDeliver,
  httpRequest,
  soapCall,
  emailSend,
  sqlQuery,
  exchangeSend,
  mapCode,
  calendarGet,
  entryGet,
  verificationLookup,
  verificationStore,
  openReportPeriod,
  assignReport,
  remindReport,
  aggregateReport,
  signReport,
  importReportRegimes,
];

export function findManifest(id: string, version?: string): ConnectorManifest | undefined {
  return manifests.find((m) => m.id === id && (version === undefined || m.version === version));
}
export { defineConnector, type ConnectorExample } from './sdk/types.js';
