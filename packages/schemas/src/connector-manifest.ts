import type { I18nText, RetryPolicy, Duration } from './common.js';

/**
 * What a connector says about itself. Pure data: the designer palette, the compiler and the
 * worker registry all read it. Input and output are JSON Schemas (written with TypeBox).
 */
export interface ConnectorManifest {
  /** "<system>:<area>:<action>", e.g. "ngsp:population:verifyCitizen" */
  readonly id: string;
  /** Semantic version; flows pin it, the activity type carries the major ("…@1"). */
  readonly version: string;
  readonly title: I18nText;
  readonly description?: I18nText;
  /** Palette grouping, e.g. "ngsp", "lgsp", "reporting", "ioc", "generic". */
  readonly category: string;
  readonly input: object;
  readonly output: object;
  /** Credential type the node must reference by id, if any. */
  readonly credential?: string;
  readonly timeout: Duration;
  readonly retry: RetryPolicy;
  /** Error codes this connector may raise; retryability comes from the error catalogue. */
  readonly errors: readonly string[];
  readonly idempotent: boolean;
  /**
   * A lookup that changes nothing on the remote side. With a short timeout (≤ 20 s) the compiler runs
   * it as a Temporal local activity: no task-queue round trip (≈ 100 ms on a dev server), still
   * recorded in the history (as a marker) and retried; re-running it after a crash is harmless.
   */
  readonly readOnly?: boolean;
  /** How the outbound idempotency key is formed, for the docs. */
  readonly idempotencyKey?: string;
  /** Output fields (JSON pointers) that are personal data and are redacted in progress views. */
  readonly personalData?: readonly string[];
}

export const activityName = (m: Pick<ConnectorManifest, 'id' | 'version'>): string => `${m.id}@${m.version.split('.')[0] ?? '0'}`;
