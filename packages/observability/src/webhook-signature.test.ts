import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature, webhookSignature, WEBHOOK_SIGNATURE_HEADER } from './webhook-signature.js';

describe('the one outbound webhook signature', () => {
  const body = '{"event":"run.ended","runId":"run-1","hoVaTen":"NGUYỄN VĂN AN"}';

  it('is t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")> in x-lt-signature, as docs/agency-access.md tells receivers', () => {
    const expected = createHmac('sha256', 'bí mật').update(`1700000000.${body}`).digest('hex');
    expect(WEBHOOK_SIGNATURE_HEADER).toBe('x-lt-signature');
    expect(webhookSignature('bí mật', body, 1700000000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies over the raw body, refuses another secret, an altered body, a malformed header and an old timestamp', () => {
    const header = webhookSignature('bí mật', body, 1700000000);
    expect(verifyWebhookSignature('bí mật', body, header, { now: 1700000100 })).toBe(true);
    expect(verifyWebhookSignature('khác', body, header, { now: 1700000100 })).toBe(false);
    expect(verifyWebhookSignature('bí mật', body.replace('AN', 'AM'), header, { now: 1700000100 })).toBe(false);
    expect(verifyWebhookSignature('bí mật', body, `sha256=${'0'.repeat(64)}`, { now: 1700000100 })).toBe(false);
    expect(verifyWebhookSignature('bí mật', body, undefined)).toBe(false);
    expect(verifyWebhookSignature('bí mật', body, header, { now: 1700000000 + 301 })).toBe(false);
  });
});
