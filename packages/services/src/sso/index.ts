import { createHash } from 'node:crypto';
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import * as oidc from 'openid-client';
import { LtError } from '@lienthong/errors';
import { decryptJson, encryptJson, ssoLogins, ssoSessions, type Db, type MasterKey } from '@lienthong/db';
import { USER_SESSION_TTL_SECONDS, type UserService } from '../users.js';
import { upsertExternalUser } from './accounts.js';
import { grantsFromClaims } from './rules.js';
import { checkIssuer, createSsoStore, type SsoConfigInput, type SsoConfigView } from './store.js';

export { checkRules, grantsFromClaims, type ClaimRule } from './rules.js';
export { SSO_SECRET_CREDENTIAL, type SsoConfigInput, type SsoConfigView } from './store.js';

/** A sign-in must come back from the provider within this time. */
const LOGIN_TTL_MS = 10 * 60_000;
export const CALLBACK_PATH = '/auth/oidc/callback';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** What the provider's answer means for the person, in our codes (openid-client's own errors carry its wording only). */
function refusal(err: unknown, issuer: string): LtError {
  if (err instanceof LtError) return err;
  const e = err as { code?: string; message?: string; error?: string; error_description?: string; cause?: { claim?: string; cause?: { claim?: string } } };
  const msg = e.message ?? String(err);
  // openid-client wraps oauth4webapi's error, which names the claim that differed.
  const claim = e.cause?.claim ?? e.cause?.cause?.claim;
  if (e.code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && claim === 'nonce') return new LtError('SSO_NONCE_INVALID');
  if (e.code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && claim === 'iss') return new LtError('SSO_ISSUER_UNKNOWN', { issuer: 'ID token' });
  if (/\biss\b|issuer/i.test(msg) && e.code?.startsWith('OAUTH_')) return new LtError('SSO_ISSUER_UNKNOWN', { issuer });
  if (e.error) return new LtError('SSO_PROVIDER_REFUSED', { detail: `${e.error}${e.error_description ? `: ${e.error_description}` : ''}` });
  if (e.code?.startsWith('OAUTH_')) return new LtError('SSO_PROVIDER_REFUSED', { detail: msg.slice(0, 200) });
  return new LtError('SSO_PROVIDER_UNAVAILABLE', { detail: msg.slice(0, 200) });
}

/**
 * Single sign-on with the province's OpenID Connect provider: authorization code with PKCE, state and nonce kept
 * server-side for one use, roles and agency from the admin's claim rules, our own session, and sign-out at both ends.
 */
export function createSsoService(deps: { db: Db; users: UserService; masterKey?: MasterKey | undefined; olderMasterKeys?: readonly MasterKey[] | undefined }) {
  const { db } = deps;
  const store = createSsoStore(db, deps.masterKey, deps.olderMasterKeys ?? []);
  // The ID token kept for the provider's sign-out is a credential: stored encrypted under the master key (`<key id>:<blob>`).
  const keys = new Map([deps.masterKey, ...(deps.olderMasterKeys ?? [])].filter((k): k is MasterKey => !!k).map((k) => [k.id, k]));
  const sealToken = (t: string): string => (deps.masterKey ? `${deps.masterKey.id}:${encryptJson(t, deps.masterKey)}` : '');
  const openToken = (sealed: string): string | undefined => {
    const [keyId, blob] = sealed.split(':');
    const key = keyId ? keys.get(keyId) : undefined;
    try { return key && blob ? decryptJson<string>(blob, key) : undefined; } catch { return undefined; }
  };
  // Discovery once per saved configuration (its updatedAt), not per sign-in.
  let cached: { key: string; config: Promise<oidc.Configuration> } | null = null;

  async function enabledRow() {
    const r = await store.row();
    if (!r?.enabled) throw new LtError('SSO_NOT_CONFIGURED');
    return r;
  }

  async function discover(issuer: string, clientId: string, secret: string | undefined): Promise<oidc.Configuration> {
    const url = new URL(issuer);
    const insecure = url.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {};
    try {
      return await oidc.discovery(url, clientId, undefined, secret ? oidc.ClientSecretPost(secret) : oidc.None(), { ...insecure, timeout: 10 });
    } catch (err) {
      throw new LtError('SSO_DISCOVERY_FAILED', { issuer, detail: ((err as Error).message ?? String(err)).slice(0, 200) }, { pointer: '/issuer' });
    }
  }

  async function configuration(r: NonNullable<Awaited<ReturnType<typeof store.row>>>): Promise<oidc.Configuration> {
    const key = `${r.issuer}|${r.clientId}|${r.updatedAt.toISOString()}`;
    if (cached?.key !== key) {
      const config = store.clientSecret().then((s) => discover(r.issuer, r.clientId, s));
      cached = { key, config };
      config.catch(() => { if (cached?.key === key) cached = null; }); // a provider down now may be up at the next try
    }
    return cached.config;
  }

  return {
    config: () => store.view(),
    rules: () => store.rules(),
    setRules: store.setRules,

    /** Saves the provider settings; turned on, the provider must answer its discovery document now (not at the first sign-in). */
    async setConfig(input: SsoConfigInput, by: string): Promise<SsoConfigView> {
      checkIssuer(input.issuer); // before any request: an http:// provider elsewhere is never contacted
      if (input.enabled) {
        await discover(input.issuer.replace(/\/+$/, ''), input.clientId, input.clientSecret ?? (await store.clientSecret()));
      }
      await store.save(input, by);
      cached = null;
      return store.view();
    },

    /** For the sign-in screen: whether to offer the button, and its words. */
    async status(): Promise<{ enabled: boolean; label: string | null }> {
      const r = await store.row();
      return { enabled: !!r?.enabled, label: r?.enabled ? r.label : null };
    },

    /** The provider's authorization URL for a new sign-in, and the state the browser must bring back (in a cookie). */
    async begin(publicBase: string): Promise<{ url: string; state: string }> {
      const r = await enabledRow();
      const config = await configuration(r);
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const redirectUri = `${publicBase}${CALLBACK_PATH}`;
      await db.delete(ssoLogins).where(lt(ssoLogins.createdAt, new Date(Date.now() - LOGIN_TTL_MS)));
      // ID tokens kept for sign-out outlive no session: a session lasts USER_SESSION_TTL_SECONDS at most.
      await db.delete(ssoSessions).where(lt(ssoSessions.createdAt, new Date(Date.now() - USER_SESSION_TTL_SECONDS * 1000)));
      await db.insert(ssoLogins).values({ state, nonce, codeVerifier, issuer: r.issuer, redirectUri });
      const url = oidc.buildAuthorizationUrl(config, { redirect_uri: redirectUri, scope: r.scopes, state, nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier), code_challenge_method: 'S256' });
      return { url: url.href, state };
    },

    /**
     * The provider sent the browser back: the state must be the one this browser started with (its cookie) and unused;
     * the issuer ours; the code is exchanged with the PKCE verifier and the ID token checked (signature, audience, nonce).
     */
    async complete(callback: URL, browserState: string | undefined, ip?: string) {
      const state = callback.searchParams.get('state');
      if (!state || !browserState || state !== browserState) throw new LtError('SSO_STATE_INVALID');
      const [login] = await db.update(ssoLogins).set({ usedAt: sql`now()` })
        .where(and(eq(ssoLogins.state, state), isNull(ssoLogins.usedAt), gt(ssoLogins.createdAt, new Date(Date.now() - LOGIN_TTL_MS)))).returning();
      if (!login) throw new LtError('SSO_STATE_INVALID');
      const r = await enabledRow();
      const iss = callback.searchParams.get('iss');
      if (r.issuer !== login.issuer || (iss !== null && iss !== r.issuer)) throw new LtError('SSO_ISSUER_UNKNOWN', { issuer: iss ?? login.issuer });
      const config = await configuration(r);
      const answered = new URL(login.redirectUri);
      answered.search = callback.search;
      let claims: Record<string, unknown>;
      let idToken: string;
      try {
        const tokens = await oidc.authorizationCodeGrant(config, answered, { pkceCodeVerifier: login.codeVerifier, expectedState: state, expectedNonce: login.nonce, idTokenExpected: true });
        const idClaims = tokens.claims();
        if (!idClaims || !tokens.id_token) throw new LtError('SSO_PROVIDER_REFUSED', { detail: 'no ID token' });
        if (idClaims.iss !== r.issuer) throw new LtError('SSO_ISSUER_UNKNOWN', { issuer: idClaims.iss });
        const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        claims = { ...info, ...idClaims };
        idToken = tokens.id_token;
      } catch (err) { throw refusal(err, r.issuer); }
      const roles = grantsFromClaims(await store.rules(), claims);
      if (roles.length === 0) throw new LtError('SSO_NO_ROLE', { subject: String(claims.preferred_username ?? claims.sub) });
      const user = await upsertExternalUser(db, r.issuer, claims, roles);
      const session = await deps.users.openSession(user.id, ip);
      await db.insert(ssoSessions).values({ tokenHash: session.tokenHash, userId: user.id, issuer: r.issuer, idToken: sealToken(idToken) });
      return { token: session.token, expiresAt: session.expiresAt, username: user.username, roles };
    },

    /** Ends our session; for one opened through the provider, the provider's sign-out URL (its session ends there). */
    async end(token: string | undefined, publicBase: string): Promise<string | null> {
      if (!token) return null;
      await deps.users.logout(token);
      const [s] = await db.delete(ssoSessions).where(eq(ssoSessions.tokenHash, sha256(token))).returning();
      if (!s) return null;
      const r = await store.row();
      if (!r?.enabled || r.issuer !== s.issuer) return null;
      try {
        const config = await configuration(r);
        if (!config.serverMetadata().end_session_endpoint) return null;
        const hint = openToken(s.idToken); // without it (a rotated-away key) the provider asks the person to confirm
        return oidc.buildEndSessionUrl(config, { ...(hint ? { id_token_hint: hint } : {}), post_logout_redirect_uri: `${publicBase}/`, client_id: r.clientId }).href;
      } catch { return null; } // the provider is down: our session has ended all the same
    },
  };
}
export type SsoService = ReturnType<typeof createSsoService>;
