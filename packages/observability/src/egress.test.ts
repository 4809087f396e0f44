import { describe, expect, it } from 'vitest';
import { addressRefusal, checkEgressUrl, egressPolicy } from './egress.js';

describe('egress policy', () => {
  const none = egressPolicy('');

  it('refuses loopback, link-local, private, unspecified and multicast addresses, v4, v6 and v4-mapped', () => {
    for (const a of ['127.0.0.1', '127.8.8.8', '169.254.169.254', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', '0.0.0.0', '224.0.0.1', '100.64.0.1',
      '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) {
      expect(addressRefusal(none, 'h', a), a).not.toBeNull();
    }
    for (const a of ['8.8.8.8', '172.32.0.1', '203.162.4.1', '2001:4860:4860::8888']) expect(addressRefusal(none, 'h', a), a).toBeNull();
  });

  it('LT_EGRESS_ALLOW opens exactly what it names: CIDRs, addresses, host names', () => {
    const p = egressPolicy(' 127.0.0.0/8, ::1 ,10.20.0.0/16,hooks.tinh.gov.vn ');
    expect(addressRefusal(p, 'h', '127.0.0.1')).toBeNull();
    expect(addressRefusal(p, 'h', '::ffff:127.0.0.1')).toBeNull();
    expect(addressRefusal(p, 'h', '::1')).toBeNull();
    expect(addressRefusal(p, 'h', '10.20.3.4')).toBeNull();
    expect(addressRefusal(p, 'h', '10.21.3.4')).not.toBeNull();
    expect(addressRefusal(p, 'hooks.tinh.gov.vn', '192.168.7.7')).toBeNull();
    expect(addressRefusal(p, 'other.tinh.gov.vn', '192.168.7.7')).not.toBeNull();
  });

  it('a mistyped allow list is an error, not a silent hole or a silent refusal', () => {
    for (const bad of ['10.0.0.0/33', 'http://x', '10.0.0.0/abc', 'a b']) expect(() => egressPolicy(bad), bad).toThrow(/LT_EGRESS_ALLOW/);
  });

  it('checks the URL itself: scheme, embedded credentials, literal and named hosts', async () => {
    await expect(checkEgressUrl(none, 'ftp://example.org/x')).rejects.toMatchObject({ code: 'EGRESS_REFUSED' });
    await expect(checkEgressUrl(none, 'http://user:pw@example.org/x')).rejects.toMatchObject({ code: 'EGRESS_REFUSED' });
    await expect(checkEgressUrl(none, 'not a url', { pointer: '/callbackUrl' })).rejects.toMatchObject({ code: 'EGRESS_REFUSED', where: { pointer: '/callbackUrl' } });
    await expect(checkEgressUrl(none, 'http://[::1]:8080/x')).rejects.toMatchObject({ code: 'EGRESS_REFUSED' });
    await expect(checkEgressUrl(none, 'http://localhost:8080/x')).rejects.toMatchObject({ code: 'EGRESS_REFUSED' });
    await expect(checkEgressUrl(none, 'http://0x7f000001/x')).rejects.toMatchObject({ code: 'EGRESS_REFUSED' });
    await expect(checkEgressUrl(none, 'https://203.162.4.1/hook')).resolves.toBeUndefined();
  });
});
