export { listIncidents, incidentStats, incidentView, incidentStepView, createIncidentStore, isSerious, INCIDENT_SEVERITIES,
  type IncidentView, type IncidentStepView, type IncidentRange, type IncidentMonthStats, type IncidentRow, type IncidentStepRow, type IncidentStore } from './store.js';
