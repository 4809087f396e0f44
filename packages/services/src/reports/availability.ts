/** Time spans [start, end) in ms; the arithmetic of availability (pure). */
export type Span = readonly [number, number];

/** The spans merged where they overlap or touch, earliest first. */
export function union(spans: readonly Span[]): Span[] {
  const out: [number, number][] = [];
  for (const [a, b] of [...spans].filter(([x, y]) => y > x).sort((p, q) => p[0] - q[0])) {
    const last = out.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

const length = (spans: readonly Span[]) => spans.reduce((n, [a, b]) => n + (b - a), 0);

/** How long `spans` cover outside `excluded` (both any spans; overlaps counted once). */
export function lengthOutside(spans: readonly Span[], excluded: readonly Span[]): number {
  const ex = union(excluded);
  let n = 0;
  for (const [a, b] of union(spans)) {
    n += b - a;
    for (const [x, y] of ex) n -= Math.max(0, Math.min(b, y) - Math.max(a, x));
  }
  return n;
}

/**
 * Availability over [from, to): planned maintenance announced ahead is not counted against it. Outage
 * time inside a planned window is not unplanned down time, and the planned time leaves the period it is measured over.
 */
export function availabilityOf(period: Span, outages: readonly Span[], planned: readonly Span[]): { downMs: number; plannedMs: number; availability: number | null } {
  const clip = (s: readonly Span[]): Span[] => s.map(([a, b]) => [Math.max(a, period[0]), Math.min(b, period[1])] as const);
  const plannedSpans = union(clip(planned));
  const plannedMs = length(plannedSpans);
  const downMs = lengthOutside(clip(outages), plannedSpans);
  const measured = period[1] - period[0] - plannedMs;
  return { downMs, plannedMs, availability: measured > 0 ? 1 - downMs / measured : null };
}
