import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, InputNumber, Space, Table, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { formatTime, useT } from '../../i18n/lang.js';
import { useErrorText } from '../../i18n/error-text.js';
import { meQuery } from '../../api/queries.js';
import { can } from '../access.js';
import { incidentsApi, type IncidentMonth, type IncidentView } from './incidents-api.js';
import { OpenIncidentDialog } from './open-incident-dialog.js';

export const SEVERITY_COLOR: Record<IncidentView['severity'], string> = { low: 'default', medium: 'gold', high: 'orange', critical: 'red' };
export const STATUS_COLOR: Record<IncidentView['status'], string> = { open: 'error', recovering: 'processing', resolved: 'success' };
const LIVE_MS = 10_000;

/** The announced recovery times of the incidents in progress: what every operator opening the screen sees first. */
export function RecoveryBanners() {
  const { t, lang } = useT();
  const active = useQuery({ queryKey: ['incidents', 'active'], queryFn: () => incidentsApi.list('active'), refetchInterval: LIVE_MS });
  return (
    <>
      {(active.data ?? []).filter((i) => i.recoveryEta).map((i) => (
        <Alert key={i.id} type="warning" showIcon className="lt-gap" data-testid={`incident-banner-${i.id}`}
          title={t('incidents.banner', { title: i.title, eta: formatTime(lang, i.recoveryEta ?? undefined) })} />
      ))}
    </>
  );
}

function IncidentTable({ status }: { status: 'active' | 'resolved' }) {
  const { t, lang } = useT();
  const errorText = useErrorText();
  const list = useQuery({ queryKey: ['incidents', status], queryFn: () => incidentsApi.list(status), refetchInterval: status === 'active' ? LIVE_MS : false });
  const columns = [
    { title: t('incidents.titleField'), key: 'title', render: (i: IncidentView) => <Link to={`/incidents/${i.id}`} data-testid={`incident-link-${i.id}`}>{i.title}</Link> },
    { title: t('incidents.severity'), key: 'severity', render: (i: IncidentView) => <Tag color={SEVERITY_COLOR[i.severity]}>{t(`incidents.severity.${i.severity}`)}</Tag> },
    { title: t('incidents.status'), key: 'status', render: (i: IncidentView) => <Tag color={STATUS_COLOR[i.status]} data-testid={`incident-status-${i.id}`}>{t(`incidents.status.${i.status}`)}</Tag> },
    { title: t('incidents.agencies'), key: 'agencies', render: (i: IncidentView) => i.agencies.join(', ') || '—' },
    { title: t('incidents.openedAt'), key: 'opened', render: (i: IncidentView) => formatTime(lang, i.openedAt) },
    { title: t(status === 'active' ? 'incidents.recoveryEta' : 'incidents.resolvedAt'), key: 'when',
      render: (i: IncidentView) => formatTime(lang, (status === 'active' ? i.recoveryEta : i.resolvedAt) ?? undefined) },
  ];
  return (
    <>
      {list.error && <Alert type="error" showIcon title={errorText(list.error)} className="lt-gap" />}
      <Table<IncidentView> rowKey="id" size="middle" columns={columns} dataSource={list.data ?? []} loading={list.isLoading} pagination={false}
        locale={{ emptyText: t('incidents.none') }} data-testid={`incidents-${status}`} />
      <Space className="lt-pager"><Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>{t('runs.refresh')}</Button></Space>
    </>
  );
}

/** Incidents per month of a year: count by severity and the mean time to recover. */
function IncidentStats() {
  const { t } = useT();
  const [year, setYear] = useState(new Date().getUTCFullYear());
  const stats = useQuery({ queryKey: ['incidents', 'stats', year], queryFn: () => incidentsApi.stats(year) });
  const sev = (s: IncidentView['severity']) => ({ title: t(`incidents.severity.${s}`), key: s, render: (m: IncidentMonth) => m.bySeverity[s] });
  return (
    <>
      <Space className="lt-gap"><label htmlFor="incident-stats-year">{t('incidents.stats.year')}</label>
        <InputNumber id="incident-stats-year" min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} /></Space>
      <Table<IncidentMonth> rowKey="month" size="small" pagination={false} dataSource={stats.data ?? []} loading={stats.isLoading} data-testid="incident-stats"
        locale={{ emptyText: t('incidents.none') }}
        columns={[{ title: t('incidents.stats.month'), dataIndex: 'month', key: 'month' }, { title: t('incidents.stats.total'), dataIndex: 'total', key: 'total' },
          sev('low'), sev('medium'), sev('high'), sev('critical'),
          { title: t('incidents.stats.mttr'), key: 'mttr', render: (m: IncidentMonth) => m.meanMinutesToRecover ?? '—' }]} />
    </>
  );
}

/** `/incidents`: incidents in progress (with their announced recovery times), resolved ones, and statistics. */
export function IncidentsPage() {
  const { t } = useT();
  const me = useQuery(meQuery);
  const [opening, setOpening] = useState(false);
  return (
    <main className="lt-page" data-testid="incidents-page">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3}>{t('incidents.title')}</Typography.Title>
        {can(me.data, 'incidents.manage') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpening(true)} data-testid="incident-new">{t('incidents.new')}</Button>}
      </Space>
      <Typography.Paragraph type="secondary">{t('incidents.help')}</Typography.Paragraph>
      <RecoveryBanners />
      <Tabs items={[
        { key: 'active', label: t('incidents.tab.active'), children: <IncidentTable status="active" /> },
        { key: 'resolved', label: t('incidents.tab.resolved'), children: <IncidentTable status="resolved" /> },
        { key: 'stats', label: t('incidents.tab.stats'), children: <IncidentStats /> },
      ]} />
      <OpenIncidentDialog open={opening} onClose={() => setOpening(false)} />
    </main>
  );
}
