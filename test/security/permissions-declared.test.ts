import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appRouter, createContextInner, createTRPCRouter, endpointPermissions, permissionsOf, procedure, restRoutes } from '@lienthong/api';
import type { Principal, Services } from '@lienthong/services';

/** Namespaces whose things belong to an agency: their procedures must check it ('agency') or refuse agency-limited callers ('platform'). */
const AGENCY_RESOURCES = ['agencies', 'systems', 'keys', 'runs', 'exchanges', 'stats', 'audit', 'codec'];
/** Open to anyone, on purpose: the published catalogue of flows, validating a document, logging in, the bundle-signing public key, the procedure docs (like openapi.json), whether single sign-on is offered (the sign-in screen). */
const PUBLIC = ['flows.list', 'flows.get', 'flows.versions', 'flows.validate', 'auth.login', 'bundles.signingKey', 'catalogue.procedures',
  'sso.status'];
/** Things of no agency that every holder of the action may touch: published flows, operators' platform alerts, the operations a system may be granted. */
const SHARED = ['flows.publish', 'alerts.list', 'alerts.acknowledge', 'alerts.rules', 'catalogue.systemOperations',
  'maintenance.list', 'maintenance.upcoming', 'maintenance.rules', 'maintenance.feed',
  // A reporting period's and a regime's dates, labels and lead agency (no unit's figures) for every reporting reader.
  'reporting.periods', 'reporting.regimes'];

describe('every procedure and every REST route declares its permission', () => {
  const declared = permissionsOf(appRouter);

  it('lists every tRPC procedure with a permission and a scope, agency-scoped where the thing has an agency', () => {
    const problems: string[] = [];
    expect(declared.size).toBeGreaterThan(60);
    for (const [name, perm] of declared) {
      if (!perm) { problems.push(`${name}: no requires/scope in .meta()`); continue; }
      const ns = name.split('.')[0] as string;
      if (AGENCY_RESOURCES.includes(ns) && perm.scope !== 'agency' && perm.scope !== 'platform') problems.push(`${name}: scope ${perm.scope}, its things belong to an agency`);
      if (perm.requires === 'public' && !PUBLIC.includes(name)) problems.push(`${name}: public but not on the reviewed list`);
      if (perm.scope === 'shared' && !SHARED.includes(name)) problems.push(`${name}: shared but not on the reviewed list`);
      if ((perm.requires === 'public') !== (perm.scope === 'public')) problems.push(`${name}: requires ${perm.requires} with scope ${perm.scope}`);
    }
    expect(problems).toEqual([]);
  });

  it('lists every REST route: each is a declared procedure, and the routes served outside procedures are declared too', () => {
    const routes = restRoutes(appRouter);
    expect(routes.length).toBeGreaterThan(50);
    const undeclared = routes.filter((r) => !declared.get(r.path)).map((r) => `${r.meta.method} ${r.meta.path} -> ${r.path}`);
    expect(undeclared).toEqual([]);
    expect(Object.fromEntries(Object.entries(endpointPermissions).map(([k, v]) => [k, v.scope]))).toEqual({ 'audit.export': 'agency', 'codec.decode': 'platform', 'codec.encode': 'platform' });
  });

  describe('closed by default, at run time too', () => {
    const admin: Principal = { kind: 'user', id: 'user:admin', userId: 'u', username: 'admin', displayName: 'admin', roles: [{ role: 'admin' }] };
    const probe = createTRPCRouter({
      nothingDeclared: procedure.input(z.object({})).query(() => 'ran'),
      forgetsTheAgencyCheck: procedure.meta({ requires: 'runs.read', scope: 'agency' }).query(() => 'ran'),
      checksTheAgency: procedure.meta({ requires: 'runs.read', scope: 'agency' }).query(({ ctx }) => (ctx.access.own('000.00.00.H48', () => new Error('hidden')), 'ran')),
    });
    const caller = probe.createCaller(createContextInner({ services: {} as Services, caller: admin }));
    const codeOf = (p: Promise<unknown>) => p.then(() => 'ran', (e: { cause?: { code?: string } }) => e.cause?.code);

    it('refuses a procedure that declares nothing, even for an admin', async () => {
      expect(await codeOf(caller.nothingDeclared({}))).toBe('ACCESS_NOT_DECLARED');
    });

    it('refuses the answer of an agency-scoped procedure that never asked for the agency check', async () => {
      expect(await codeOf(caller.forgetsTheAgencyCheck())).toBe('ACCESS_NOT_DECLARED');
      expect(await caller.checksTheAgency()).toBe('ran');
    });
  });
});
