import { isIP } from 'node:net';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';

/** A mail server address the platform refuses to use, with the reason (the URL's password is never in it). */
export class SmtpUrlError extends Error {
  override readonly name = 'SmtpUrlError';
}

/**
 * nodemailer transport options for an alert mail URL. Encryption is required unless the URL turns it off:
 * - `smtp://user:pass@host:587` — STARTTLS required (`requireTLS`): no server that fails to offer it gets the password
 *   or the mail;
 * - `smtps://user:pass@host:465` — TLS from the first byte;
 * - `smtp://host:25?tls=none` — no encryption, only when written explicitly, and then without credentials (AUTH is
 *   never sent in clear).
 * `ca` adds a certificate authority to trust (a province's internal CA, LT_ALERT_SMTP_CA).
 */
export function smtpTransportOptions(url: string, o: { ca?: string | Buffer } = {}): SMTPTransport.Options {
  let u: URL;
  try { u = new URL(url); } catch { throw new SmtpUrlError('LT_ALERT_SMTP_URL is not a URL (smtp://… or smtps://…)'); }
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') throw new SmtpUrlError(`LT_ALERT_SMTP_URL must start with smtp:// or smtps://, not ${u.protocol}//`);
  const tls = u.searchParams.get('tls') ?? (u.protocol === 'smtps:' ? 'implicit' : 'starttls');
  const implicit = u.protocol === 'smtps:';
  if (!['starttls', 'none', 'implicit'].includes(tls) || (implicit && tls !== 'implicit') || (!implicit && tls === 'implicit')) {
    throw new SmtpUrlError(`LT_ALERT_SMTP_URL: tls=${tls} is not one of starttls (smtp://, the default), none (smtp:// only) or implicit (smtps://)`);
  }
  const plain = tls === 'none';
  if (plain && (u.username || u.password)) throw new SmtpUrlError('LT_ALERT_SMTP_URL: tls=none with a user name or password would send them in clear');
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return {
    host, port: Number(u.port || (implicit ? 465 : 587)),
    secure: implicit, requireTLS: !implicit && !plain, ignoreTLS: plain,
    ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
    tls: { minVersion: 'TLSv1.2', ...(isIP(host) ? {} : { servername: host }), ...(o.ca ? { ca: o.ca } : {}) },
    connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000,
  };
}
