import { LtError } from '@lienthong/errors';
import { smtpTransportOptions as transportFromUrl } from '@lienthong/connectors/smtp';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';

/** A mail server address the platform refuses to use, with the reason (the URL's password is never in it). */
export class SmtpUrlError extends Error {
  override readonly name = 'SmtpUrlError';
}

/**
 * nodemailer transport options for the alert mail URL (LT_ALERT_SMTP_URL), read by the same rules as the email
 * connector's (`@lienthong/connectors/smtp`, one place): `smtp://` requires STARTTLS, `smtps://` is TLS from the first
 * byte, `?tls=none` only when written out and never with credentials. `ca` adds a certificate authority to trust (a
 * province's internal CA, LT_ALERT_SMTP_CA).
 */
export function smtpTransportOptions(url: string, o: { ca?: string | Buffer } = {}): SMTPTransport.Options {
  try {
    return transportFromUrl(url, { ca: o.ca });
  } catch (err) {
    if (err instanceof LtError) throw new SmtpUrlError(`LT_ALERT_SMTP_URL (${err.code}): ${err.message}`);
    throw err;
  }
}
