import type { Me } from '../api/client.js';

/**
 * What the console shows a signed-in person: the actions the server says they hold (`me.actions`, from the one policy
 * in packages/services). The server still decides each call; this only hides menu items and buttons that would be refused.
 */
export type ConsoleAction = Me['actions'][number];
export type RoleName = NonNullable<Me['roles']>[number]['role'];

/** True when the caller holds the action somewhere. */
export function can(me: Me | null | undefined, action: ConsoleAction): boolean {
  return me?.actions.includes(action) ?? false;
}

/** The one agency every grant of the caller is limited to, or null (platform-wide). */
export function agencyOf(me: Me | null | undefined): string | null {
  const grants = me?.roles ?? [];
  if (grants.length === 0 || grants.some((g) => !g.agency)) return null;
  return grants[0]?.agency ?? null;
}
