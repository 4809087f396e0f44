import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

/** A connected system's key pair (issued by an operator: POST /api/v1/systems/{code}/keys). */
export interface LtCredentials {
  accessKeyId: string;
  secretKey: string;
  /** Any region name; the platform accepts every region. */
  region?: string;
}

/** The SigV4 service name of the platform (`curl --aws-sigv4 "aws:amz:<region>:lienthong"`). */
export const LT_SIGV4_SERVICE = 'lienthong';

export interface SignOptions {
  /** Signing clock (tests); the platform refuses a date more than 5 minutes from its own. */
  now?: () => Date;
  /**
   * Adds a random `x-lt-nonce` header to every request (default true): two identical calls signed in the same second
   * would otherwise carry the same signature, and the second would be refused as a replay (AUTH_REPLAY).
   */
  nonce?: boolean;
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

async function sha256hex(body: string | Uint8Array): Promise<string> {
  const h = new Sha256();
  h.update(body);
  return hex(await h.digest());
}

function queryOf(u: URL): Record<string, string | string[]> {
  const q: Record<string, string | string[]> = {};
  for (const [k, v] of u.searchParams) {
    const had = q[k];
    q[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return q;
}

/**
 * Signs requests with the AWS SDK's own SigV4 signer (@smithy/signature-v4): every header given is signed
 * (Content-Type, Idempotency-Key), with the body's SHA-256 as x-amz-content-sha256. Returns the headers to send.
 */
export function createRequestSigner(c: LtCredentials, o: SignOptions = {}) {
  const signer = new SignatureV4({ credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretKey }, region: c.region ?? 'vn', service: LT_SIGV4_SERVICE, sha256: Sha256 });
  return async function sign(url: string, init: { method: string; headers?: Record<string, string>; body?: string | Uint8Array }): Promise<Record<string, string>> {
    const u = new URL(url);
    const body = init.body ?? '';
    const given = Object.fromEntries(Object.entries(init.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    if (o.nonce !== false) given['x-lt-nonce'] ??= globalThis.crypto.randomUUID();
    const signed = await signer.sign({
      method: init.method.toUpperCase(), protocol: u.protocol, hostname: u.hostname, ...(u.port ? { port: Number(u.port) } : {}), path: u.pathname, query: queryOf(u),
      headers: { ...given, host: u.host, 'x-amz-content-sha256': await sha256hex(body) }, body,
    }, o.now ? { signingDate: o.now() } : {});
    const headers = { ...(signed.headers as Record<string, string>) };
    delete headers.host; // fetch sends Host itself
    return headers;
  };
}
export type RequestSigner = ReturnType<typeof createRequestSigner>;
