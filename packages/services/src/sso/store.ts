import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { LtError } from '@lienthong/errors';
import { createCredentialStore, ssoClaimRules, ssoConfig, type Db, type MasterKey } from '@lienthong/db';
import { checkRules, type ClaimRule } from './rules.js';

/** Where the client secret lives in the credential store (encrypted, never returned). */
export const SSO_SECRET_CREDENTIAL = 'sso-oidc-client';
const ROW = 'default';

/** The provider settings as the console sees them: whether a secret is stored, never the secret. */
export interface SsoConfigView {
  enabled: boolean;
  issuer: string;
  clientId: string;
  hasSecret: boolean;
  scopes: string;
  label: string | null;
  updatedBy: string | null;
  updatedAt: Date | null;
}

export interface SsoConfigInput {
  enabled: boolean;
  issuer: string;
  clientId: string;
  /** Write-only: given to set or replace it, left out to keep the stored one. */
  clientSecret?: string | undefined;
  scopes?: string | undefined;
  label?: string | null | undefined;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** HTTPS issuers only, except a provider on this machine (tests, a local proxy). */
export function checkIssuer(issuer: string): URL {
  let url: URL;
  try { url = new URL(issuer); } catch { throw new LtError('REQUEST_VALIDATION_FAILED', { pointer: '/issuer', detail: 'not a URL' }, { pointer: '/issuer' }); }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new LtError('REQUEST_VALIDATION_FAILED', { pointer: '/issuer', detail: 'the issuer must be an https:// URL' }, { pointer: '/issuer' });
  }
  return url;
}

export function createSsoStore(db: Db, masterKey?: MasterKey, older: readonly MasterKey[] = []) {
  const secrets = masterKey ? createCredentialStore(db, masterKey, older) : null;

  async function row() {
    const [r] = await db.select().from(ssoConfig).where(eq(ssoConfig.id, ROW));
    return r ?? null;
  }

  return {
    row,

    async view(): Promise<SsoConfigView> {
      const r = await row();
      if (!r) return { enabled: false, issuer: '', clientId: '', hasSecret: false, scopes: 'openid profile email', label: null, updatedBy: null, updatedAt: null };
      return { enabled: r.enabled, issuer: r.issuer, clientId: r.clientId, hasSecret: !!r.secretCredentialId, scopes: r.scopes, label: r.label, updatedBy: r.updatedBy, updatedAt: r.updatedAt };
    },

    async save(input: SsoConfigInput, by: string): Promise<void> {
      checkIssuer(input.issuer);
      if (!/^[\x21-\x7e]{1,200}$/.test(input.clientId)) throw new LtError('REQUEST_VALIDATION_FAILED', { pointer: '/clientId', detail: 'printable ASCII, 1-200 characters' }, { pointer: '/clientId' });
      const scopes = (input.scopes ?? 'openid profile email').trim().split(/\s+/);
      if (!scopes.includes('openid')) throw new LtError('REQUEST_VALIDATION_FAILED', { pointer: '/scopes', detail: 'must include openid' }, { pointer: '/scopes' });
      const existing = await row();
      let secretCredentialId = existing?.secretCredentialId ?? null;
      if (input.clientSecret) {
        if (!secrets) throw new LtError('SSO_NOT_CONFIGURED');
        await secrets.put(SSO_SECRET_CREDENTIAL, 'oidc-client', { clientSecret: input.clientSecret });
        secretCredentialId = SSO_SECRET_CREDENTIAL;
      }
      const values = { enabled: input.enabled, issuer: input.issuer.replace(/\/+$/, ''), clientId: input.clientId, secretCredentialId, scopes: scopes.join(' '),
        label: input.label ?? null, updatedBy: by, updatedAt: new Date() };
      await db.insert(ssoConfig).values({ id: ROW, ...values }).onConflictDoUpdate({ target: ssoConfig.id, set: values });
    },

    /** The stored client secret (for the token request only). */
    async clientSecret(): Promise<string | undefined> {
      const r = await row();
      if (!r?.secretCredentialId || !secrets) return undefined;
      const v = await secrets.resolve(r.secretCredentialId);
      return typeof v.clientSecret === 'string' ? v.clientSecret : undefined;
    },

    async rules(): Promise<ClaimRule[]> {
      const rows = await db.select().from(ssoClaimRules).orderBy(asc(ssoClaimRules.position));
      return rows.map((r) => ({ claim: r.claim, value: r.value, role: r.role, agency: r.agency, agencyClaim: r.agencyClaim }));
    },

    /** Replaces the whole ordered list (the console edits it as one table). */
    async setRules(rules: readonly ClaimRule[]): Promise<void> {
      checkRules(rules);
      await db.transaction(async (tx) => {
        await tx.delete(ssoClaimRules);
        if (rules.length > 0) await tx.insert(ssoClaimRules).values(rules.map((r, i) => ({ id: `ssr-${randomUUID()}`, position: i, claim: r.claim, value: r.value, role: r.role, agency: r.agency, agencyClaim: r.agencyClaim })));
      });
    },
  };
}
export type SsoStore = ReturnType<typeof createSsoStore>;
