import { asc, eq, inArray } from 'drizzle-orm';
import { LtError } from '@lienthong/errors';
import { credentialGrants, credentials, type Db } from '@lienthong/db';
import { FLOW_KEY_PATTERN } from '@lienthong/schemas';

export interface CredentialView {
  id: string;
  type: string;
  updatedAt: Date;
  /** Flow keys granted the credential (`*`: every flow). A flow's test run `<key>--thu` gets `<key>`'s grants. */
  flows: string[];
}

const flowKey = new RegExp(FLOW_KEY_PATTERN);

/**
 * Which flows may use which credential (admins). Values are never read here: only ids, types and grants.
 * Publishing checks the grants (flows.ts) and the worker checks them again before resolving a credential.
 */
export function createCredentialService(db: Db) {
  async function view(ids?: readonly string[]): Promise<CredentialView[]> {
    const rows = await db.select({ id: credentials.id, type: credentials.type, updatedAt: credentials.updatedAt }).from(credentials)
      .where(ids ? inArray(credentials.id, [...ids]) : undefined).orderBy(asc(credentials.id));
    const grants = await db.select().from(credentialGrants).orderBy(asc(credentialGrants.flowKey));
    return rows.map((r) => ({ ...r, flows: grants.filter((g) => g.credentialId === r.id).map((g) => g.flowKey) }));
  }

  return {
    list: () => view(),

    /** Replaces the set of flows granted the credential. */
    async setGrants(id: string, flows: readonly string[], by: string): Promise<CredentialView> {
      flows.forEach((f, i) => {
        if (f !== '*' && !flowKey.test(f)) throw new LtError('REQUEST_VALIDATION_FAILED', { pointer: `/flows/${i}`, detail: `"${f}" is neither a flow key nor *` }, { pointer: `/flows/${i}` });
      });
      const [exists] = await db.select({ id: credentials.id }).from(credentials).where(eq(credentials.id, id));
      if (!exists) throw new LtError('CONNECTOR_CREDENTIAL_NOT_FOUND', { credentialId: id }, { field: 'credentialId' });
      await db.transaction(async (tx) => {
        await tx.delete(credentialGrants).where(eq(credentialGrants.credentialId, id));
        const unique = [...new Set(flows)];
        if (unique.length > 0) await tx.insert(credentialGrants).values(unique.map((f) => ({ credentialId: id, flowKey: f, grantedBy: by })));
      });
      const [v] = await view([id]);
      return v as CredentialView;
    },
  };
}
export type CredentialService = ReturnType<typeof createCredentialService>;
