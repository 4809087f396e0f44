import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

/** An official of the province as the test provider knows them: the password and the claims it vouches for. */
export interface ProviderAccount { password: string; claims: Record<string, unknown> }

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title: string, body: string) => `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * A real OpenID Connect provider (the `oidc-provider` package) on a loopback port: one confidential client whose
 * redirect URI is `${platformUrl}/auth/oidc/callback`, a plain login page (Vietnamese) checking the accounts'
 * passwords, no consent step (a first-party client), and RP-initiated sign-out with a confirmation page.
 */
export async function startOidcProvider(platformUrl: string, accounts: Record<string, ProviderAccount>): Promise<TestOidcProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'lienthong';
  const clientSecret = randomBytes(24).toString('base64url');
  const signingKey = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'test-1', use: 'sig', alg: 'RS256' };
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [`${platformUrl}/auth/oidc/callback`], post_logout_redirect_uris: [`${platformUrl}/`],
      grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post' }],
    jwks: { keys: [signingKey as never] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    pkce: { required: () => true },
    scopes: ['openid', 'profile', 'email', 'org'],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'], org: ['groups', 'ou'] },
    findAccount: (_ctx, sub) => {
      const a = accounts[sub];
      return a ? { accountId: sub, claims: () => ({ sub, ...a.claims }) } : undefined;
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // First-party client: the scopes asked for are granted without a consent page.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(ctx.oidc.client?.clientId ?? '');
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client?.clientId ?? '', accountId: ctx.oidc.session?.accountId ?? '' });
      grant.addOIDCScope([...(ctx.oidc.requestParamScopes ?? [])].join(' '));
      await grant.save();
      return grant;
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource: (ctx, form) => {
        ctx.body = page('Đăng xuất khỏi cổng định danh tỉnh? / Sign out of the province identity provider?',
          `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes" data-testid="op-logout">Đăng xuất / Sign out</button>`);
      } },
    },
  });
  const callback = provider.callback();
  server.on('request', (req, res) => {
    const m = /^\/interaction\/([\w-]+)(\/login)?$/.exec((req.url ?? '').split('?')[0] ?? '');
    if (!m) return callback(req, res);
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      if (!m[2]) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(page('Cổng định danh tỉnh / Province identity provider',
          `<form method="post" action="/interaction/${escape(details.uid)}/login"><label>Tên đăng nhập <input name="login" data-testid="op-login"></label>
<label>Mật khẩu <input type="password" name="password" data-testid="op-password"></label><button type="submit" data-testid="op-submit">Đăng nhập / Sign in</button></form>`));
      }
      const form = await formOf(req);
      const login = form.get('login') ?? '';
      if (accounts[login]?.password !== form.get('password')) {
        res.writeHead(401, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(page('Sai tên đăng nhập hoặc mật khẩu / Wrong login or password', ''));
      }
      await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
    })().catch((err: unknown) => { res.writeHead(500); res.end(String(err)); });
  });
  return { issuer, clientId, clientSecret, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}
