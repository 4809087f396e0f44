import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { TLSSocket, createSecureContext } from 'node:tls';
import { simAccounts } from '../accounts.js';
import { sleep, type Counters, type FaultBook } from '../faults.js';

/**
 * A mail relay speaking enough SMTP for the email connector (RFC 5321 subset [ASM]):
 * EHLO/HELO, AUTH PLAIN, MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT. Mailboxes starting with
 * "khongco" are refused (550). Faults for operation "smtp.send" apply at the end of DATA:
 * a status ≥ 500 (other than 503) becomes 554, anything else 451 (try again later); failAfterApply
 * stores the message then answers 451. A repeated Message-ID is accepted but stored once, so a
 * test can count deliveries per idempotency key.
 * With `tls` (a key and certificate) it advertises STARTTLS (RFC 3207) and requires it: AUTH, MAIL and the rest are
 * refused with 530 until the connection is encrypted. Every command is logged in `smtpLogOf` with whether it came
 * over TLS, so a test can prove that no credentials crossed in clear.
 */
export interface StoredMail { messageId: string; from: string; to: string[]; raw: string; receivedAt: string }
export interface SmtpContext { faults: FaultBook; counters: Counters; state: <T>(name: string, init: () => T) => T; clock?: () => Date }

export interface SmtpCommand { verb: string; tls: boolean }
/** `tls`: advertise and require STARTTLS; with `implicit`, TLS from the first byte instead (smtps://, port 465). */
export interface SmtpRelayOptions { tls?: { key: string | Buffer; cert: string | Buffer; implicit?: boolean } }

export const mailboxOf = (ctx: Pick<SmtpContext, 'state'>) => ctx.state<Map<string, StoredMail>>('smtp', () => new Map());
export const smtpLogOf = (ctx: Pick<SmtpContext, 'state'>) => ctx.state<SmtpCommand[]>('smtp-log', () => []);

export async function startSmtpRelay(ctx: SmtpContext, host = '127.0.0.1', opts: SmtpRelayOptions = {}): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const secureContext = opts.tls ? createSecureContext({ key: opts.tls.key, cert: opts.tls.cert, minVersion: 'TLSv1.2' }) : undefined;
  const server = createServer((plain) => {
    sockets.add(plain);
    plain.on('close', () => sockets.delete(plain));
    plain.on('error', () => undefined);
    plain.setEncoding('utf8');
    let socket: Socket = plain;
    let encrypted = false;
    const say = (line: string) => {
      if (!socket.destroyed) socket.write(`${line}\r\n`);
    };
    /** RFC 3207: after "220 Ready", the same connection becomes TLS and the session starts over (EHLO again). */
    const startTls = () => {
      plain.removeAllListeners('data');
      const tls = new TLSSocket(plain, { isServer: true, secureContext });
      tls.setEncoding('utf8');
      tls.on('error', () => void plain.destroy());
      tls.on('data', onData);
      socket = tls;
      encrypted = true;
      authed = false;
      from = '';
      to = [];
    };
    let authed = false;
    let from = '';
    let to: string[] = [];
    let inData = false;
    let data: string[] = [];
    let buffer = '';
    const endOfData = async () => {
      const raw = data.join('\r\n');
      inData = false;
      data = [];
      ctx.counters.call('smtp.send');
      const fault = ctx.faults.take('smtp.send', ctx.clock?.() ?? new Date());
      if (fault?.latencyMs) await sleep(fault.latencyMs);
      if (fault?.drop) return void socket.destroy();
      const permanent = (fault?.status ?? 0) >= 500 && fault?.status !== 503;
      if (fault && (fault.status || fault.maintenance) && !fault.failAfterApply) return say(permanent ? '554 5.0.0 Simulated permanent failure' : '451 4.3.0 Simulated temporary failure, try again later');
      const messageId = /^Message-ID:\s*(\S+)/im.exec(raw)?.[1] ?? `<none-${Date.now()}>`;
      const box = mailboxOf(ctx);
      ctx.counters.apply('smtp.send', messageId);
      if (!box.has(messageId)) box.set(messageId, { messageId, from, to, raw, receivedAt: new Date().toISOString() });
      if (fault?.failAfterApply) return say('451 4.3.0 Simulated failure after the message was queued');
      say(`250 2.0.0 Ok: queued as ${messageId}`);
    };
    const handle = async (line: string) => {
      if (inData) {
        if (line === '.') return endOfData();
        data.push(line.startsWith('..') ? line.slice(1) : line);
        return;
      }
      const [verb = '', ...rest] = line.split(' ');
      const arg = rest.join(' ');
      const command = verb.toUpperCase();
      smtpLogOf(ctx).push({ verb: command, tls: encrypted });
      if (secureContext && !encrypted && !['EHLO', 'HELO', 'STARTTLS', 'NOOP', 'QUIT', 'RSET'].includes(command)) return say('530 5.7.0 Must issue a STARTTLS command first');
      switch (command) {
        case 'EHLO': return say(`250-sim.lienthong.local\r\n${secureContext && !encrypted ? '250-STARTTLS' : '250-AUTH PLAIN'}\r\n250-8BITMIME\r\n250 SIZE 10485760`);
        case 'STARTTLS':
          if (!secureContext || encrypted) return say('502 5.5.1 STARTTLS not available');
          say('220 2.0.0 Ready to start TLS');
          return startTls();
        case 'HELO': return say('250 sim.lienthong.local');
        case 'AUTH': {
          const [mech = '', b64 = ''] = arg.split(' ');
          const [, user = '', pass = ''] = Buffer.from(b64, 'base64').toString('utf8').split('\0');
          const acc = simAccounts.smtp;
          authed = mech.toUpperCase() === 'PLAIN' && user === acc.username && pass === acc.password;
          return say(authed ? '235 2.7.0 Authentication successful' : '535 5.7.8 Authentication credentials invalid');
        }
        case 'MAIL':
          if (!authed) return say('530 5.7.0 Authentication required');
          from = /<([^>]*)>/.exec(arg)?.[1] ?? '';
          to = [];
          return say('250 2.1.0 Ok');
        case 'RCPT': {
          const rcpt = /<([^>]*)>/.exec(arg)?.[1] ?? '';
          if (!from) return say('503 5.5.1 MAIL first');
          if (/^khongco/i.test(rcpt)) return say(`550 5.1.1 <${rcpt}>: Recipient address rejected`);
          to.push(rcpt);
          return say('250 2.1.5 Ok');
        }
        case 'DATA':
          if (to.length === 0) return say('554 5.5.1 No valid recipients');
          inData = true;
          return say('354 End data with <CR><LF>.<CR><LF>');
        case 'RSET': from = ''; to = []; return say('250 2.0.0 Ok');
        case 'NOOP': return say('250 2.0.0 Ok');
        case 'QUIT': say('221 2.0.0 Bye'); return void socket.end();
        default: return say('502 5.5.2 Command not recognized');
      }
    };
    // Lines are handled one at a time, in order (DATA's end may wait on an injected latency).
    let chain = Promise.resolve();
    function onData(chunk: string): void {
      buffer += chunk;
      let i: number;
      while ((i = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (line.toUpperCase() === 'STARTTLS') buffer = ''; // RFC 3207: nothing pipelined after STARTTLS is honoured
        chain = chain.then(() => handle(line)).catch(() => void socket.destroy());
      }
    }
    if (opts.tls?.implicit) startTls();
    else plain.on('data', onData);
    say('220 sim.lienthong.local ESMTP Liên Thông simulator');
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
