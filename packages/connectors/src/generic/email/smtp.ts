import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { LtError } from '@lienthong/errors';

/**
 * A small SMTP client (RFC 5321): plain TCP or implicit TLS (port 465), AUTH PLAIN, one message.
 * Replies are classified like HTTP ones: 4xx → retryable (CONNECTOR_UNAVAILABLE), 535 → CONNECTOR_AUTH_FAILED,
 * other 5xx → CONNECTOR_REJECTED with the reply code; silence → CONNECTOR_TIMEOUT; a broken socket → CONNECTOR_NETWORK.
 */
export const SYSTEM = 'SMTP';

export interface SmtpOptions { host: string; port: number; secure: boolean; username?: string; password?: string; timeoutMs: number }
export interface Envelope { from: string; to: string[]; data: string }

class Conversation {
  private buffer = '';
  private waiting: ((line: { code: number; text: string }) => void) | null = null;
  private lines: { code: number; text: string }[] = [];
  private failure: LtError | null = null;
  private collected: string[] = [];

  constructor(private readonly socket: Socket, private readonly o: SmtpOptions) {
    socket.setEncoding('utf8');
    socket.setTimeout(o.timeoutMs, () => this.fail(new LtError('CONNECTOR_TIMEOUT', { system: `${o.host}:${o.port}`, ms: o.timeoutMs })));
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', (e: NodeJS.ErrnoException) => this.fail(new LtError('CONNECTOR_NETWORK', { system: `${o.host}:${o.port}`, detail: e.code ?? 'socket error' })));
    socket.on('close', () => this.fail(new LtError('CONNECTOR_NETWORK', { system: `${o.host}:${o.port}`, detail: 'connection closed' })));
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let i: number;
    while ((i = this.buffer.indexOf('\r\n')) >= 0) {
      const line = this.buffer.slice(0, i);
      this.buffer = this.buffer.slice(i + 2);
      this.collected.push(line.slice(4));
      // "250-…" continues a multi-line reply; "250 …" ends it.
      if (line[3] === '-') continue;
      const reply = { code: Number(line.slice(0, 3)), text: this.collected.join(' ') };
      this.collected = [];
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = null;
        w(reply);
      } else this.lines.push(reply);
    }
  }

  private fail(err: LtError): void {
    if (this.failure) return;
    this.failure = err;
    this.socket.destroy();
    const w = this.waiting;
    this.waiting = null;
    w?.({ code: 0, text: '' });
  }

  async reply(): Promise<{ code: number; text: string }> {
    const r = this.lines.shift() ?? (await new Promise<{ code: number; text: string }>((resolve) => { this.waiting = resolve; }));
    if (this.failure) throw this.failure;
    return r;
  }

  /** Sends a command and checks the reply class; `okCodes` are the accepted replies. */
  async command(line: string | null, okCodes: number[]): Promise<{ code: number; text: string }> {
    if (line !== null) this.socket.write(`${line}\r\n`);
    const r = await this.reply();
    if (okCodes.includes(r.code)) return r;
    throw classify(r, `${this.o.host}:${this.o.port}`);
  }

  async quit(): Promise<void> {
    if (!this.failure) this.socket.end('QUIT\r\n');
  }
}

export function classify(r: { code: number; text: string }, system: string): LtError {
  if (r.code === 535 || r.code === 530) return new LtError('CONNECTOR_AUTH_FAILED', { system, remoteCode: String(r.code) });
  if (r.code >= 400 && r.code < 500) return new LtError('CONNECTOR_UNAVAILABLE', { system, httpStatus: r.code, detail: r.text.slice(0, 120) });
  return new LtError('CONNECTOR_REJECTED', { system, remoteCode: String(r.code), detail: r.text.slice(0, 120) });
}

/** Sends one message. Recipients refused with 5xx are returned, the others receive it; none accepted is an error. */
export async function sendMail(o: SmtpOptions, env: Envelope): Promise<{ accepted: string[]; rejected: { address: string; code: string }[] }> {
  const socket = o.secure ? tlsConnect({ host: o.host, port: o.port, servername: o.host }) : netConnect({ host: o.host, port: o.port });
  const c = new Conversation(socket, o);
  try {
    await c.command(null, [220]);
    await c.command('EHLO lienthong', [250]);
    if (o.username) await c.command(`AUTH PLAIN ${Buffer.from(`\0${o.username}\0${o.password ?? ''}`).toString('base64')}`, [235]);
    await c.command(`MAIL FROM:<${env.from}>`, [250]);
    const accepted: string[] = [];
    const rejected: { address: string; code: string }[] = [];
    for (const rcpt of env.to) {
      try {
        await c.command(`RCPT TO:<${rcpt}>`, [250, 251]);
        accepted.push(rcpt);
      } catch (err) {
        // A refused mailbox is the recipient's problem; a 4xx is the server's (retry the whole message).
        if (err instanceof LtError && err.code === 'CONNECTOR_REJECTED') rejected.push({ address: rcpt, code: String(err.params.remoteCode) });
        else throw err;
      }
    }
    if (accepted.length === 0) throw new LtError('CONNECTOR_REJECTED', { system: SYSTEM, remoteCode: rejected[0]?.code ?? '550', detail: 'no recipient accepted' });
    await c.command('DATA', [354]);
    const body = env.data.split('\r\n').map((l) => (l.startsWith('.') ? `.${l}` : l)).join('\r\n');
    await c.command(`${body}\r\n.`, [250]);
    await c.quit();
    return { accepted, rejected };
  } catch (err) {
    socket.destroy();
    throw err;
  }
}
