import { describe, expect, it } from 'vitest';
import { mailboxOf, simAccounts } from '@lienthong/simulators';
import { outboundKey } from '../../../sdk/idempotency.js';
import { exampleTests, noSecretLeakTest, useHarness } from '../../../testing/harness.js';
import { emailSend } from './index.js';

const input = { to: ['nguyenvanan@example.vn'], subject: 'Thông báo bổ sung hồ sơ', text: 'Đề nghị ông bổ sung bản sao giấy chứng nhận kết hôn.' };

describe('generic:email:send', () => {
  const h = useHarness();
  const box = () => mailboxOf(h().sim);
  exampleTests(h, emailSend);

  it('the subject and body travel as UTF-8 (RFC 2047 subject, base64 body) with the step key as Message-ID', async () => {
    const out = await h().run(emailSend, input, { key: 'run-mail/notify' });
    expect(out.messageId).toBe(`<${outboundKey('run-mail/notify')}@lienthong>`);
    const mail = box().get(String(out.messageId));
    expect(mail?.raw).toContain(`Subject: =?UTF-8?B?${Buffer.from(input.subject).toString('base64')}?=`);
    const body = mail?.raw.split('\r\n\r\n')[1] ?? '';
    expect(Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8')).toBe(input.text);
  });

  it.each([
    ['451 (try later) is retryable', { status: 503, count: 1 }, 'CONNECTOR_UNAVAILABLE', true],
    ['554 (refused) is not', { status: 500, count: 1 }, 'CONNECTOR_REJECTED', false],
    ['a dropped connection is retryable', { drop: true, count: 1 }, 'CONNECTOR_NETWORK', true],
    ['silence is a timeout', { latencyMs: 1500, count: 1 }, 'CONNECTOR_TIMEOUT', true],
  ] as const)('fault: %s', async (name, fault, code, retryable) => {
    h().sim.faults.set('smtp.send', fault);
    const err = await h().fail(emailSend, { ...input, timeoutMs: 300 }, { key: `fault-mail/${name}` });
    expect(err).toMatchObject({ code, retryable });
    if (retryable) await expect(h().run(emailSend, input, { key: `fault-mail/${name}` })).resolves.toMatchObject({ accepted: input.to });
  });

  it('a failAfterApply 451 followed by the retry delivers one message (same Message-ID)', async () => {
    h().sim.faults.set('smtp.send', { failAfterApply: true, status: 451, count: 1 });
    await expect(h().run(emailSend, input, { key: 'run-mail/once' })).rejects.toMatchObject({ code: 'CONNECTOR_UNAVAILABLE' });
    const out = await h().run(emailSend, input, { key: 'run-mail/once' });
    expect([...box().keys()].filter((k) => k === out.messageId)).toHaveLength(1);
    expect(h().sim.counters.times('smtp.send', String(out.messageId))).toBe(2);
  });

  it('a wrong password is an authentication failure, not retried, and not echoed', async () => {
    h().credentials.set('smtp-bad', { ...h().credentials.get('smtp'), type: 'smtp', password: 'SIMSECRET-wrong-smtp-pw-01' });
    const err = await h().fail(emailSend, input, { credentialId: 'smtp-bad' });
    expect(err).toMatchObject({ code: 'CONNECTOR_AUTH_FAILED', retryable: false, params: { remoteCode: '535' } });
    expect(JSON.stringify(err.toJSON())).not.toContain(simAccounts.smtp.password);
  });

  noSecretLeakTest(h);
});
