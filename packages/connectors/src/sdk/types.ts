import type { ConnectorManifest } from '@lienthong/schemas';
import type { CatalogueReader } from '../catalog/reader.js';
import type { ReportingCycle } from '../reporting/cycle/port.js';

export type { CatalogueReader } from '../catalog/reader.js';
export type { ReportingCycle } from '../reporting/cycle/port.js';

/** A credential as connectors see it after decryption. Never logged, never returned by the API. */
export interface Credential {
  readonly type: string;
  readonly baseUrl?: string;
  readonly [field: string]: unknown;
}

export interface CredentialStore {
  /**
   * Rejects with LtError CONNECTOR_CREDENTIAL_NOT_FOUND for an unknown id, CREDENTIAL_NOT_GRANTED when `use.flowKey`
   * may not use it; any other rejection is the store being unavailable (retryable).
   */
  resolve(credentialId: string, use?: { flowKey?: string | undefined }): Promise<Credential>;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** The connection's network path (set by operation() from the resolved credential, never by a connector). */
  transport?: Transport;
}

/**
 * A connection's transport options, stored encrypted with its credential: an outbound HTTP(S) proxy reached with
 * CONNECT (`http://user:password@proxy:3128`), a CA bundle to trust (PEM), a client certificate and key (PEM, mTLS),
 * and a timeout that replaces the connector's own for every request of the connection.
 */
export interface Transport {
  proxyUrl?: string;
  caCert?: string;
  clientCert?: string;
  clientKey?: string;
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
}

/** Everything a connector touches, injected: tests and the designer's "try it" run connectors without Temporal. */
export interface ConnectorDeps {
  http: HttpClient;
  credentials: CredentialStore;
  clock: () => Date;
  /** The platform's catalogues (the working calendar…), for the catalogue connectors; absent on a bare worker. */
  catalogues?: CatalogueReader;
  /** The platform's verification-result cache (DOMAIN §7.a), for the cache:verification connectors; absent on a bare worker. */
  verificationCache?: VerificationCacheStore;
  /** The platform's report deliveries, for reporting:deliveries:record; absent on a bare worker. */
  reportDeliveries?: ReportDeliveryStore;
  /** The platform's reporting domain (DOMAIN §7.c), for the reporting:cycle connectors; absent on a bare worker. */
  reporting?: ReportingCycle;
  /** The platform's IOC register and indicator outbox (DOMAIN §7.d), for ioc:feedback:record and ioc:indicators:deliver. */
  ioc?: IocStore;
  /** The platform's hash-chained audit log, for audit:entry:write (DOMAIN §7.a step 9, §7.b step 8); absent on a bare worker. */
  audit?: AuditWriter;
}

/** One entry of the platform's audit log (packages/services/src/audit.ts AuditEvent): ids, codes, hashes; never a secret or an ID number. */
export interface AuditWriter {
  record(entry: { actorType: 'system' | 'user' | 'platform'; actorId: string; action: string; outcome: 'ok' | 'refused' | 'failed';
    flowKey: string | null; runId: string | null; detail: Record<string, unknown> }): Promise<void>;
  /** A run's entries of one action, newest first (a retried step finds the entry its earlier attempt wrote). */
  search(filter: { runId: string; action: string; limit: number }): Promise<{ detail: unknown }[]>;
}

/** A feedback transition as the register keeps it (packages/services/src/ioc). */
export interface IocFeedbackEntry {
  feedbackId: string; status: string; at: Date;
  category?: string; communeCode?: string; content?: string; receivedAt?: Date;
  unitCode?: string; dueAt?: Date; surveyScore?: number; reason?: string; duplicateOf?: string | null;
}
/** An observation queued for the IOC: revision stamped by the outbox. */
export interface IocQueuedObservation { seq: number; indicatorCode: string; areaCode: string; period: string; value: number; unit: string; revision: number; idempotencyKey: string; extra: Record<string, unknown> }
export interface IocStore {
  /** Records a transition; for `received`, first answers the earlier item it duplicates (same content and commune within `windowHours`). */
  recordFeedback(entry: IocFeedbackEntry, windowHours: number): Promise<{ duplicateOf: string | null }>;
  /** The indicator definitions last fetched from the IOC (replaced whole when `set` is given). */
  definitions(set?: Record<string, unknown>[], now?: Date): Promise<Record<string, unknown>[]>;
  /** Queues observations (idempotent per key), stamping each series' next revision; answers what was queued, in order. */
  enqueue(key: string, items: { indicatorCode: string; areaCode: string; period: string; value: number; unit: string; extra: Record<string, unknown> }[], now: Date): Promise<IocQueuedObservation[]>;
  /** Every pending observation, oldest first. */
  pending(limit: number): Promise<IocQueuedObservation[]>;
  settle(results: { seq: number; state: 'delivered' | 'rejected'; iocId?: string; code?: string }[], now: Date): Promise<void>;
}

/** One step of a report's delivery (packages/services/src/report-deliveries): the state only moves forward. */
export interface ReportDeliveryStep {
  regime: string; period: string; province: string; state: 'submitted' | 'submitted_fallback' | 'backfilled' | 'failed';
  receiptId?: string; edocId?: string; documentId?: string; runId?: string; error?: string; at: Date;
}
export interface ReportDeliveryStore {
  record(step: ReportDeliveryStep): Promise<{ state: ReportDeliveryStep['state']; receiptId: string | null; edocId: string | null; documentId: string | null }>;
}

/** Verification outcomes by HMAC key (packages/services/src/verification-cache): never the citizen's record. */
export interface VerificationCacheStore {
  /** The entry under this key unless it has expired by `now`. */
  get(key: string, now: Date): Promise<{ outcome: 'match' | 'mismatch'; checkedAt: Date } | null>;
  put(entry: { key: string; outcome: 'match' | 'mismatch'; checkedAt: Date; expiresAt: Date }): Promise<void>;
}

/** What the interpreter passes to every connector activity. */
export interface ConnectorCall<I = Record<string, unknown>> {
  input: I;
  credentialId?: string;
  /** Stable across retries of the same step: `${workflowId}/${nodeId}` unless the node declares its own. */
  idempotencyKey: string;
  nodeId?: string;
  /** The flow the step belongs to: the credential store checks the credential is granted to it. */
  flowKey?: string;
}

export type ConnectorActivity = (call: ConnectorCall) => Promise<unknown>;

export interface ConnectorExample {
  name: string;
  input: Record<string, unknown>;
  /** Fields the output must contain (a partial match). */
  output?: Record<string, unknown>;
  /** Or the error code it must raise. */
  error?: string;
}

/** A connector folder's public face. */
export interface ConnectorModule {
  manifest: ConnectorManifest;
  createActivity: (deps: ConnectorDeps) => ConnectorActivity;
  examples: readonly ConnectorExample[];
}

export function defineConnector<M extends ConnectorManifest>(m: M): M {
  return Object.freeze(m);
}
