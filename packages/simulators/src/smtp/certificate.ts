import { isIP } from 'node:net';
import { generate } from 'selfsigned';

/**
 * A self-signed certificate for the SMTP simulator, made at start (nothing downloaded, no openssl needed). It names
 * localhost, 127.0.0.1, ::1 and `host`; its PEM is also the CA a demo credential trusts, the way a province hands its
 * own CA to the platform.
 */
export async function simulatorCertificate(host = '127.0.0.1'): Promise<{ key: string; cert: string }> {
  const names = [...new Set(['localhost', '127.0.0.1', '::1', host])];
  const altNames = names.map((n) => (isIP(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n }));
  const pems = await generate([{ name: 'commonName', value: 'sim.lienthong.local' }], {
    keyType: 'ec', curve: 'P-256', algorithm: 'sha256', notAfterDate: new Date(Date.now() + 365 * 86_400_000),
    extensions: [{ name: 'basicConstraints', cA: true }, { name: 'subjectAltName', altNames }],
  });
  return { key: pems.private, cert: pems.cert };
}
