import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Col, Row, Statistic, Table, Typography } from 'antd';
import { formatTime, useT } from '../../i18n/lang.js';
import { label } from '../../i18n/messages.js';
import { useErrorText } from '../../i18n/error-text.js';
import { statsApi, type ExchangeStats } from './stats-api.js';
import { CountChart } from './stats-charts.js';
import type { Period } from './period.js';

type Counted = ExchangeStats['byDay'][number];
type FailedDelivery = ExchangeStats['failedDeliveries'][number];

/** An exchange whose deadline passed before the destination fetched it: the data exchange's SLA breach (REG 001 Đ11). */
const SLA_BREACH = 'expired';

/** The eight-step exchanges in the period: per day, status, source and destination; deadline breaches; failed and retried notifications. */
export function ExchangeStatsPanel({ period }: { period: Period }) {
  const { t, lang } = useT();
  const errorText = useErrorText();
  const stats = useQuery({ queryKey: ['stats', 'exchanges', period], queryFn: () => statsApi.exchanges(period.from, period.to), placeholderData: keepPreviousData });
  const s = stats.data;
  const total = (s?.byStatus ?? []).reduce((a, g) => a + g.count, 0);
  const count = (status: string) => s?.byStatus.find((g) => g.key === status)?.count ?? 0;
  const statusText = (k: string) => label(lang, `stats.xstatus.${k}`, k);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const counted = (title: string, testId: string, rows: Counted[] | undefined, keyText: (k: string) => string = (k) => k) => (
    <Table<Counted> rowKey="key" size="small" pagination={false} dataSource={rows ?? []} title={() => <strong>{title}</strong>}
      data-testid={`stats-x-${testId}`} locale={{ emptyText: t('stats.empty') }}
      columns={[{ title: title, key: 'key', render: (g: Counted) => keyText(g.key) }, { title: t('stats.count'), dataIndex: 'count', key: 'count', align: 'right' as const },
        { title: t('stats.size'), key: 'bytes', align: 'right' as const, render: (g: Counted) => kb(g.bytes) }]} />
  );
  const failedColumns = [
    { title: t('stats.exchangeId'), dataIndex: 'exchangeId', key: 'id', render: (x: string) => <code>{x}</code> },
    { title: t('stats.source'), dataIndex: 'source', key: 'source' },
    { title: t('stats.destination'), dataIndex: 'destination', key: 'destination' },
    { title: t('stats.status'), dataIndex: 'status', key: 'status', render: statusText },
    { title: t('stats.code'), dataIndex: 'code', key: 'code', render: (c: string | null) => c ?? '—' },
    { title: t('stats.notificationAttempts'), dataIndex: 'notificationAttempts', key: 'attempts', align: 'right' as const },
    { title: t('stats.at'), dataIndex: 'at', key: 'at', render: (x: string) => formatTime(lang, x) },
  ];
  return (
    <section data-testid="stats-exchanges">
      {stats.error && <Alert type="error" showIcon title={errorText(stats.error)} className="lt-gap" />}
      <Row gutter={16} className="lt-gap">
        <Col data-testid="stats-x-total"><Statistic title={t('stats.exchanges')} value={total} /></Col>
        <Col><Statistic title={statusText('delivered')} value={count('delivered')} /></Col>
        <Col data-testid="stats-x-sla"><Statistic title={t('stats.slaBreaches')} value={count(SLA_BREACH)} /></Col>
        <Col><Statistic title={t('stats.failedDeliveries')} value={s?.failedDeliveries.length ?? 0} /></Col>
      </Row>
      <Typography.Paragraph type="secondary">{t('stats.slaHint')}</Typography.Paragraph>
      <CountChart data={(s?.byDay ?? []).map((g) => ({ label: g.key, count: g.count }))} name={t('stats.exchangesPerDay')} testId="stats-x-chart" />
      <Row gutter={16}>
        <Col xs={24} lg={8}>{counted(t('stats.status'), 'byStatus', s?.byStatus, statusText)}</Col>
        <Col xs={24} lg={8}>{counted(t('stats.source'), 'bySource', s?.bySource)}</Col>
        <Col xs={24} lg={8}>{counted(t('stats.destination'), 'byDestination', s?.byDestination)}</Col>
      </Row>
      <Typography.Title level={5} className="lt-gap-top">{t('stats.failedDeliveries')}</Typography.Title>
      <Table<FailedDelivery> rowKey={(r) => `${r.exchangeId}-${r.status}`} size="small" columns={failedColumns} dataSource={s?.failedDeliveries ?? []}
        pagination={{ pageSize: 10 }} locale={{ emptyText: t('stats.empty') }} data-testid="stats-x-failed" />
    </section>
  );
}
