import { createHash } from 'node:crypto';
import type { IocFeedbackEntry, IocQueuedObservation, IocStore } from '../sdk/types.js';

/**
 * An in-memory IOC register and outbox for the connectors' own tests (the platform's store over its tables is
 * packages/services/src/ioc/store.ts, tested through test/system/ioc-*.test.ts).
 */
export function memoryIocStore(): IocStore & { rows: Map<string, IocFeedbackEntry & { hash?: string }>; outbox: (IocQueuedObservation & { state: string })[] } {
  const rows = new Map<string, IocFeedbackEntry & { hash?: string }>();
  const outbox: (IocQueuedObservation & { state: string; key: string })[] = [];
  let defs: Record<string, unknown>[] = [];
  const hash = (s: string) => createHash('sha256').update(s.normalize('NFC').toLocaleLowerCase('vi-VN').replace(/[\s\p{P}]+/gu, ' ').trim()).digest('hex');
  return {
    rows, outbox,
    recordFeedback(e, windowHours) {
      if (e.status !== 'received') {
        rows.set(e.feedbackId, { ...(rows.get(e.feedbackId) as IocFeedbackEntry), ...e });
        return Promise.resolve({ duplicateOf: null });
      }
      const h = hash(e.content ?? '');
      const at = e.receivedAt?.getTime() ?? 0;
      const dup = [...rows.values()].find((r) => r.feedbackId !== e.feedbackId && r.hash === h && r.communeCode === e.communeCode
        && (r.receivedAt?.getTime() ?? 0) <= at && at - (r.receivedAt?.getTime() ?? 0) <= windowHours * 3_600_000);
      if (!rows.has(e.feedbackId)) rows.set(e.feedbackId, { ...e, hash: h });
      return Promise.resolve({ duplicateOf: dup?.feedbackId ?? null });
    },
    definitions(set) {
      if (set) defs = set;
      return Promise.resolve(defs);
    },
    enqueue(key, items) {
      items.forEach((o, i) => {
        if (outbox.some((r) => r.key === `${key}#${i}`)) return;
        const last = outbox.filter((r) => r.indicatorCode === o.indicatorCode && r.areaCode === o.areaCode && r.period === o.period).reduce((m, r) => Math.max(m, r.revision), 0);
        const seq = outbox.length + 1;
        outbox.push({ ...o, seq, revision: last + 1, idempotencyKey: `mem-obs-${seq}-${key}`, state: 'pending', key: `${key}#${i}` });
      });
      return Promise.resolve(outbox.filter((r) => r.key.startsWith(`${key}#`)));
    },
    pending: (limit) => Promise.resolve(outbox.filter((r) => r.state === 'pending').slice(0, limit)),
    settle(results) {
      for (const r of results) { const row = outbox.find((x) => x.seq === r.seq); if (row) row.state = r.state; }
      return Promise.resolve();
    },
  };
}
