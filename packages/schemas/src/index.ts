export * from './common.js';
export * from './flow-document.js';
export { checkFlowDocument, checkAgainst, toIssues, type Checked, type SchemaIssue } from './check.js';
export { activityName, type ConnectorManifest } from './connector-manifest.js';
