import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
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

/** Runs per group, stacked by outcome. */
export function OutcomeChart({ data, testId }: { data: CountPoint[]; testId: string }) {
  const { t } = useT();
  return (
    <figure style={FIGURE} data-testid={testId} aria-label={t('stats.chartOutcomes')}>
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend />
          <Bar dataKey="completed" name={t('stats.completed')} stackId="runs" fill={COLORS.completed} isAnimationActive={false} maxBarSize={64} />
          <Bar dataKey="failed" name={t('stats.failed')} stackId="runs" fill={COLORS.failed} isAnimationActive={false} maxBarSize={64} />
          <Bar dataKey="other" name={t('stats.other')} stackId="runs" fill={COLORS.other} isAnimationActive={false} maxBarSize={64} />
          <Bar dataKey="running" name={t('stats.running')} stackId="runs" fill={COLORS.running} isAnimationActive={false} maxBarSize={64} />
        </BarChart>
      </ResponsiveContainer>
      <figcaption style={CAPTION}>{t('stats.chartOutcomes')}</figcaption>
    </figure>
  );
}

/** p50 and p95 latency per group, in milliseconds. */
export function LatencyChart({ data, testId }: { data: LatencyPoint[]; testId: string }) {
  const { t } = useT();
  return (
    <figure style={FIGURE} data-testid={testId} aria-label={t('stats.chartLatency')}>
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis unit=" ms" width={72} />
          <Tooltip />
          <Legend />
          <Line dataKey="p50" name="p50" stroke={COLORS.p50} connectNulls isAnimationActive={false} />
          <Line dataKey="p95" name="p95" stroke={COLORS.p95} connectNulls isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
      <figcaption style={CAPTION}>{t('stats.chartLatency')}</figcaption>
    </figure>
  );
}

/** One series of counts per key (exchanges per day). */
export function CountChart({ data, name, testId }: { data: { label: string; count: number }[]; name: string; testId: string }) {
  return (
    <figure style={FIGURE} data-testid={testId} aria-label={name}>
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Bar dataKey="count" name={name} fill={COLORS.running} isAnimationActive={false} maxBarSize={64} />
        </BarChart>
      </ResponsiveContainer>
      <figcaption style={CAPTION}>{name}</figcaption>
    </figure>
  );
}
