export { listMaintenanceWindows, windowView, type MaintenanceWindowView, type MaintenanceWindowFilter, type MaintenanceWindowRow } from './store.js';
