import { field, operation } from '../../../sdk/operation.js';
import { sendMail, SYSTEM } from '../smtp.js';
import { smtpTransportOptions, smtpUrlOf } from '../transport.js';
import { manifest } from './manifest.js';

interface Input { to: string[]; cc?: string[]; subject: string; text: string; replyTo?: string; timeoutMs?: number }

/**
 * The credential (type `smtp`): `url` (smtp:// → STARTTLS required, smtps:// → TLS, `?tls=none` only without a login),
 * `username` and `password` (or a login inside the URL), `from`, and optionally `ca`: the PEM of a certificate
 * authority to trust (a province's own). nodemailer writes the message: UTF-8 headers (RFC 2047), base64 body.
 */
export const createActivity = operation<Input>(manifest, SYSTEM, async ({ input, credential, key, deps }) => {
  const messageId = `<${key}@lienthong>`;
  const login = typeof credential.username === 'string' && credential.username !== '' ? { user: credential.username, pass: field(credential, 'password') } : undefined;
  const options = smtpTransportOptions(smtpUrlOf(credential), {
    auth: login, ca: typeof credential.ca === 'string' && credential.ca !== '' ? credential.ca : undefined, timeoutMs: input.timeoutMs ?? 20_000,
  });
  const result = await sendMail(options, {
    from: field(credential, 'from'), to: input.to, ...(input.cc?.length ? { cc: input.cc } : {}), ...(input.replyTo ? { replyTo: input.replyTo } : {}),
    subject: input.subject.normalize('NFC'), text: input.text.normalize('NFC'), textEncoding: 'base64',
    messageId, date: deps.clock(),
  });
  return { messageId, ...result };
});
