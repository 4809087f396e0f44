import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useT } from '../../i18n/lang.js';

/** A statistics period [from, to) as ISO instants (the API's `from` and `to`). */
export interface Period { from: string; to: string }

/** The last 30 days up to the end of today (local time), the screen's default. */
export function defaultPeriod(): Period {
  return { from: dayjs().subtract(29, 'day').startOf('day').toISOString(), to: dayjs().add(1, 'day').startOf('day').toISOString() };
}

const range = (a: Dayjs, b: Dayjs): [Dayjs, Dayjs] => [a, b];

/** Days picked inclusively; the period runs to the start of the day after the last one. */
export function PeriodPicker({ value, onChange }: { value: Period; onChange: (p: Period) => void }) {
  const { t } = useT();
  const today = dayjs().startOf('day');
  const presets = [
    { label: t('stats.preset.today'), value: range(today, today) },
    { label: t('stats.preset.7days'), value: range(today.subtract(6, 'day'), today) },
    { label: t('stats.preset.30days'), value: range(today.subtract(29, 'day'), today) },
    { label: t('stats.preset.thisMonth'), value: range(today.startOf('month'), today.endOf('month').startOf('day')) },
    { label: t('stats.preset.lastMonth'), value: range(today.subtract(1, 'month').startOf('month'), today.subtract(1, 'month').endOf('month').startOf('day')) },
    { label: t('stats.preset.thisYear'), value: range(today.startOf('year'), today.endOf('year').startOf('day')) },
  ];
  return (
    <DatePicker.RangePicker allowClear={false} presets={presets} data-testid="stats-period" aria-label={t('stats.period')}
      value={[dayjs(value.from), dayjs(value.to).subtract(1, 'day')]}
      onChange={(v) => { if (v?.[0] && v[1]) onChange({ from: v[0].startOf('day').toISOString(), to: v[1].add(1, 'day').startOf('day').toISOString() }); }} />
  );
}
