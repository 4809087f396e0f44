import { LtError } from '@lienthong/errors';
import { createTransport } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';

/**
 * Sends one message with nodemailer over the transport from `smtpTransportOptions` (encryption required unless the URL
 * turns it off). Failures are classified like HTTP ones: 4xx → retryable (CONNECTOR_UNAVAILABLE), 530/535 →
 * CONNECTOR_AUTH_FAILED, other 5xx → CONNECTOR_REJECTED with the reply code; no STARTTLS or an untrusted certificate →
 * CONNECTOR_TLS_REQUIRED (nothing was sent, retrying will not help); silence → CONNECTOR_TIMEOUT; a broken socket →
 * CONNECTOR_NETWORK.
 */
export const SYSTEM = 'SMTP';

interface SmtpFailure extends Error { code?: string; responseCode?: number; response?: string; rejectedErrors?: SmtpFailure[] }

export function classify(err: SmtpFailure, system: string, timeoutMs = 0): LtError {
  const detail = (err.response ?? err.message).replace(/\s+/g, ' ').slice(0, 120);
  const reply = err.responseCode;
  if (err.code === 'ETLS' || (err.code === 'ESOCKET' && /certificate|self[- ]signed|tls|ssl|handshake/i.test(err.message))) {
    return new LtError('CONNECTOR_TLS_REQUIRED', { system, detail: err.message.replace(/\s+/g, ' ').slice(0, 120) });
  }
  if (reply === 535 || reply === 530 || (err.code === 'EAUTH' && reply === undefined)) return new LtError('CONNECTOR_AUTH_FAILED', { system, remoteCode: String(reply ?? 'EAUTH') });
  if (reply !== undefined && reply >= 400 && reply < 500) return new LtError('CONNECTOR_UNAVAILABLE', { system, httpStatus: reply, detail });
  if (reply !== undefined && reply >= 500) return new LtError('CONNECTOR_REJECTED', { system, remoteCode: String(reply), detail });
  if (err.code === 'ETIMEDOUT') return new LtError('CONNECTOR_TIMEOUT', { system, ms: timeoutMs });
  return new LtError('CONNECTOR_NETWORK', { system, detail: `${err.code ?? 'socket error'}: ${detail}` });
}

export interface SendResult { accepted: string[]; rejected: { address: string; code: string }[] }

/** Sends one message. Recipients refused with 5xx are returned, the others receive it; none accepted is an error. */
export async function sendMail(options: SMTPTransport.Options, message: Mail.Options): Promise<SendResult> {
  const system = `${options.host ?? 'smtp'}:${options.port ?? ''}`;
  const transport = createTransport({ ...options, logger: false, debug: false });
  try {
    const info = await transport.sendMail(message);
    const failures = (info as { rejectedErrors?: SmtpFailure[] }).rejectedErrors ?? [];
    // A 4xx for one recipient is the server's trouble, not the mailbox's: retry the whole message.
    const transient = failures.find((f) => (f.responseCode ?? 0) < 500);
    if (transient) throw classify(transient, system);
    const address = (a: string | Mail.Address) => (typeof a === 'string' ? a : a.address);
    const rejected = info.rejected.map(address);
    return {
      accepted: info.accepted.map(address),
      rejected: rejected.map((a, i) => ({ address: a, code: String(failures[i]?.responseCode ?? 550) })),
    };
  } catch (err) {
    if (err instanceof LtError) throw err;
    const e = err as SmtpFailure;
    // Every recipient refused: nodemailer fails the envelope; the first refusal's code says why.
    const first = e.rejectedErrors?.[0];
    if (e.code === 'EENVELOPE' && first) {
      if ((first.responseCode ?? 0) < 500) throw classify(first, system);
      throw new LtError('CONNECTOR_REJECTED', { system, remoteCode: String(first.responseCode ?? 550), detail: 'no recipient accepted' });
    }
    throw classify(e, system, options.socketTimeout);
  } finally {
    transport.close();
  }
}
