import { describe, expect, it } from 'vitest';
import { actionsOf, roleActions, type UserPrincipal } from '@lienthong/services';
import { can } from './access.js';
import type { Me } from '../api/client.js';

/** The `me` answer the API gives a person with these roles (its actions from the server's one policy). */
function me(...roles: { role: keyof typeof roleActions; agency?: string }[]): Me {
  const p = { kind: 'user', id: 'user:u', username: 'u', roles } as unknown as UserPrincipal;
  return { kind: 'user', id: 'user:u', agency: null, roles, actions: actionsOf(p) };
}

describe('the console hides what the server would refuse', () => {
  it('offers each role exactly the actions the server grants it, and a person with two roles both sets', () => {
    for (const role of Object.keys(roleActions) as (keyof typeof roleActions)[]) {
      expect(me({ role }).actions.filter((a) => can(me({ role }), a)).sort(), role).toEqual([...roleActions[role]].sort());
    }
    expect(can(me({ role: 'auditor' }, { role: 'operator', agency: '000.00.00.H48' }), 'runs.cancel')).toBe(true);
  });

  it('lets an operator cancel but not publish, an auditor neither, and nobody signed out anything', () => {
    expect([can(me({ role: 'operator' }), 'runs.cancel'), can(me({ role: 'operator' }), 'flows.publish')]).toEqual([true, false]);
    expect([can(me({ role: 'auditor' }), 'runs.cancel'), can(me({ role: 'auditor' }), 'flows.publish')]).toEqual([false, false]);
    expect(can(null, 'runs.read')).toBe(false);
  });
});
