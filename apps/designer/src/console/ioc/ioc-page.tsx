import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Col, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { useT } from '../../i18n/lang.js';
import { useErrorText } from '../../i18n/error-text.js';
import { iocApi, iocKeys, recentQuarters, type IocStatsRow } from './ioc-api.js';

const COUNTS = ['received', 'verified', 'rejected', 'answeredOnTime', 'answeredLate', 'closed'] as const;

/** `/ioc` ("Thống kê IOC"): the quarter's citizen feedback by unit and category, counted by the API from the register. */
export function IocPage() {
  const { t } = useT();
  const errorText = useErrorText();
  const quarters = recentQuarters();
  const [quarter, setQuarter] = useState(quarters[0] as string);
  const stats = useQuery({ queryKey: iocKeys.quarter(quarter), queryFn: () => iocApi.quarterStats(quarter) });
  const total = stats.data?.total;
  const survey = (v: number | null) => (v === null ? '—' : v.toFixed(2));
  const columns = [
    { title: t('ioc.unit'), key: 'unit', render: (r: IocStatsRow) => r.unitCode ?? t('ioc.unassigned') },
    { title: t('ioc.category'), dataIndex: 'category', key: 'category' },
    ...COUNTS.map((c) => ({ title: t(`ioc.${c}`), dataIndex: c, key: c, align: 'right' as const })),
    { title: t('ioc.surveyAverage'), key: 'survey', align: 'right' as const, render: (r: IocStatsRow) => `${survey(r.surveyAverage)} (${r.surveyed})` },
  ];
  return (
    <main className="lt-page" data-testid="ioc-page">
      <Typography.Title level={3}>{t('ioc.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('ioc.help')}</Typography.Paragraph>
      {stats.error && <Alert type="error" showIcon className="lt-gap" title={errorText(stats.error)} />}
      <Space className="lt-gap" wrap>
        <span>{t('ioc.quarter')}</span>
        <Select style={{ minWidth: 160 }} value={quarter} onChange={setQuarter} data-testid="ioc-quarter" aria-label={t('ioc.quarter')} options={quarters.map((q) => ({ value: q, label: q }))} />
      </Space>
      <Row gutter={16} className="lt-gap" data-testid="ioc-totals">
        {COUNTS.map((c) => <Col key={c} data-testid={`ioc-total-${c}`}><Statistic title={t(`ioc.${c}`)} value={total?.[c] ?? 0} /></Col>)}
        <Col data-testid="ioc-total-survey"><Statistic title={t('ioc.surveyAverage')} value={survey(total?.surveyAverage ?? null)} /></Col>
      </Row>
      <Table<IocStatsRow> rowKey={(r) => `${r.unitCode ?? '-'}|${r.category ?? '-'}`} size="small" columns={columns} dataSource={stats.data?.rows ?? []}
        loading={stats.isPending} pagination={{ pageSize: 50, showSizeChanger: false }} locale={{ emptyText: t('ioc.empty') }} data-testid="ioc-rows" />
    </main>
  );
}
