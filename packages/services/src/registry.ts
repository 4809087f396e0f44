import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { LtError } from '@lienthong/errors';
import { accessKeys, agencies, connectedSystems, registryChanges, sessionKeys, systemRequests, type Db, type SystemStatus } from '@lienthong/db';
import type { I18nText } from '@lienthong/schemas';
import { checkEgressUrl, egressPolicyFromEnv, type EgressPolicy } from '@lienthong/observability';

// ---------------------------------------------------------------------------------------------
// Agency identifier codes (DOMAIN §5.1)

export interface ParsedAgencyCode {
  code: string;
  normalized: string;
  format: 'legacy' | 'v2020';
  /** Derived parent [ASM]: legacy zeroes the leftmost non-zero segment; v2020 drops the last segment. */
  parent: string | null;
  warnings: string[];
}

const LEGACY = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;
const V2020 = /^[A-Z]\d{2}(\.[0-9A-Z]+)*$/;

/** Parses both formats; null when the code matches neither. */
export function parseAgencyCode(input: string): ParsedAgencyCode | null {
  const normalized = input.normalize('NFC').trim().toUpperCase();
  if (LEGACY.test(normalized)) {
    const segs = normalized.split('.') as [string, string, string, string];
    const warnings: string[] = [];
    // A non-zero segment left of a zero one skips a level (e.g. 001.00.05.H48).
    const zero = (s: string) => /^0+$/.test(s);
    for (let i = 0; i < 2; i++) if (!zero(segs[i] as string) && segs.slice(i + 1, 3).some(zero)) { warnings.push('skips a level'); break; }
    const idx = segs.slice(0, 3).findIndex((s) => !zero(s));
    const parent = idx === -1 ? null : segs.map((s, i) => (i === idx ? s.replace(/./g, '0') : s)).join('.');
    return { code: input, normalized, format: 'legacy', parent, warnings };
  }
  if (normalized.length >= 3 && normalized.length <= 35 && V2020.test(normalized)) {
    const segs = normalized.split('.');
    const warnings = segs.slice(1).every((s) => /^\d{2,3}$/.test(s)) ? [] : ['not strict (state-issued codes use 2–3 digit segments)'];
    return { code: input, normalized, format: 'v2020', parent: segs.length > 1 ? segs.slice(0, -1).join('.') : null, warnings };
  }
  return null;
}

export function requireAgencyCode(code: string, field = 'code'): ParsedAgencyCode {
  const p = parseAgencyCode(code);
  if (!p) throw new LtError('AGENCY_CODE_INVALID', { code }, { field });
  return p;
}

// ---------------------------------------------------------------------------------------------

export interface AgencyInput {
  code: string;
  name: I18nText;
  parentCode?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
  successorCodes?: string[];
}

export interface SystemInput {
  code: string;
  agencyCode: string;
  name: I18nText;
  contact?: { name?: string; email?: string; phone?: string };
  allowedFlows?: string[];
  allowedOperations?: string[];
  allowedDestinations?: string[];
  ipAllowList?: string[];
  rateLimitPerMinute?: number;
  maxConcurrent?: number;
  callbackUrl?: string | null;
}

/** The agencies a caller reaches (the API's `ctx.access.scope()`): absent = every agency, empty = none. */
export interface AgencyScope { agencies?: readonly string[] }
const inScope = (column: AnyPgColumn, scope: AgencyScope) =>
  scope.agencies ? (scope.agencies.length ? inArray(column, [...scope.agencies]) : sql`false`) : undefined;

export type RequestKind = 'connect' | 'suspend' | 'cancel' | 'resume';

/** Which status a request moves a system from, and to. */
const transitions: Record<RequestKind, { from: SystemStatus[]; to: SystemStatus }> = {
  connect: { from: ['pending'], to: 'active' },
  suspend: { from: ['active'], to: 'suspended' },
  resume: { from: ['suspended'], to: 'active' },
  cancel: { from: ['pending', 'active', 'suspended'], to: 'cancelled' },
};

type SystemRow = typeof connectedSystems.$inferSelect;
type AgencyRow = typeof agencies.$inferSelect;

const plain = (row: object): Record<string, unknown> => JSON.parse(JSON.stringify(row)) as Record<string, unknown>;
const date = (s: string | null | undefined) => (s ? new Date(s) : null);

function checkIps(list: readonly string[]): void {
  for (const [i, ip] of list.entries()) {
    if (!/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(ip)) throw new LtError('REQUEST_VALIDATION_FAILED', { pointer: `/ipAllowList/${i}`, detail: 'expected an IP address or CIDR block' }, { pointer: `/ipAllowList/${i}` });
  }
}

/** Registry of agencies and their connected systems, with the history of every change. */
/** `egress`: a callbackUrl must pass the egress policy when registered (and again at each delivery, callbacks.ts). */
export function createRegistryService(db: Db, egress: EgressPolicy = egressPolicyFromEnv()) {
  async function change(tx: Db, entity: 'agency' | 'system' | 'key', entityCode: string, action: string, by: string, before: object | null, after: object | null, requestId?: string) {
    await tx.insert(registryChanges).values({ entity, entityCode, action, by, before: before ? plain(before) : null, after: after ? plain(after) : null, requestId: requestId ?? null });
  }

  async function getSystemRow(code: string): Promise<SystemRow> {
    const [row] = await db.select().from(connectedSystems).where(eq(connectedSystems.code, code));
    if (!row) throw new LtError('SYSTEM_NOT_FOUND', { systemCode: code }, { field: 'systemCode' });
    return row;
  }

  return {
    parseAgencyCode,

    async createAgency(input: AgencyInput, by: string): Promise<AgencyRow & { warnings: string[] }> {
      const p = requireAgencyCode(input.code);
      for (const [i, s] of (input.successorCodes ?? []).entries()) requireAgencyCode(s, `successorCodes/${i}`);
      const parentCode = input.parentCode === undefined ? p.parent : input.parentCode;
      if (parentCode) requireAgencyCode(parentCode, 'parentCode');
      return db.transaction(async (tx) => {
        const [dupe] = await tx.select({ code: agencies.code }).from(agencies).where(eq(agencies.normalized, p.normalized));
        if (dupe) throw new LtError('AGENCY_EXISTS', { code: input.code }, { field: 'code' });
        const [row] = await tx.insert(agencies).values({ code: p.normalized, normalized: p.normalized, format: p.format, name: input.name, parentCode: parentCode ?? null,
          validFrom: date(input.validFrom), validTo: date(input.validTo), successorCodes: input.successorCodes ?? [] }).returning();
        await change(tx, 'agency', p.normalized, 'create', by, null, row as AgencyRow);
        return { ...(row as AgencyRow), warnings: p.warnings };
      });
    },

    async updateAgency(code: string, patch: Partial<Omit<AgencyInput, 'code'>>, by: string): Promise<AgencyRow> {
      for (const [i, s] of (patch.successorCodes ?? []).entries()) requireAgencyCode(s, `successorCodes/${i}`);
      return db.transaction(async (tx) => {
        const [before] = await tx.select().from(agencies).where(eq(agencies.code, code.toUpperCase())).for('update');
        if (!before) throw new LtError('AGENCY_NOT_FOUND', { code }, { field: 'code' });
        const [row] = await tx.update(agencies).set({
          ...(patch.name ? { name: patch.name } : {}), ...(patch.parentCode !== undefined ? { parentCode: patch.parentCode } : {}),
          ...(patch.validFrom !== undefined ? { validFrom: date(patch.validFrom) } : {}), ...(patch.validTo !== undefined ? { validTo: date(patch.validTo) } : {}),
          ...(patch.successorCodes ? { successorCodes: patch.successorCodes } : {}), updatedAt: sql`now()`,
        }).where(eq(agencies.code, before.code)).returning();
        await change(tx, 'agency', before.code, 'update', by, before, row as AgencyRow);
        return row as AgencyRow;
      });
    },

    /** An agency by code; an expired code keeps resolving and names its current successors. */
    async getAgency(code: string): Promise<AgencyRow & { current: string[] }> {
      const [row] = await db.select().from(agencies).where(eq(agencies.normalized, code.normalize('NFC').trim().toUpperCase()));
      if (!row) throw new LtError('AGENCY_NOT_FOUND', { code }, { field: 'code' });
      const current: string[] = [];
      const seen = new Set<string>();
      const walk = async (a: AgencyRow): Promise<void> => {
        if (seen.has(a.code)) return;
        seen.add(a.code);
        if (a.successorCodes.length === 0 || !a.validTo || a.validTo > new Date()) { current.push(a.code); return; }
        for (const s of a.successorCodes) {
          const [n] = await db.select().from(agencies).where(eq(agencies.normalized, s));
          if (n) await walk(n); else current.push(s);
        }
      };
      await walk(row);
      return { ...row, current };
    },

    async listAgencies(filter: AgencyScope = {}): Promise<AgencyRow[]> {
      return db.select().from(agencies).where(inScope(agencies.code, filter)).orderBy(asc(agencies.code));
    },

    async createSystem(input: SystemInput, reason: string, by: string) {
      checkIps(input.ipAllowList ?? []);
      if (input.callbackUrl) await checkEgressUrl(egress, input.callbackUrl, { pointer: '/callbackUrl', field: 'callbackUrl' });
      const [agency] = await db.select().from(agencies).where(eq(agencies.normalized, input.agencyCode.toUpperCase()));
      if (!agency) throw new LtError('AGENCY_NOT_FOUND', { code: input.agencyCode }, { field: 'agencyCode' });
      return db.transaction(async (tx) => {
        const [dupe] = await tx.select({ code: connectedSystems.code }).from(connectedSystems).where(eq(connectedSystems.code, input.code));
        if (dupe) throw new LtError('SYSTEM_EXISTS', { systemCode: input.code }, { field: 'code' });
        const [row] = await tx.insert(connectedSystems).values({ code: input.code, agencyCode: agency.code, name: input.name, contact: input.contact ?? {},
          allowedFlows: input.allowedFlows ?? [], allowedOperations: input.allowedOperations ?? [], allowedDestinations: input.allowedDestinations ?? [],
          ipAllowList: input.ipAllowList ?? [], rateLimitPerMinute: input.rateLimitPerMinute ?? 600, maxConcurrent: input.maxConcurrent ?? 0, callbackUrl: input.callbackUrl ?? null, status: 'pending' }).returning();
        await change(tx, 'system', input.code, 'create', by, null, row as SystemRow);
        const [request] = await tx.insert(systemRequests).values({ id: `req-${randomUUID()}`, systemCode: input.code, kind: 'connect', reason, requestedBy: by }).returning();
        return { system: row as SystemRow, request: request as typeof systemRequests.$inferSelect };
      });
    },

    async updateSystem(code: string, patch: Partial<Omit<SystemInput, 'code' | 'agencyCode'>>, by: string): Promise<SystemRow> {
      if (patch.ipAllowList) checkIps(patch.ipAllowList);
      if (patch.callbackUrl) await checkEgressUrl(egress, patch.callbackUrl, { pointer: '/callbackUrl', field: 'callbackUrl' });
      return db.transaction(async (tx) => {
        const [before] = await tx.select().from(connectedSystems).where(eq(connectedSystems.code, code)).for('update');
        if (!before) throw new LtError('SYSTEM_NOT_FOUND', { systemCode: code }, { field: 'systemCode' });
        const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
        const [row] = await tx.update(connectedSystems).set({ ...defined, updatedAt: sql`now()` }).where(eq(connectedSystems.code, code)).returning();
        await change(tx, 'system', code, 'update', by, before, row as SystemRow);
        return row as SystemRow;
      });
    },

    getSystem: getSystemRow,

    async listSystems(filter: AgencyScope = {}): Promise<SystemRow[]> {
      return db.select().from(connectedSystems).where(inScope(connectedSystems.agencyCode, filter)).orderBy(asc(connectedSystems.code));
    },

    async history(entity: 'agency' | 'system', code: string) {
      const rows = await db.select().from(registryChanges).where(and(eq(registryChanges.entityCode, code), entity === 'system' ? inArray(registryChanges.entity, ['system', 'key']) : eq(registryChanges.entity, 'agency')))
        .orderBy(asc(registryChanges.id));
      return rows;
    },

    async recordChange(entity: 'key', entityCode: string, action: string, by: string, after: object | null) {
      await change(db, entity, entityCode, action, by, null, after);
    },

    /** Files a request; it takes effect only when someone else approves it. */
    async request(systemCode: string, kind: RequestKind, reason: string, by: string) {
      const sys = await getSystemRow(systemCode);
      if (!transitions[kind].from.includes(sys.status)) throw new LtError('SYSTEM_STATUS_TRANSITION', { kind, systemCode, status: sys.status });
      const [row] = await db.insert(systemRequests).values({ id: `req-${randomUUID()}`, systemCode, kind, reason, requestedBy: by }).returning();
      return row as typeof systemRequests.$inferSelect;
    },

    async listRequests(filter: AgencyScope & { systemCode?: string; status?: 'pending' | 'approved' | 'rejected' } = {}) {
      const ofScope = filter.agencies ? inArray(systemRequests.systemCode, db.select({ code: connectedSystems.code }).from(connectedSystems).where(inScope(connectedSystems.agencyCode, filter))) : undefined;
      const conds = [filter.systemCode ? eq(systemRequests.systemCode, filter.systemCode) : undefined, filter.status ? eq(systemRequests.status, filter.status) : undefined, ofScope].filter((c) => c !== undefined);
      return db.select().from(systemRequests).where(conds.length ? and(...conds) : undefined).orderBy(desc(systemRequests.requestedAt));
    },
    async getRequest(requestId: string) {
      const [row] = await db.select().from(systemRequests).where(eq(systemRequests.id, requestId));
      if (!row) throw new LtError('SYSTEM_REQUEST_NOT_FOUND', { requestId }, { field: 'requestId' });
      return row;
    },


    /** Approves or rejects a pending request; approval applies the status change and records it. */
    async decide(requestId: string, approve: boolean, by: string, note?: string) {
      return db.transaction(async (tx) => {
        const [req] = await tx.select().from(systemRequests).where(eq(systemRequests.id, requestId)).for('update');
        if (!req) throw new LtError('SYSTEM_REQUEST_NOT_FOUND', { requestId }, { field: 'requestId' });
        if (req.status !== 'pending') throw new LtError('SYSTEM_REQUEST_DECIDED', { requestId, status: req.status });
        if (req.requestedBy === by) throw new LtError('SYSTEM_REQUEST_SELF_APPROVAL', { requestId });
        let system: SystemRow | undefined;
        if (approve) {
          const [before] = await tx.select().from(connectedSystems).where(eq(connectedSystems.code, req.systemCode)).for('update');
          if (!before) throw new LtError('SYSTEM_NOT_FOUND', { systemCode: req.systemCode });
          const t = transitions[req.kind];
          if (!t.from.includes(before.status)) throw new LtError('SYSTEM_STATUS_TRANSITION', { kind: req.kind, systemCode: req.systemCode, status: before.status });
          [system] = await tx.update(connectedSystems).set({ status: t.to, updatedAt: sql`now()` }).where(eq(connectedSystems.code, req.systemCode)).returning();
          await change(tx, 'system', req.systemCode, req.kind, by, before, system as SystemRow, requestId);
          if (t.to === 'cancelled') {
            // A cancelled system's keys and session keys stop working at once.
            await tx.update(accessKeys).set({ revokedAt: sql`now()` }).where(and(eq(accessKeys.systemCode, req.systemCode), isNull(accessKeys.revokedAt)));
            await tx.update(sessionKeys).set({ revokedAt: sql`now()` }).where(and(eq(sessionKeys.sourceSystemCode, req.systemCode), isNull(sessionKeys.revokedAt)));
          }
        }
        const [decided] = await tx.update(systemRequests).set({ status: approve ? 'approved' : 'rejected', decidedBy: by, decidedAt: sql`now()`, decisionNote: note ?? null })
          .where(eq(systemRequests.id, requestId)).returning();
        return { request: decided as typeof systemRequests.$inferSelect, ...(system ? { system } : {}) };
      });
    },

    async touch(systemCode: string): Promise<void> {
      await db.update(connectedSystems).set({ lastSeenAt: sql`now()` }).where(eq(connectedSystems.code, systemCode));
    },
  };
}
export type RegistryService = ReturnType<typeof createRegistryService>;
