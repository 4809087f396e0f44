import { createTransport } from 'nodemailer';
import { smtpTransportOptions } from './alerts/smtp.js';

export interface MailMessage { from: string; to: string | string[]; subject: string; text: string }

/**
 * One plain-text message through the operators' mail server (LT_ALERT_SMTP_URL, read by the same rules as alert mail:
 * STARTTLS unless the URL says otherwise). Used for notices that are not alerts, such as an incident's recovery time.
 */
export async function sendMail(smtpUrl: string, message: MailMessage, o: { ca?: string | Buffer } = {}): Promise<void> {
  const transport = createTransport(smtpTransportOptions(smtpUrl, o));
  try {
    await transport.sendMail(message);
  } finally {
    transport.close();
  }
}
