/** Order of the receiver's path (QĐ 28/2018): 01 → 03 → 04 → 05 → 06; 02 and 15/16 are side exits. */
const RANK: Record<string, number> = { '01': 1, '02': 9, '03': 2, '04': 3, '05': 4, '06': 5, '13': 0, '15': 0, '16': 0 };

export interface StatusItem { id: string; docId: string; documentId: string; from: string; statusCode?: string }

/**
 * Keeps, per document and sender of the status, the highest state seen; a lower state arriving
 * after a higher one (05 then 03) is an anomaly to log, never a step back.
 */
export function foldStatuses(items: readonly StatusItem[]) {
  const latest = new Map<string, { docId: string; documentId: string; from: string; statusCode: string }>();
  const anomalies: { docId: string; from: string; statusCode: string; kept: string; kind: 'out_of_order' }[] = [];
  for (const it of items) {
    if (!it.statusCode) continue;
    const k = `${it.docId}|${it.from}`;
    const cur = latest.get(k);
    const rank = RANK[it.statusCode] ?? 0;
    if (rank === 0) continue; // recall traffic (13/15/16) does not move the processing state
    if (cur && (RANK[cur.statusCode] ?? 0) > rank) {
      anomalies.push({ docId: it.docId, from: it.from, statusCode: it.statusCode, kept: cur.statusCode, kind: 'out_of_order' });
      continue;
    }
    latest.set(k, { docId: it.docId, documentId: it.documentId, from: it.from, statusCode: it.statusCode });
  }
  return { latestStatus: [...latest.values()], anomalies };
}
