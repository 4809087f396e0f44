/**
 * The accounts each simulated system accepts [FICT]. The secrets are deliberately distinctive
 * strings so that a test can grep every error, output and log for them and prove none leaks.
 */
export const simAccounts = {
  /** National DBs over NGSP: the signed-Basic scheme observed on one national service (DOMAIN §4.2). */
  ngspNational: { username: 'lienthong-qng', secret: 'SIMSECRET-ngsp-national-7f3a9c', apiKey: 'SIMSECRET-ngsp-apikey-41d2e8', xRoadClient: 'VN:GOV:000.00.00.H48:lienthong' },
  /** The provincial NGSP adapter (XrdAdapter): login with user + password, then a session token. */
  ngspAdapter: { username: 'qng-lgsp', password: 'SIMSECRET-adapter-pw-93be10', agencyCode: '000.00.00.H48' },
  /** LGSP document exchange (Lạng Sơn style): X-SystemId + X-SecretKey per connected system. */
  lgsp: [
    { systemId: '000.00.92.H48', name: 'Văn phòng UBND tỉnh Quảng Ngãi', secretKey: 'SIMSECRET-lgsp-vp-5a1c77' },
    { systemId: '000.00.91.H48', name: 'Sở Tư pháp Quảng Ngãi', secretKey: 'SIMSECRET-lgsp-stp-0b9e42' },
    { systemId: '000.25.94.H48', name: 'UBND phường Cẩm Thành', secretKey: 'SIMSECRET-lgsp-ct-c3d816' },
    { systemId: '000.00.00.H48', name: 'UBND tỉnh Quảng Ngãi', secretKey: 'SIMSECRET-lgsp-ub-e27f05' },
    // The Government Office's eOffice, reached over the national document axis: where a report goes when the national reporting system is down.
    { systemId: '000.00.00.G22', name: 'Văn phòng Chính phủ', secretKey: 'SIMSECRET-lgsp-vpcp-4d9a21' },
  ],
  /** National (Government) reporting system. */
  reporting: { apiKey: 'SIMSECRET-reporting-key-6c0d3b', provinceCode: '51' },
  /** Provincial IOC. */
  ioc: { apiKey: 'SIMSECRET-ioc-key-8e44a1' },
  /** The mail relay (SMTP, AUTH PLAIN). */
  smtp: { username: 'thongbao@quangngai.gov.vn', password: 'SIMSECRET-smtp-pw-6a7b31' },
  /** The generic echo service, one credential per auth scheme. */
  generic: {
    apiKey: 'SIMSECRET-generic-apikey-1f8b2d',
    basic: { username: 'echo-user', password: 'SIMSECRET-generic-basic-pw-a90c3e' },
    bearer: 'SIMSECRET-generic-bearer-5d72f4',
    oauth: { clientId: 'lienthong-client', clientSecret: 'SIMSECRET-generic-oauth-cs-3b6e19' },
  },
} as const;

/** Every secret above, for leak checks. */
export function allSimSecrets(): string[] {
  const a = simAccounts;
  return [a.ngspNational.secret, a.ngspNational.apiKey, a.ngspAdapter.password, a.smtp.password, ...a.lgsp.map((s) => s.secretKey), a.reporting.apiKey, a.ioc.apiKey,
    a.generic.apiKey, a.generic.basic.password, a.generic.bearer, a.generic.oauth.clientSecret];
}

/**
 * The credentials (id, connector credential type, secret fields) that reach each simulated system
 * at `url`, ready for a credential store: `for (const c of simulatorCredentials(url)) store.put(c.id, c.type, c.secret)`.
 */
export function simulatorCredentials(url: string, smtp?: { port: number; ca: string }): { id: string; type: string; secret: Record<string, string | number | boolean> }[] {
  const a = simAccounts;
  const lgsp = (id: string, i: number) => ({ id, type: 'lgsp-edoc', secret: { baseUrl: `${url}/lgsp`, systemId: a.lgsp[i]?.systemId ?? '', secretKey: a.lgsp[i]?.secretKey ?? '' } });
  return [
    { id: 'ngsp-dancu', type: 'ngsp-population', secret: { baseUrl: url, integrationCode: '003' } },
    { id: 'ngsp-national', type: 'ngsp-national', secret: { baseUrl: `${url}/ngsp/csdl`, ...a.ngspNational } },
    { id: 'ngsp-adapter', type: 'ngsp-adapter', secret: { baseUrl: `${url}/ngsp/adapter`, ...a.ngspAdapter } },
    lgsp('lgsp-vp', 0), lgsp('lgsp-stp', 1), lgsp('lgsp-camthanh', 2), lgsp('lgsp-ubnd', 3),
    { id: 'reporting-national', type: 'reporting-national', secret: { baseUrl: `${url}/baocao`, ...a.reporting } },
    { id: 'ioc', type: 'ioc', secret: { baseUrl: `${url}/ioc`, ...a.ioc } },
    { id: 'http-echo', type: 'http', secret: { baseUrl: `${url}/generic`, auth: 'none' } },
    { id: 'http-echo-apikey', type: 'http', secret: { baseUrl: `${url}/generic`, auth: 'api-key', apiKeyHeader: 'X-Api-Key', apiKey: a.generic.apiKey } },
    { id: 'http-echo-basic', type: 'http', secret: { baseUrl: `${url}/generic`, auth: 'basic', ...a.generic.basic } },
    { id: 'http-echo-bearer', type: 'http', secret: { baseUrl: `${url}/generic`, auth: 'bearer', token: a.generic.bearer } },
    { id: 'http-echo-oauth', type: 'http', secret: { baseUrl: `${url}/generic`, auth: 'oauth2', tokenUrl: `${url}/generic/oauth/token`, ...a.generic.oauth } },
    { id: 'http-echo-hmac', type: 'http', secret: { baseUrl: `${url}/generic`, auth: 'hmac', hmacSecret: a.generic.apiKey } },
    { id: 'soap-sim', type: 'http', secret: { baseUrl: url, auth: 'none' } },
    // smtp:// requires STARTTLS; the simulator's certificate is trusted as the province's own CA would be.
    ...(smtp ? [{ id: 'smtp', type: 'smtp', secret: { url: `smtp://${new URL(url).host.replace(/:\d+$/, '')}:${smtp.port}`, ca: smtp.ca, ...a.smtp, from: 'Liên Thông Quảng Ngãi <thongbao@quangngai.gov.vn>' } }] : []),
  ];
}
