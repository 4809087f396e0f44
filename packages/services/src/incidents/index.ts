export { listIncidents, incidentStats, incidentView, incidentStepView, createIncidentStore, isSerious, INCIDENT_SEVERITIES,
  type IncidentView, type IncidentStepView, type IncidentRange, type IncidentMonthStats, type IncidentRow, type IncidentStepRow, type IncidentStore } from './store.js';
export { createIncidentService, INCIDENT_STEPS, type IncidentService, type IncidentDetail, type OpenIncidentInput, type StepInput, type IncidentActor } from './service.js';
export { announceRecovery, recoveryPayload, INCIDENT_EVENT_HEADER, RECOVERY_EVENT, type IncidentMailEnv } from './announce.js';
export { incidentReportXlsx, incidentsSheet, STEP_TITLES } from './report.js';
