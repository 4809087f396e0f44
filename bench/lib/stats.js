// Percentiles and summaries over latency samples (milliseconds).

/** p in [0,100] over an ascending array (nearest-rank). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export const round = (x, d = 2) => (x === null || x === undefined || Number.isNaN(x) ? null : Math.round(x * 10 ** d) / 10 ** d);

/** { count, mean, p50, p90, p95, p99, max } of latencies in ms. */
export function summarize(latencies) {
  const s = Float64Array.from(latencies).sort();
  const mean = s.length ? s.reduce((a, b) => a + b, 0) / s.length : null;
  return {
    count: s.length, mean: round(mean), min: round(s[0] ?? null), p50: round(percentile(s, 50)), p90: round(percentile(s, 90)),
    p95: round(percentile(s, 95)), p99: round(percentile(s, 99)), max: round(s.length ? s[s.length - 1] : null),
  };
}
