import { LtError, type ErrorCode } from '@lienthong/errors';
import { connectorModules, createHttpClient, transportOf, type ConnectorActivity } from '@lienthong/connectors/activities';
import type { ConnectionStore } from './store.js';

/** Each family's cheapest read: a call that reads nothing personal and needs the credential. */
const PROBES: Record<string, { connector: string; input: Record<string, unknown> }> = {
  // An identity that exists nowhere: "no match" is the system answering a checked request.
  'ngsp-population': { connector: 'ngsp:population:verifyCitizen@1.0.0', input: { citizenId: '000000000000', fullName: 'KIỂM TRA KẾT NỐI', purpose: 'KIEMTRA', officerId: 'lienthong-kiem-tra' } },
  'reporting-national': { connector: 'reporting:national:listRegimes@1.0.0', input: {} },
  ioc: { connector: 'ioc:indicators:getSet@1.0.0', input: {} },
};

/** What a person reads on "test connection": ok, or the kind of fault and the connector error's code and vi/en message. */
export type TestKind = 'ok' | 'unreachable' | 'tls' | 'proxy' | 'credentials' | 'other';
export interface ConnectionTestResult {
  ok: boolean;
  kind: TestKind;
  /** `read`: the family's cheapest read ran with the credential; `reachability`: no read is known for the family, only the path was tried. */
  checked: 'read' | 'reachability';
  code?: string;
  message?: { vi: string; en: string };
  ms: number;
}

const KIND: Partial<Record<ErrorCode, TestKind>> = {
  CONNECTOR_NETWORK: 'unreachable', CONNECTOR_TIMEOUT: 'unreachable', CONNECTOR_UNAVAILABLE: 'unreachable',
  CONNECTOR_TLS_FAILED: 'tls', CONNECTOR_PROXY_REFUSED: 'proxy', CONNECTOR_AUTH_FAILED: 'credentials',
};

/** "Test connection": the family's cheapest read over the connection's current version and transport, now. */
export function createConnectionTester(store: ConnectionStore) {
  const http = createHttpClient();
  return {
    async test(id: string): Promise<ConnectionTestResult> {
      const c = await store.secretOf(id, { checkGrant: false });
      if (!c) throw new LtError('CONNECTION_NOT_FOUND', { connectionId: id }, { field: 'connectionId' });
      const probe = PROBES[c.family];
      const started = Date.now();
      try {
        if (probe) {
          const module = connectorModules.find((m) => `${m.manifest.id}@${m.manifest.version}` === probe.connector);
          if (!module) throw new Error(`probe connector ${probe.connector} is not registered`);
          const secret = c.secret;
          const activity: ConnectorActivity = module.createActivity({ http, clock: () => new Date(), credentials: { resolve: () => Promise.resolve({ ...secret, type: c.family }) } });
          await activity({ input: probe.input, credentialId: id, idempotencyKey: `connection-test/${id}/${started}` });
        } else {
          // Any HTTP answer means the network path, proxy and TLS work; the credential is not checked.
          const transport = transportOf({ ...c.secret, type: c.family });
          await http.request({ method: 'GET', url: String(c.secret.baseUrl), timeoutMs: 10_000, ...(transport ? { transport } : {}) });
        }
        return { ok: true, kind: 'ok', checked: probe ? 'read' : 'reachability', ms: Date.now() - started };
      } catch (err) {
        const e = err instanceof LtError ? err : new LtError('CONNECTOR_NETWORK', { system: id, detail: 'unexpected' });
        return { ok: false, kind: KIND[e.code] ?? 'other', checked: probe ? 'read' : 'reachability', code: e.code, message: e.toJSON().message, ms: Date.now() - started };
      }
    },
  };
}
export type ConnectionTester = ReturnType<typeof createConnectionTester>;
