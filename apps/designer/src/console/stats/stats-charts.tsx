import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ReactElement } from 'react';
import { useT } from '../../i18n/lang.js';

/**
 * Recharts (docs/decisions/0013-charts.md): SVG charts, so the numbers are text in the page (read by screen readers,
 * by the browser tests and by axe), composed as React components like the rest of the console.
 */
export interface CountPoint { key: string; label: string; completed: number; failed: number; other: number; running: number }
export interface LatencyPoint { key: string; label: string; p50: number | null; p95: number | null }

const HEIGHT = 280;
const FIGURE = { margin: '0 0 16px' };
const CAPTION = { textAlign: 'center' as const, color: '#595959' };
const COLORS = { completed: '#389e0d', failed: '#cf1322', other: '#d48806', running: '#1677ff', p50: '#1677ff', p95: '#b3261e' };

const MARGIN = { top: 8, right: 16, bottom: 8, left: 0 };
const BAR = { isAnimationActive: false, maxBarSize: 64 } as const;

/** A chart as a captioned figure: the caption names it for screen readers and the browser tests. */
function Figure({ caption, testId, children }: { caption: string; testId: string; children: ReactElement }) {
  return (
    <figure style={FIGURE} data-testid={testId} aria-label={caption}>
      <ResponsiveContainer width="100%" height={HEIGHT}>{children}</ResponsiveContainer>
      <figcaption style={CAPTION}>{caption}</figcaption>
    </figure>
  );
}

/** Runs per group, stacked by outcome. */
export function OutcomeChart({ data, testId }: { data: CountPoint[]; testId: string }) {
  const { t } = useT();
  return (
    <Figure caption={t('stats.chartOutcomes')} testId={testId}>
      <BarChart data={data} margin={MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="label" />
        <YAxis allowDecimals={false} />
        <Tooltip />
        <Legend />
        {(['completed', 'failed', 'other', 'running'] as const).map((k) => (
          <Bar key={k} dataKey={k} name={t(`stats.${k}`)} stackId="runs" fill={COLORS[k]} {...BAR} />
        ))}
      </BarChart>
    </Figure>
  );
}

/** p50 and p95 latency per group, in milliseconds. */
export function LatencyChart({ data, testId }: { data: LatencyPoint[]; testId: string }) {
  const { t } = useT();
  return (
    <Figure caption={t('stats.chartLatency')} testId={testId}>
      <LineChart data={data} margin={MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="label" />
        <YAxis unit=" ms" width={72} />
        <Tooltip />
        <Legend />
        <Line dataKey="p50" name="p50" stroke={COLORS.p50} connectNulls isAnimationActive={false} />
        <Line dataKey="p95" name="p95" stroke={COLORS.p95} connectNulls isAnimationActive={false} />
      </LineChart>
    </Figure>
  );
}

/** One series of counts per key (exchanges per day). */
export function CountChart({ data, name, testId }: { data: { label: string; count: number }[]; name: string; testId: string }) {
  return (
    <Figure caption={name} testId={testId}>
      <BarChart data={data} margin={MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="label" />
        <YAxis allowDecimals={false} />
        <Tooltip />
        <Bar dataKey="count" name={name} fill={COLORS.running} {...BAR} />
      </BarChart>
    </Figure>
  );
}
