import type { Action } from '@lienthong/services';

/**
 * What each procedure needs, checked at the gate for REST and tRPC alike (gate.ts):
 * - an Action: the caller's roles (people) or grants (systems) must include it;
 * - 'public': anyone, signed in or not (the published catalogue of flows, R-21; logging in);
 * - 'self': any signed-in caller, about itself.
 * A procedure missing here is open to any signed-in person and closed to systems: add its line.
 */
export type Requirement = Action | 'public' | 'self';

export const procedurePolicy: Record<string, Requirement> = {
  'flows.list': 'public',
  'flows.get': 'public',
  'flows.versions': 'public',
  'flows.validate': 'public',
  'flows.publish': 'flows.publish',

  'runs.start': 'runs.start',
  'runs.get': 'runs.read',
  'runs.cancel': 'runs.cancel',
  'runs.signal': 'runs.start',
  'runs.search': 'runs.read',
  'runs.timeline': 'runs.read',
  'runs.bundle': 'audit.read',
  'runs.record': 'runs.read',
  'runs.records': 'runs.read',
  'stats.runs': 'runs.read',
  'stats.runsXlsx': 'runs.read',
  'stats.monthlyReport': 'audit.read',
  'stats.monthlyReportXlsx': 'audit.read',

  'auth.login': 'public',
  'auth.logout': 'self',
  'auth.me': 'self',
  'auth.session': 'auth.session',
  'auth.verify': 'auth.verify',
  'auth.revokeSession': 'auth.session',

  'agencies.list': 'registry.read',
  'agencies.get': 'registry.read',
  'agencies.history': 'registry.read',
  'agencies.create': 'registry.write',
  'agencies.update': 'registry.write',

  'systems.list': 'registry.read',
  'systems.get': 'registry.read',
  'systems.history': 'registry.read',
  'systems.requests': 'registry.read',
  'systems.create': 'registry.write',
  'systems.update': 'registry.write',
  'systems.requestChange': 'registry.write',
  'systems.pendingRequests': 'registry.read',
  'systems.approve': 'registry.approve',
  'systems.reject': 'registry.approve',
  'systems.callbackSecret': 'keys.manage',
  'systems.callbacks': 'registry.read',

  'keys.list': 'keys.manage',
  'keys.issue': 'keys.manage',
  'keys.rotate': 'keys.manage',
  'keys.revoke': 'keys.manage',

  'users.list': 'users.manage',
  'users.create': 'users.manage',
  'users.update': 'users.manage',
  'users.setPassword': 'users.manage',

  'audit.search': 'audit.read',
  'audit.verify': 'audit.verify',

  // Alerts are platform-wide (connectors, systems, workers): operators and admins.
  'alerts.list': 'runs.cancel',
  'alerts.acknowledge': 'runs.cancel',
};

/** Reads that are not worth an audit row when they succeed (failures and refusals are always recorded). */
export const quietProcedures = new Set(['flows.list', 'flows.get', 'flows.versions', 'flows.validate', 'auth.me']);

/** Served outside the procedures (a file download), guarded like one. */
export const AUDIT_EXPORT_PATH = '/api/v1/audit/export';
procedurePolicy['audit.export'] = 'audit.read';
