import { and, desc, eq, sql } from 'drizzle-orm';
import { LtError, LtErrors } from '@lienthong/errors';
import { compile, credentialUses, type Plan } from '@lienthong/flow';
import { flows, flowVersions, grantedCredentials, type Db } from '@lienthong/db';
import type { ConnectorManifest, FlowDocument } from '@lienthong/schemas';

export interface PublishedVersion {
  flowKey: string;
  version: number;
  hash: string;
}

export interface FlowVersionRow {
  flowKey: string;
  version: number;
  hash: string;
  document: FlowDocument;
  plan: Plan;
  note: string | null;
  publishedBy: string | null;
  publishedAt: Date;
}

/** Validates without storing: every problem at once. */
export function validateFlow(document: unknown, manifests: readonly ConnectorManifest[]): LtError[] {
  const r = compile(document, manifests);
  return r.ok ? [] : r.errors;
}

/** Every credential the flow names must be granted to its key (a test run's `<key>--thu` gets `<key>`'s grants). */
export async function checkCredentialGrants(db: Db, doc: FlowDocument): Promise<void> {
  const uses = credentialUses(doc);
  const granted = await grantedCredentials(db, doc.key, [...new Set(uses.map((u) => u.credentialId))]);
  const refused = uses.filter((u) => !granted.has(u.credentialId));
  if (refused.length > 0) {
    throw new LtErrors(refused.map((u) => new LtError('CREDENTIAL_NOT_GRANTED', { flowKey: doc.key, credentialId: u.credentialId }, { nodeId: u.nodeId, pointer: u.pointer })));
  }
}

export function createFlowService(db: Db, manifests: readonly ConnectorManifest[]) {
  const planCache = new Map<string, FlowVersionRow>();

  return {
    validate: (document: unknown) => validateFlow(document, manifests),

    /** Appends a new version. Publishing the same content as the latest version returns it unchanged. */
    async publish(document: unknown, opts: { note?: string; by?: string } = {}): Promise<PublishedVersion> {
      const probe = compile(document, manifests);
      if (!probe.ok) throw new LtErrors(probe.errors);
      const doc = document as FlowDocument;
      await checkCredentialGrants(db, doc);
      return db.transaction(async (tx) => {
        await tx.insert(flows).values({ key: doc.key, title: doc.title }).onConflictDoNothing();
        // Row lock so two publishers of the same flow get consecutive versions.
        const [flow] = await tx.select().from(flows).where(eq(flows.key, doc.key)).for('update');
        const latest = flow?.latestVersion ?? 0;
        if (latest > 0) {
          const [prev] = await tx.select({ hash: flowVersions.hash }).from(flowVersions).where(and(eq(flowVersions.flowKey, doc.key), eq(flowVersions.version, latest)));
          if (prev?.hash === probe.plan.hash) return { flowKey: doc.key, version: latest, hash: prev.hash };
        }
        const version = latest + 1;
        const compiled = compile(document, manifests, { version });
        if (!compiled.ok) throw new LtErrors(compiled.errors);
        const stored: FlowDocument = { ...doc, version };
        await tx.insert(flowVersions).values({ flowKey: doc.key, version, hash: compiled.plan.hash, document: stored,
          plan: compiled.plan as unknown as Record<string, unknown>, note: opts.note ?? null, publishedBy: opts.by ?? null });
        await tx.update(flows).set({ latestVersion: version, title: doc.title, updatedAt: sql`now()` }).where(eq(flows.key, doc.key));
        return { flowKey: doc.key, version, hash: compiled.plan.hash };
      });
    },

    async list() {
      return db.select().from(flows).orderBy(flows.key);
    },

    async versions(flowKey: string) {
      return db.select({ version: flowVersions.version, hash: flowVersions.hash, note: flowVersions.note, publishedBy: flowVersions.publishedBy, publishedAt: flowVersions.publishedAt })
        .from(flowVersions).where(eq(flowVersions.flowKey, flowKey)).orderBy(desc(flowVersions.version));
    },

    /** A version (the latest when absent). Versions are immutable, so they are cached by key and number. */
    async get(flowKey: string, version?: number): Promise<FlowVersionRow> {
      let v = version;
      if (v === undefined) {
        const [flow] = await db.select({ latest: flows.latestVersion }).from(flows).where(eq(flows.key, flowKey));
        if (!flow || flow.latest === 0) throw new LtError('FLOW_NOT_FOUND', { flowKey }, { field: 'flowKey' });
        v = flow.latest;
      }
      const cacheKey = `${flowKey}@${v}`;
      const hit = planCache.get(cacheKey);
      if (hit) return hit;
      const [row] = await db.select().from(flowVersions).where(and(eq(flowVersions.flowKey, flowKey), eq(flowVersions.version, v)));
      if (!row) throw version === undefined ? new LtError('FLOW_NOT_FOUND', { flowKey }) : new LtError('FLOW_VERSION_NOT_FOUND', { flowKey, version: v });
      const out = { ...row, plan: row.plan as unknown as Plan };
      planCache.set(cacheKey, out);
      return out;
    },
  };
}
export type FlowService = ReturnType<typeof createFlowService>;
