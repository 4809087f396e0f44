import type { ExchangePolicy, ExchangeStatus, exchanges } from '@lienthong/db';

export type Row = typeof exchanges.$inferSelect;

export interface ExchangeView {
  exchangeId: string;
  status: ExchangeStatus;
  source: { system: string; agency: string };
  destination: { system: string; agency: string | null };
  subject: string;
  priority: 'urgent' | 'normal';
  dataType: string;
  protocol: string;
  declaredSize: number;
  deadline: string | null;
  code: string | null;
  reason: string | null;
  policy: ExchangePolicy | null;
  uploaded: { contentType: string | null; size: number | null; sha256: string | null };
  delivered: { contentType: string | null; size: number | null; sha256: string | null; transformed: boolean };
  notification: { attempts: number; deliveredAt: string | null; lastError: string | null };
  createdAt: string;
  updatedAt: string;
  uploadedAt: string | null;
  notifiedAt: string | null;
  fetchedAt: string | null;
  settledAt: string | null;
  purgedAt: string | null;
}

export const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function exchangeView(r: Row): ExchangeView {
  return {
    exchangeId: r.id, status: r.status, source: { system: r.sourceSystem, agency: r.sourceAgency }, destination: { system: r.destinationSystem, agency: r.destinationAgency },
    subject: r.subject, priority: r.priority, dataType: r.dataType, protocol: r.protocol, declaredSize: r.declaredSize, deadline: iso(r.deadline), code: r.code, reason: r.reason,
    policy: r.policy, uploaded: { contentType: r.contentType, size: r.size, sha256: r.sha256 },
    delivered: { contentType: r.deliveredContentType, size: r.deliveredSize, sha256: r.deliveredSha256, transformed: r.transformed },
    notification: { attempts: r.webhookAttempts, deliveredAt: iso(r.webhookDeliveredAt), lastError: r.webhookLastError },
    createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(), uploadedAt: iso(r.uploadedAt), notifiedAt: iso(r.notifiedAt),
    fetchedAt: iso(r.fetchedAt), settledAt: iso(r.settledAt), purgedAt: iso(r.purgedAt),
  };
}

/** What a system is told about an exchange (webhook body, `exchange.received` event): ids, sizes and hashes, never content. */
export const notice = (r: Row) => ({ exchangeId: r.id, status: r.status, source: r.sourceSystem, destination: r.destinationSystem, priority: r.priority,
  dataType: r.dataType, subject: r.subject, size: r.deliveredSize ?? r.size, sha256: r.deliveredSha256 ?? r.sha256, deadline: iso(r.deadline), code: r.code,
  fetch: `/api/v1/exchanges/${r.id}/content` });
