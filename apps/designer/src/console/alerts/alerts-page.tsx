import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Space, Table, Tabs, Tag, Typography } from 'antd';
import { CheckOutlined, LeftOutlined, ReloadOutlined, RightOutlined, WarningOutlined } from '@ant-design/icons';
import { formatTime, useT } from '../../i18n/lang.js';
import { useErrorText } from '../../i18n/error-text.js';
import { alertsApi, type AlertView } from './alerts-api.js';
import { AcknowledgeDialog } from './acknowledge-dialog.js';
import { AlertRulesCard } from './alert-rules.js';
import { meQuery } from '../../api/queries.js';
import { can } from '../access.js';
import { OpenIncidentDialog } from '../incidents/open-incident-dialog.js';

/** How often the open alerts are read again: the rules run every few seconds, the screen follows. */
const LIVE_MS = 5000;
const STATUS_COLOR: Record<AlertView['status'], string> = { firing: 'error', acknowledged: 'warning', resolved: 'success' };

function AlertTable({ status }: { status: 'open' | 'resolved' }) {
  const { t, lang, pick } = useT();
  const errorText = useErrorText();
  const [acking, setAcking] = useState<AlertView | null>(null);
  // an open alert may become an incident (the incident screen then works its steps).
  const [incidentFor, setIncidentFor] = useState<number | null>(null);
  const mayOpenIncident = can(useQuery(meQuery).data, 'incidents.manage') && status === 'open';
  // History pages go back by id: the ids the pages seen so far started before make "previous" possible.
  const [befores, setBefores] = useState<number[]>([]);
  const before = befores.at(-1);
  const list = useQuery({ queryKey: ['alerts', status, before], queryFn: () => alertsApi.list(status, before), placeholderData: keepPreviousData,
    refetchInterval: status === 'open' ? LIVE_MS : false });
  const rows = list.data ?? [];
  const columns = [
    { title: t('alerts.severity'), dataIndex: 'severity', key: 'severity', render: (s: AlertView['severity']) => <Tag color={s === 'critical' ? 'red' : 'orange'}>{t(`alerts.severity.${s}`)}</Tag> },
    { title: t('alerts.status'), dataIndex: 'status', key: 'status',
      render: (s: AlertView['status'], a: AlertView) => <Tag color={STATUS_COLOR[s]} data-testid={`alert-status-${a.id}`} data-status={s}>{t(`alerts.status.${s}`)}</Tag> },
    { title: t('alerts.message'), key: 'message', render: (a: AlertView) => <span data-testid={`alert-message-${a.id}`}>{pick(a.message)}</span> },
    { title: t('alerts.rule'), key: 'rule', render: (a: AlertView) => <code>{a.rule}</code> },
    { title: t('alerts.firedAt'), dataIndex: 'firedAt', key: 'fired', render: (x: string) => formatTime(lang, x) },
    { title: t(status === 'open' ? 'alerts.lastSeenAt' : 'alerts.resolvedAt'), key: 'when',
      render: (a: AlertView) => formatTime(lang, status === 'open' ? a.lastSeenAt : a.resolvedAt ?? undefined) },
    { title: t('alerts.acknowledgement'), key: 'ack', render: (a: AlertView) => (a.acknowledgedAt
      ? <span data-testid={`alert-ack-${a.id}`}>{a.acknowledgedBy} · {formatTime(lang, a.acknowledgedAt)}{a.acknowledgeNote && <><br /><q>{a.acknowledgeNote}</q></>}</span>
      : status === 'open' && a.status === 'firing'
        ? <Button size="small" icon={<CheckOutlined />} onClick={() => setAcking(a)} data-testid={`alert-ack-button-${a.id}`}>{t('alerts.acknowledge')}</Button>
        : '—') },
    ...(mayOpenIncident ? [{ title: t('incidents.title'), key: 'incident', render: (a: AlertView) => <Button size="small" icon={<WarningOutlined />} onClick={() => setIncidentFor(a.id)}
      data-testid={`alert-incident-button-${a.id}`}>{t('incidents.fromAlert')}</Button> }] : []),
  ];
  const expanded = (a: AlertView) => (
    <Descriptions size="small" column={1} bordered>
      <Descriptions.Item label={t('alerts.subject')}><code>{a.subject}</code></Descriptions.Item>
      <Descriptions.Item label={t('alerts.key')}><code>{a.key}</code></Descriptions.Item>
      <Descriptions.Item label={t('alerts.details')}><pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify(a.details, null, 2)}</pre></Descriptions.Item>
      <Descriptions.Item label={t('alerts.deliveries')}>
        {a.deliveries.length === 0 ? '—' : a.deliveries.map((d, i) => (
          <div key={i}>{formatTime(lang, d.at)} · {d.channel} · {d.event} · {d.ok ? t('alerts.delivered') : t('alerts.notDelivered')} ({t('alerts.attempts', { n: d.attempts })}){d.error ? ` · ${d.error}` : ''}</div>
        ))}
      </Descriptions.Item>
    </Descriptions>
  );
  return (
    <>
      {list.error && <Alert type="error" showIcon title={errorText(list.error)} className="lt-gap" />}
      <Table<AlertView> rowKey="id" size="middle" columns={columns} dataSource={rows} loading={list.isFetching && !list.data} pagination={false}
        expandable={{ expandedRowRender: expanded }} locale={{ emptyText: t(status === 'open' ? 'alerts.noneOpen' : 'alerts.noneHistory') }}
        data-testid={`alerts-${status}`} onRow={(a) => ({ 'data-testid': `alert-row-${a.key}`, 'data-status': a.status } as React.HTMLAttributes<HTMLElement>)} />
      <Space className="lt-pager">
        <Button icon={<LeftOutlined />} disabled={befores.length === 0} onClick={() => setBefores(befores.slice(0, -1))}>{t('runs.prev')}</Button>
        <Button disabled={rows.length < 50} onClick={() => { const last = rows.at(-1); if (last) setBefores([...befores, last.id]); }}>{t('runs.next')} <RightOutlined /></Button>
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} data-testid={`alerts-${status}-refresh`}>{t('runs.refresh')}</Button>
      </Space>
      <AcknowledgeDialog alert={acking} onClose={() => setAcking(null)} />
      <OpenIncidentDialog open={incidentFor !== null} {...(incidentFor !== null ? { alertId: incidentFor } : {})} onClose={() => setIncidentFor(null)} />
    </>
  );
}

/** `/alerts`: what is wrong now (firing, acknowledged), what was (history), and the rules that decide it. */
export function AlertsPage() {
  const { t } = useT();
  return (
    <main className="lt-page" data-testid="alerts-page">
      <Typography.Title level={3}>{t('alerts.title')}</Typography.Title>
      <Tabs items={[
        { key: 'open', label: t('alerts.tab.open'), children: <AlertTable status="open" /> },
        { key: 'history', label: t('alerts.tab.history'), children: <AlertTable status="resolved" /> },
        { key: 'rules', label: t('alerts.tab.rules'), children: <AlertRulesCard /> },
      ]} data-testid="alerts-tabs" />
    </main>
  );
}
