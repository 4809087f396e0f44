import { isIP } from 'node:net';
import { generate } from 'selfsigned';
import { startSimulatorServer, type RunningSimulators, type SimulatorOptions } from '../server.js';
import { populationRoutes } from './population.js';

export interface Pem {
  key: string;
  cert: string;
}

/** A small PKI made at run time (no openssl, nothing downloaded): a CA, and certificates it issues. */
export interface TestPki {
  ca: Pem;
  /** A server certificate for these names (host names and addresses), issued by the CA. */
  server(names: readonly string[]): Promise<Pem>;
  /** A client certificate (mTLS) for `commonName`, issued by the CA. */
  client(commonName: string): Promise<Pem>;
}

const DAY = 86_400_000;

export async function createTestPki(commonName = 'CA thử nghiệm Liên Thông / Liên Thông test CA'): Promise<TestPki> {
  const caPems = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec', curve: 'P-256', algorithm: 'sha256', notAfterDate: new Date(Date.now() + 365 * DAY),
    extensions: [{ name: 'basicConstraints', cA: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true }],
  });
  const ca = { key: caPems.private, cert: caPems.cert };
  const issue = async (cn: string, extensions: NonNullable<Parameters<typeof generate>[1]>['extensions']): Promise<Pem> => {
    const p = await generate([{ name: 'commonName', value: cn }], { keyType: 'ec', curve: 'P-256', algorithm: 'sha256', notAfterDate: new Date(Date.now() + 30 * DAY), ca, extensions });
    return { key: p.private, cert: p.cert };
  };
  return {
    ca,
    server: (names) => issue(names[0] ?? 'localhost', [{ name: 'basicConstraints', cA: false }, { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: names.map((n) => (isIP(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n })) }]),
    client: (cn) => issue(cn, [{ name: 'basicConstraints', cA: false }, { name: 'extKeyUsage', clientAuth: true }]),
  };
}

/**
 * The population-database simulator in mTLS mode: HTTPS with a certificate from `pki`, and a client certificate issued by
 * `clientCa` (default: the same CA) REQUIRED, as the national system requires of a province's platform. A client with no
 * certificate, or one from another CA, fails the handshake and never reaches the SOAP service.
 */
export async function startPopulationMtls(pki: TestPki, opts: SimulatorOptions & { clientCa?: string } = {}): Promise<RunningSimulators & { ca: string }> {
  const host = opts.host ?? '127.0.0.1';
  const cert = await pki.server([...new Set([host, 'localhost', '127.0.0.1'])]);
  const running = await startSimulatorServer(populationRoutes, { ...opts, tls: { ...cert, clientCa: opts.clientCa ?? pki.ca.cert } });
  return { ...running, ca: pki.ca.cert };
}
