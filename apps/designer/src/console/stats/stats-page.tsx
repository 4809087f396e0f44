import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Space, Tabs, Typography } from 'antd';
import { meQuery } from '../../api/queries.js';
import { agencyOf, can } from '../access.js';
import { useT } from '../../i18n/lang.js';
import { defaultPeriod, PeriodPicker, type Period } from './period.js';
import { RunStatsPanel } from './run-stats-panel.js';
import { ExchangeStatsPanel } from './exchange-stats-panel.js';
import { MonthlyReportPanel } from './monthly-report-panel.js';

/** `/stats`: runs and exchanges over a period, with charts and downloads, and the monthly agency report. */
export function StatsPage() {
  const { t } = useT();
  const me = useQuery(meQuery).data;
  const agency = agencyOf(me);
  const [period, setPeriod] = useState<Period>(defaultPeriod);
  const items = [
    { key: 'runs', label: t('stats.tab.runs'), children: <RunStatsPanel period={period} agencyLimited={agency !== null} /> },
    { key: 'exchanges', label: t('stats.tab.exchanges'), children: <ExchangeStatsPanel period={period} /> },
    ...(can(me, 'audit.read') ? [{ key: 'monthly', label: t('stats.tab.monthly'), children: <MonthlyReportPanel ownAgency={agency} /> }] : []),
  ];
  return (
    <main className="lt-page" data-testid="stats-page">
      <Space align="baseline" wrap className="lt-gap">
        <Typography.Title level={3} style={{ margin: 0 }}>{t('stats.title')}</Typography.Title>
        <span>{t('stats.period')}:</span>
        <PeriodPicker value={period} onChange={setPeriod} />
      </Space>
      {agency && <Alert type="info" showIcon title={t('stats.onlyAgency', { agency })} className="lt-gap" />}
      <Tabs items={items} data-testid="stats-tabs" />
    </main>
  );
}
