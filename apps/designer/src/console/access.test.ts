import { describe, expect, it } from 'vitest';
import { roleActions } from '@lienthong/services';
import { can, consoleRoleActions, type ConsoleAction } from './access.js';

describe('the console hides what the server would refuse', () => {
  it('grants each role exactly the actions the server grants it (for the actions the screens use)', () => {
    for (const [role, actions] of Object.entries(consoleRoleActions)) {
      const used = Object.values(consoleRoleActions).flat() as ConsoleAction[];
      const server = (roleActions[role as keyof typeof roleActions] ?? []).filter((a) => used.includes(a as ConsoleAction));
      expect([...actions].sort(), role).toEqual([...server].sort());
    }
  });

  it('lets an operator cancel but not publish, and an auditor neither', () => {
    const me = (role: keyof typeof consoleRoleActions) => ({ kind: 'user' as const, id: 'u', agency: null, roles: [{ role }] });
    expect([can(me('operator'), 'runs.cancel'), can(me('operator'), 'flows.publish')]).toEqual([true, false]);
    expect([can(me('auditor'), 'runs.cancel'), can(me('auditor'), 'flows.publish')]).toEqual([false, false]);
    expect(can(null, 'runs.read')).toBe(false);
  });
});
