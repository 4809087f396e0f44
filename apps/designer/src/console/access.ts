import type { Me } from '../api/client.js';

/**
 * What the console shows a signed-in person, by role. The server decides (every procedure declares its permission);
 * this table only hides menu items and buttons that would be refused. It mirrors packages/services roleActions for the
 * actions the screens use, and access.test.ts fails when the two disagree.
 */
export type ConsoleAction = 'flows.read' | 'flows.publish' | 'runs.start' | 'runs.read' | 'runs.cancel' | 'audit.read' | 'audit.verify'
  | 'registry.read' | 'registry.write' | 'registry.approve' | 'keys.manage' | 'users.manage' | 'credentials.manage' | 'tasks.read' | 'tasks.decide';
export type RoleName = NonNullable<Me['roles']>[number]['role'];

export const consoleRoleActions: Record<RoleName, readonly ConsoleAction[]> = {
  admin: ['flows.read', 'flows.publish', 'runs.start', 'runs.read', 'runs.cancel', 'audit.read', 'audit.verify', 'registry.read', 'registry.write', 'registry.approve', 'keys.manage', 'users.manage', 'credentials.manage', 'tasks.read', 'tasks.decide'],
  designer: ['flows.read', 'flows.publish', 'runs.start', 'runs.read', 'registry.read'],
  operator: ['flows.read', 'runs.start', 'runs.read', 'runs.cancel', 'registry.read', 'registry.write', 'keys.manage', 'tasks.read'],
  auditor: ['flows.read', 'runs.read', 'audit.read', 'audit.verify', 'registry.read', 'tasks.read'],
  'agency-viewer': ['flows.read', 'runs.read', 'audit.read', 'registry.read', 'tasks.read'],
  officer: ['flows.read', 'runs.read', 'tasks.read', 'tasks.decide'],
};

/** True when one of the caller's roles holds the action (a connected system signed in here holds none of these). */
export function can(me: Me | null | undefined, action: ConsoleAction): boolean {
  return (me?.roles ?? []).some((g) => consoleRoleActions[g.role].includes(action));
}

/** The one agency every grant of the caller is limited to, or null (platform-wide). */
export function agencyOf(me: Me | null | undefined): string | null {
  const grants = me?.roles ?? [];
  if (grants.length === 0 || grants.some((g) => !g.agency)) return null;
  return grants[0]?.agency ?? null;
}
