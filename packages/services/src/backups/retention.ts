/**
 * Which backups to keep: the newest of each of the last `daily` days and the newest of each of the last `monthly`
 * months (days and months in Vietnam's time, UTC+7); every other one is pruned. Pure, so the rule is tested alone.
 */
export interface BackupRetention { daily: number; monthly: number }

const VN_OFFSET_MS = 7 * 3_600_000;
const vnDay = (at: Date): string => new Date(at.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);

export function backupsToPrune<T extends { at: Date }>(files: readonly T[], keep: BackupRetention): T[] {
  const newestFirst = [...files].sort((a, b) => b.at.getTime() - a.at.getTime());
  const days = new Set<string>();
  const months = new Set<string>();
  const kept = new Set<T>();
  for (const f of newestFirst) {
    const day = vnDay(f.at);
    const month = day.slice(0, 7);
    if (!days.has(day)) {
      days.add(day);
      if (days.size <= keep.daily) kept.add(f);
    }
    if (!months.has(month)) {
      months.add(month);
      if (months.size <= keep.monthly) kept.add(f);
    }
  }
  return newestFirst.filter((f) => !kept.has(f));
}
