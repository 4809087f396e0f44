import type { ConnectorModule } from '../../../sdk/types.js';
import { createActivity } from './activities.js';
import { examples } from './examples.js';
import { manifest } from './manifest.js';

export const auditEntryWrite: ConnectorModule = { manifest, createActivity, examples };
