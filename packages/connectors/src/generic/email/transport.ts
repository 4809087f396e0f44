import { isIP } from 'node:net';
import { LtError } from '@lienthong/errors';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';

/**
 * nodemailer transport options for a mail server URL, shared by the email connector and alert mail. Encryption is
 * required unless the URL turns it off:
 * - `smtp://host:587` — STARTTLS required (`requireTLS`): a server that does not offer it gets neither password nor mail;
 * - `smtps://host:465` — TLS from the first byte;
 * - `smtp://host:25?tls=none` — no encryption, only when written out, and never with a user name or password (AUTH is
 *   never sent in clear).
 * The login comes from the URL (`smtp://user:pass@host`) or from `o.auth`; `o.ca` adds a certificate authority to trust
 * (a province's own CA, PEM). Errors are coded (CONNECTOR_SMTP_URL_INVALID, CONNECTOR_SMTP_CLEAR_AUTH) and never quote
 * the URL, which may hold the password.
 */
export interface SmtpTransportInput {
  ca?: string | Buffer | undefined;
  auth?: { user: string; pass: string } | undefined;
  /** Connection, greeting and socket timeout (ms). */
  timeoutMs?: number;
}

const TLS_MODES = ['starttls', 'implicit', 'none'] as const;

export function smtpTransportOptions(url: string, o: SmtpTransportInput = {}): SMTPTransport.Options {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new LtError('CONNECTOR_SMTP_URL_INVALID', { detail: 'not a URL (smtp://… or smtps://…)' });
  }
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') {
    throw new LtError('CONNECTOR_SMTP_URL_INVALID', { detail: `must start with smtp:// or smtps://, not ${u.protocol}//` });
  }
  const implicit = u.protocol === 'smtps:';
  const tls = u.searchParams.get('tls') ?? (implicit ? 'implicit' : 'starttls');
  if (!(TLS_MODES as readonly string[]).includes(tls) || implicit !== (tls === 'implicit')) {
    throw new LtError('CONNECTOR_SMTP_URL_INVALID', { detail: `tls=${tls.slice(0, 20)} is not one of starttls (smtp://, the default), none (smtp:// only) or implicit (smtps://)` });
  }
  const auth = o.auth ?? (u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined);
  const plain = tls === 'none';
  if (plain && (auth || u.password)) throw new LtError('CONNECTOR_SMTP_CLEAR_AUTH', {});
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (!host) throw new LtError('CONNECTOR_SMTP_URL_INVALID', { detail: 'no host' });
  const timeout = o.timeoutMs ?? 10_000;
  return {
    host, port: Number(u.port || (implicit ? 465 : 587)),
    secure: implicit, requireTLS: !implicit && !plain, ignoreTLS: plain,
    ...(auth ? { auth } : {}),
    tls: { minVersion: 'TLSv1.2', ...(isIP(host) ? {} : { servername: host }), ...(o.ca ? { ca: o.ca } : {}) },
    connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: Math.max(timeout, o.timeoutMs ?? 30_000),
  };
}

/**
 * The URL of an `smtp` credential: `url` (preferred), or the older host/port/secure fields, read the same way
 * (secure → smtps://, otherwise smtp:// with STARTTLS required).
 */
export function smtpUrlOf(cred: Record<string, unknown>): string {
  if (typeof cred.url === 'string' && cred.url !== '') return cred.url;
  if (typeof cred.host !== 'string' || cred.host === '') throw new LtError('CONNECTOR_CREDENTIAL_NOT_FOUND', { credentialId: `${String(cred.type)}.url` });
  const secure = cred.secure === true;
  const port = typeof cred.port === 'number' || typeof cred.port === 'string' ? String(cred.port) : secure ? '465' : '587';
  const host = isIP(cred.host) === 6 ? `[${cred.host}]` : cred.host;
  return `${secure ? 'smtps' : 'smtp'}://${host}:${port}`;
}
