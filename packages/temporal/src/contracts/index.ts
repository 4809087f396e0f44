// Workflow contracts: declared once, imported by the worker's workflows and by every caller (services, CLI, tests).
export * from './run-flow.js';
export * from './run-flow-types.js';
export * from './exchange.js';
export * from './failures.js';
export * from './background.js';
export * from './schedule.js';
export * from './tasks.js';
export * from './trigger-poll.js';
export * from './foreach-batch.js';
export * from './account-requests.js';
export * from './backups.js';
