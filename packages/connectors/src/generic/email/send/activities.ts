import { field, operation } from '../../../sdk/operation.js';
import { sendMail, SYSTEM } from '../smtp.js';
import { manifest } from './manifest.js';

interface Input { to: string[]; cc?: string[]; subject: string; text: string; replyTo?: string; timeoutMs?: number }

/** "=?UTF-8?B?…?=" for header text with diacritics (RFC 2047). */
const encodeWord = (s: string) => (/^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s.normalize('NFC'), 'utf8').toString('base64')}?=`);
/** "Name <addr>" with the name encoded; a bare address stays as it is. */
const mailbox = (s: string) => {
  const m = /^(.*)<([^>]+)>\s*$/.exec(s);
  return m ? `${encodeWord((m[1] ?? '').trim())} <${m[2] ?? ''}>` : s;
};
const addressOf = (s: string) => /<([^>]+)>/.exec(s)?.[1] ?? s.trim();

export const createActivity = operation<Input>(manifest, SYSTEM, async ({ input, credential, key, deps }) => {
  const from = field(credential, 'from');
  const messageId = `<${key}@lienthong>`;
  const body = Buffer.from(input.text.normalize('NFC'), 'utf8').toString('base64').replace(/.{1,76}/g, '$&\r\n').trimEnd();
  const headers = [
    `From: ${mailbox(from)}`, `To: ${input.to.join(', ')}`, ...(input.cc?.length ? [`Cc: ${input.cc.join(', ')}`] : []),
    ...(input.replyTo ? [`Reply-To: ${input.replyTo}`] : []), `Subject: ${encodeWord(input.subject)}`,
    `Date: ${deps.clock().toUTCString().replace('GMT', '+0000')}`, `Message-ID: ${messageId}`,
    'MIME-Version: 1.0', 'Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64',
  ];
  const port = typeof credential.port === 'number' ? credential.port : Number(credential.port ?? 587);
  const result = await sendMail(
    { host: field(credential, 'host'), port, secure: credential.secure === true, timeoutMs: input.timeoutMs ?? 20_000,
      ...(typeof credential.username === 'string' ? { username: credential.username, password: field(credential, 'password') } : {}) },
    { from: addressOf(from), to: [...input.to, ...(input.cc ?? [])], data: `${headers.join('\r\n')}\r\n\r\n${body}` },
  );
  return { messageId, ...result };
});
