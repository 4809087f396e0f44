import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertConfigFromEnv, emailChannel, smtpTransportOptions, type AlertView } from '@lienthong/observability';
import { Counters, FaultBook, mailboxOf, simAccounts, smtpLogOf, startSmtpRelay } from '@lienthong/simulators';

// Alert mail goes through nodemailer and requires STARTTLS on smtp:// (the hand-written client used to send AUTH PLAIN
// in clear on port 587). The SMTP simulator advertises and requires STARTTLS here, with a certificate made for the test.
const alert: AlertView = {
  id: 7, key: 'connector-failure-rate:ngsp:population', rule: 'connector-failure-rate', subject: 'ngsp:population', severity: 'critical', status: 'firing',
  message: { vi: 'Tỉ lệ lỗi của CSDLQG về dân cư vượt ngưỡng', en: 'Population database failure rate above threshold' },
  details: { failures: 6, calls: 8 }, firedAt: '2026-12-06T07:00:00.000Z', lastSeenAt: '2026-12-06T07:00:00.000Z',
  acknowledgedAt: null, acknowledgedBy: null, acknowledgeNote: null, resolvedAt: null, deliveries: [],
};
const user = encodeURIComponent(simAccounts.smtp.username);
const pass = encodeURIComponent(simAccounts.smtp.password);

function simContext() {
  const state = new Map<string, unknown>();
  return { faults: new FaultBook(), counters: new Counters(), state: <T>(name: string, init: () => T): T => { if (!state.has(name)) state.set(name, init()); return state.get(name) as T; } };
}

describe('alert email over STARTTLS', () => {
  let dir: string;
  let cert: Buffer;
  const tlsCtx = simContext();
  const plainCtx = simContext();
  let tlsRelay: Awaited<ReturnType<typeof startSmtpRelay>>;
  let plainRelay: Awaited<ReturnType<typeof startSmtpRelay>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lt-smtp-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      '-days', '1', '-subj', '/CN=mail.test.lienthong', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
    cert = readFileSync(join(dir, 'cert.pem'));
    tlsRelay = await startSmtpRelay(tlsCtx, '127.0.0.1', { tls: { key: readFileSync(join(dir, 'key.pem')), cert } });
    plainRelay = await startSmtpRelay(plainCtx, '127.0.0.1');
  });
  afterAll(async () => {
    await tlsRelay?.close();
    await plainRelay?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the alert after STARTTLS, and every command from AUTH on travels encrypted', async () => {
    const log: string[] = [];
    const { channels } = alertConfigFromEnv({
      LT_ALERT_SMTP_URL: `smtp://${user}:${pass}@127.0.0.1:${tlsRelay.port}`, LT_ALERT_EMAIL_TO: 'truc-ban@quangngai.gov.vn',
      LT_ALERT_SMTP_CA: join(dir, 'cert.pem'),
    }, (l) => log.push(l));
    expect(channels.map((c) => c.name)).toEqual(['email']);
    await channels[0]!.send('firing', alert);

    const mails = [...mailboxOf(tlsCtx).values()];
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(['truc-ban@quangngai.gov.vn']);
    expect(mails[0]!.raw).toContain('connector-failure-rate:ngsp:population');
    const commands = smtpLogOf(tlsCtx);
    const starttls = commands.findIndex((c) => c.verb === 'STARTTLS');
    expect(starttls).toBeGreaterThanOrEqual(0);
    expect(commands.slice(0, starttls + 1).every((c) => !c.tls)).toBe(true);
    expect(commands.slice(starttls + 1).every((c) => c.tls)).toBe(true);
    expect(commands.filter((c) => c.verb === 'AUTH')).toEqual([{ verb: 'AUTH', tls: true }]);
    expect(log.join('\n')).not.toContain(simAccounts.smtp.password);
  });

  it('refuses to send to a server that does not offer STARTTLS: no AUTH, no mail', async () => {
    const ch = emailChannel(`smtp://${user}:${pass}@127.0.0.1:${plainRelay.port}`, 'truc-ban@quangngai.gov.vn');
    await expect(ch.send('firing', alert)).rejects.toThrow();
    expect(smtpLogOf(plainCtx).some((c) => c.verb === 'AUTH' || c.verb === 'MAIL')).toBe(false);
    expect(mailboxOf(plainCtx).size).toBe(0);
  });

  it('refuses a certificate it cannot verify rather than falling back to clear text', async () => {
    const before = smtpLogOf(tlsCtx).length;
    const ch = emailChannel(`smtp://${user}:${pass}@127.0.0.1:${tlsRelay.port}`, 'truc-ban@quangngai.gov.vn');
    await expect(ch.send('firing', alert)).rejects.toThrow();
    expect(smtpLogOf(tlsCtx).slice(before).some((c) => c.verb === 'AUTH')).toBe(false);
  });

  it('reads the TLS mode from the URL: smtp:// requires STARTTLS, smtps:// is TLS from the start, tls=none only without credentials', () => {
    expect(smtpTransportOptions('smtp://u:p@mail.tinh.gov.vn')).toMatchObject({ port: 587, secure: false, requireTLS: true, ignoreTLS: false });
    expect(smtpTransportOptions('smtps://u:p@mail.tinh.gov.vn')).toMatchObject({ port: 465, secure: true, requireTLS: false });
    expect(smtpTransportOptions('smtp://relay.noi-bo:25?tls=none')).toMatchObject({ port: 25, secure: false, requireTLS: false, ignoreTLS: true });
    expect(() => smtpTransportOptions('smtp://u:p@relay.noi-bo:25?tls=none')).toThrow(/in clear/);
    expect(() => smtpTransportOptions('smtps://mail.tinh.gov.vn?tls=none')).toThrow(/tls=none/);
    expect(() => smtpTransportOptions('http://mail.tinh.gov.vn')).toThrow(/smtp:\/\//);
  });
});
