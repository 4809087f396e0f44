export { flows } from './flows.js';
export { flowVersions } from './flow-versions.js';
export { runs } from './runs.js';
export { credentials } from './credentials.js';
