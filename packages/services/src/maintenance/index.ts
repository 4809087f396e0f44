export { listMaintenanceWindows, windowView, type MaintenanceWindowView, type MaintenanceWindowFilter, type MaintenanceWindowRow } from './store.js';
export { createMaintenanceService, type MaintenanceService, type AnnounceInput, type NoticeRuleView, type SimulatorWindow } from './service.js';
export { createMaintenanceReader, type MaintenanceReader } from './reader.js';
export { closedUntil, systemOf, DEFAULT_NOTICE_MINUTES, REGULATED_NOTICE_MINUTES } from './rules.js';
export { maintenancePayload, EVENT_HEADER as MAINTENANCE_EVENT_HEADER, type MaintenanceEvent } from './announce.js';
