import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Counters, FaultBook, mailboxOf, simAccounts, simulatorCertificate, smtpLogOf, startSmtpRelay } from '@lienthong/simulators';
import { smtpTransportOptions } from '../transport.js';
import { useHarness } from '../../../testing/harness.js';
import { emailSend } from './index.js';

// The connector used to send AUTH PLAIN in clear on port 587. It now goes through nodemailer and requires STARTTLS on
// smtp://; the harness's SMTP simulator advertises and requires STARTTLS and records whether each command came encrypted.
const input = { to: ['nguyenvanan@example.vn'], subject: 'Thông báo bổ sung hồ sơ', text: 'Đề nghị ông bổ sung bản sao giấy chứng nhận kết hôn.' };
const account = { ...simAccounts.smtp, from: 'Liên Thông Quảng Ngãi <thongbao@quangngai.gov.vn>' };

function simContext() {
  const state = new Map<string, unknown>();
  return { faults: new FaultBook(), counters: new Counters(), state: <T>(name: string, init: () => T): T => {
    if (!state.has(name)) state.set(name, init());
    return state.get(name) as T;
  } };
}

describe('generic:email:send over STARTTLS', () => {
  const h = useHarness();
  const plainCtx = simContext();
  let plainRelay: Awaited<ReturnType<typeof startSmtpRelay>>;
  beforeAll(async () => { plainRelay = await startSmtpRelay(plainCtx, '127.0.0.1'); });
  afterAll(async () => { await plainRelay?.close(); });

  it('sends after STARTTLS: the password and every command from AUTH on travel encrypted', async () => {
    const before = smtpLogOf(h().sim).length;
    const out = await h().run(emailSend, input, { key: 'tls-mail/ok' });
    expect(out).toMatchObject({ accepted: input.to, rejected: [] });
    expect(mailboxOf(h().sim).has(String(out.messageId))).toBe(true);
    const commands = smtpLogOf(h().sim).slice(before);
    const starttls = commands.findIndex((c) => c.verb === 'STARTTLS');
    expect(starttls).toBeGreaterThan(0);
    expect(commands.slice(starttls + 1).every((c) => c.tls)).toBe(true);
    expect(commands.filter((c) => c.verb === 'AUTH')).toEqual([{ verb: 'AUTH', tls: true }]);
    expect(commands.filter((c) => !c.tls).map((c) => c.verb)).toEqual(['EHLO', 'STARTTLS']);
  });

  it('a server that does not offer STARTTLS gets no AUTH and no mail (a coded, non-retryable error)', async () => {
    h().credentials.set('smtp-plain', { type: 'smtp', url: `smtp://127.0.0.1:${plainRelay.port}`, ca: h().sim.smtpCa, ...account });
    const err = await h().fail(emailSend, input, { credentialId: 'smtp-plain', key: 'tls-mail/plain' });
    expect(err).toMatchObject({ code: 'CONNECTOR_TLS_REQUIRED', retryable: false });
    expect(err.toJSON().message.vi).toContain('mã hóa');
    expect(smtpLogOf(plainCtx).some((c) => ['AUTH', 'MAIL', 'RCPT', 'DATA'].includes(c.verb))).toBe(false);
    expect(mailboxOf(plainCtx).size).toBe(0);
    expect(JSON.stringify(err.toJSON())).not.toContain(simAccounts.smtp.password);
  });

  it('a certificate it cannot verify stops it before AUTH (no fallback to clear text)', async () => {
    const before = smtpLogOf(h().sim).length;
    h().credentials.set('smtp-no-ca', { type: 'smtp', url: `smtp://127.0.0.1:${h().sim.smtpPort}`, ...account });
    const err = await h().fail(emailSend, input, { credentialId: 'smtp-no-ca', key: 'tls-mail/untrusted' });
    expect(err).toMatchObject({ code: 'CONNECTOR_TLS_REQUIRED', retryable: false });
    expect(smtpLogOf(h().sim).slice(before).some((c) => c.verb === 'AUTH')).toBe(false);
  });

  it('the older host/port credential fields are read as smtp:// with STARTTLS required', async () => {
    h().credentials.set('smtp-legacy', { type: 'smtp', host: '127.0.0.1', port: plainRelay.port, secure: false, ca: h().sim.smtpCa, ...account });
    const err = await h().fail(emailSend, input, { credentialId: 'smtp-legacy', key: 'tls-mail/legacy' });
    expect(err).toMatchObject({ code: 'CONNECTOR_TLS_REQUIRED' });
    expect(smtpLogOf(plainCtx).some((c) => c.verb === 'AUTH')).toBe(false);
  });

  it('smtps:// speaks TLS from the first byte (the greeting already encrypted)', async () => {
    const ctx = simContext();
    const tls = await simulatorCertificate();
    const relay = await startSmtpRelay(ctx, '127.0.0.1', { tls: { ...tls, implicit: true } });
    try {
      h().credentials.set('smtp-implicit', { type: 'smtp', url: `smtps://127.0.0.1:${relay.port}`, ca: tls.cert, ...account });
      const out = await h().run(emailSend, input, { credentialId: 'smtp-implicit', key: 'tls-mail/implicit' });
      expect(out).toMatchObject({ accepted: input.to });
      expect(smtpLogOf(ctx).every((c) => c.tls)).toBe(true);
      expect(smtpLogOf(ctx).map((c) => c.verb)).toContain('AUTH');
      expect(mailboxOf(ctx).size).toBe(1);
    } finally {
      await relay.close();
    }
  });

  it('tls=none with a login is refused before connecting, in Vietnamese and English, with the password masked', async () => {
    const before = smtpLogOf(plainCtx).length;
    const pw = encodeURIComponent(simAccounts.smtp.password);
    for (const cred of [
      { type: 'smtp', url: `smtp://127.0.0.1:${plainRelay.port}?tls=none`, ...account },
      { type: 'smtp', url: `smtp://thongbao:${pw}@127.0.0.1:${plainRelay.port}?tls=none`, from: account.from },
    ]) {
      h().credentials.set('smtp-clear', cred);
      const err = await h().fail(emailSend, input, { credentialId: 'smtp-clear', key: 'tls-mail/clear' });
      expect(err).toMatchObject({ code: 'CONNECTOR_SMTP_CLEAR_AUTH', retryable: false });
      expect(err.toJSON().message).toMatchObject({ vi: expect.stringContaining('không mã hóa'), en: expect.stringContaining('in clear') });
      expect(JSON.stringify(err.toJSON())).not.toContain(simAccounts.smtp.password);
      expect(JSON.stringify(err.toJSON())).not.toContain(pw);
    }
    expect(smtpLogOf(plainCtx).length).toBe(before);
  });

  it('tls=none written out and without a login sends in clear to an internal relay', async () => {
    h().credentials.set('smtp-relay', { type: 'smtp', url: `smtp://127.0.0.1:${plainRelay.port}?tls=none`, from: account.from });
    const before = smtpLogOf(plainCtx).length;
    // The simulator still asks for a login (530 on MAIL); what matters here is that STARTTLS is not tried and no AUTH sent.
    await expect(h().fail(emailSend, input, { credentialId: 'smtp-relay', key: 'tls-mail/relay' })).resolves.toMatchObject({ code: 'CONNECTOR_AUTH_FAILED' });
    const verbs = smtpLogOf(plainCtx).slice(before).map((c) => c.verb);
    expect(verbs).toContain('MAIL');
    expect(verbs).not.toContain('STARTTLS');
    expect(verbs).not.toContain('AUTH');
  });

  it('reads the TLS mode from the URL', () => {
    expect(smtpTransportOptions('smtp://u:p@mail.tinh.gov.vn')).toMatchObject({ port: 587, secure: false, requireTLS: true, ignoreTLS: false, auth: { user: 'u', pass: 'p' } });
    expect(smtpTransportOptions('smtps://mail.tinh.gov.vn')).toMatchObject({ port: 465, secure: true, requireTLS: false, tls: { servername: 'mail.tinh.gov.vn' } });
    expect(smtpTransportOptions('smtp://relay.noi-bo:25?tls=none')).toMatchObject({ port: 25, requireTLS: false, ignoreTLS: true });
    expect(smtpTransportOptions('smtp://mail.tinh.gov.vn', { ca: 'PEM' }).tls).toMatchObject({ ca: 'PEM', minVersion: 'TLSv1.2' });
    for (const [url, code] of [
      ['smtps://mail.tinh.gov.vn?tls=none', 'CONNECTOR_SMTP_URL_INVALID'], ['smtp://mail.tinh.gov.vn?tls=implicit', 'CONNECTOR_SMTP_URL_INVALID'],
      ['http://u:secret-pw-1@mail.tinh.gov.vn', 'CONNECTOR_SMTP_URL_INVALID'], ['not a url', 'CONNECTOR_SMTP_URL_INVALID'],
      ['smtp://u:secret-pw-1@relay:25?tls=none', 'CONNECTOR_SMTP_CLEAR_AUTH'],
    ] as const) {
      let caught: unknown;
      try { smtpTransportOptions(url); } catch (e) { caught = e; }
      expect(caught).toMatchObject({ code });
      expect(JSON.stringify(caught)).not.toContain('secret-pw-1');
    }
  });
});
