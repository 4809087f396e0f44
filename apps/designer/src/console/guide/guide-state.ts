import { useQuery } from '@tanstack/react-query';
import { meQuery } from '../../api/queries.js';
import { can } from '../access.js';
import { adminApi, adminKeys } from '../registry/admin-api.js';

/**
 * Where a fresh platform stands on the way to its first signed agency call, read from the server each time (so the
 * guide resumes after the second administrator signs in): admins, agencies, the first system, its approval, its keys.
 */
export function useGuideState() {
  const me = useQuery(meQuery).data;
  const admin = can(me, 'users.manage');
  const users = useQuery({ queryKey: adminKeys.users, queryFn: () => adminApi.users(), enabled: admin });
  const systems = useQuery({ queryKey: adminKeys.systems, queryFn: () => adminApi.systems(), enabled: admin });
  const agencies = useQuery({ queryKey: adminKeys.agencies, queryFn: () => adminApi.agencies(), enabled: admin });
  const system = systems.data?.[0];
  const keys = useQuery({ queryKey: adminKeys.keys(system?.code ?? ''), queryFn: () => adminApi.keys(system?.code ?? ''), enabled: admin && system?.status === 'active' });
  const admins = (users.data ?? []).filter((u) => u.status === 'active' && u.roles.some((r) => r.role === 'admin' && !r.agency));
  const done = {
    secondAdmin: admins.length >= 2,
    agency: (agencies.data?.length ?? 0) > 0,
    system: !!system,
    approved: system?.status === 'active',
    key: (keys.data ?? []).some((k) => k.status === 'active'),
  };
  const ready = users.isSuccess && systems.isSuccess && agencies.isSuccess;
  return {
    me, admin, ready, admins, system, done,
    /** The guide is offered while the platform has one administrator and no connected system. */
    offered: admin && ready && admins.length <= 1 && (systems.data?.length ?? 0) === 0,
  };
}
