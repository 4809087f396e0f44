import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Select, Space, Table, Tag, Typography } from 'antd';
import { formatTime, useT } from '../../i18n/lang.js';
import { useErrorText } from '../../i18n/error-text.js';
import type { MessageKey } from '../../i18n/messages.js';
import { reportingApi, reportingKeys, type PeriodProgress } from './reporting-api.js';
import { RegimePanel } from './regime-panel.js';

type Unit = PeriodProgress['units'][number];
const STATES = ['draft', 'submitted', 'returned', 'resubmitted', 'recalled', 'approved', 'corrected'] as const;
const COLOURS: Record<string, string> = { draft: 'default', submitted: 'blue', returned: 'orange', resubmitted: 'geekblue', recalled: 'purple', approved: 'green', corrected: 'gold' };

/** `/reporting` ("Kỳ báo cáo"): a period's progress per unit; every number is counted from the rows the API lists. */
export function ReportingPage() {
  const { t, lang, pick } = useT();
  const errorText = useErrorText();
  const periods = useQuery({ queryKey: reportingKeys.periods, queryFn: () => reportingApi.periods() });
  const [chosen, setChosen] = useState<string | null>(null);
  const periodId = chosen ?? periods.data?.periods[0]?.periodId ?? null;
  const progress = useQuery({ queryKey: reportingKeys.progress(periodId ?? ''), queryFn: () => reportingApi.progress(periodId as string), enabled: periodId !== null, refetchInterval: 30_000 });
  const p = progress.data;
  const columns = [
    { title: t('reporting.unit'), key: 'unit', render: (u: Unit) => <span>{u.unitCode}{u.delegatedTo ? ` (${t('reporting.delegatedTo', { unit: u.delegatedTo })})` : ''}</span> },
    { title: t('reporting.state'), key: 'state', render: (u: Unit) => <Tag color={COLOURS[u.state]} data-testid={`reporting-state-${u.unitCode}`}>{t(`reporting.state.${u.state}` as MessageKey)}</Tag> },
    { title: t('reporting.submittedAt'), key: 'submittedAt', render: (u: Unit) => (u.submittedAt ? formatTime(lang, u.submittedAt) : '') },
    { title: t('reporting.approvedAt'), key: 'approvedAt', render: (u: Unit) => (u.approvedAt ? formatTime(lang, u.approvedAt) : '') },
    { title: t('reporting.overdue'), key: 'overdue', render: (u: Unit) => (u.overdue ? <Tag color="red">{t('reporting.overdue')}</Tag> : '') },
    { title: t('reporting.returned'), key: 'returned', render: (u: Unit) => u.returnedIndicators.join(', ') },
  ];
  return (
    <main className="lt-page" data-testid="reporting-page">
      <Typography.Title level={3}>{t('reporting.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('reporting.help')}</Typography.Paragraph>
      {(periods.error ?? progress.error) && <Alert type="error" showIcon className="lt-gap" title={errorText(periods.error ?? progress.error)} />}
      {periods.data && periods.data.periods.length === 0 && <Alert type="info" showIcon className="lt-gap" title={t('reporting.none')} />}
      {periodId && (
        <Space className="lt-gap" wrap>
          <span>{t('reporting.period')}</span>
          <Select style={{ minWidth: 280 }} value={periodId} onChange={setChosen} data-testid="reporting-period"
            options={(periods.data?.periods ?? []).map((x) => ({ value: x.periodId, label: `${x.regimeCode} · ${x.label}` }))} />
        </Space>
      )}
      {p && (
        <>
          <Descriptions className="lt-gap" column={2} bordered size="small">
            <Descriptions.Item label={t('reporting.period')}>{pick(p.period.regimeName)} · {p.period.label}</Descriptions.Item>
            <Descriptions.Item label={t('reporting.window')}>{p.period.dataFrom} → {p.period.dataTo}</Descriptions.Item>
            <Descriptions.Item label={t('reporting.deadline')}>{formatTime(lang, p.period.deadline)}</Descriptions.Item>
            <Descriptions.Item label={t('reporting.lead')}>{p.period.leadAgencyCode}</Descriptions.Item>
            <Descriptions.Item label={t('reporting.aggregate')} span={2}>
              <span data-testid="reporting-aggregate">{t(`reporting.aggregate.${p.aggregate?.state ?? 'none'}` as MessageKey)}</span>
              {p.aggregate?.sentAt ? <span data-testid="reporting-sent"> · {formatTime(lang, p.aggregate.sentAt)}{p.aggregate.receiptId ? ` · ${t('reporting.receipt', { id: p.aggregate.receiptId })}` : ''}</span> : null}
              {p.aggregate && p.aggregate.missing.length > 0 ? ` · ${t('reporting.missing', { n: p.aggregate.missing.length })}` : ''}
            </Descriptions.Item>
          </Descriptions>
          <Space className="lt-gap" wrap data-testid="reporting-totals">
            <Tag data-testid="reporting-total-units">{t('reporting.units')}: {p.totals.units}</Tag>
            {STATES.map((s) => <Tag key={s} color={COLOURS[s]} data-testid={`reporting-count-${s}`}>{t(`reporting.state.${s}` as MessageKey)}: {p.totals.byState[s] ?? 0}</Tag>)}
            <Tag color="red" data-testid="reporting-count-overdue">{t('reporting.overdue')}: {p.totals.overdue}</Tag>
          </Space>
          <Table<Unit> rowKey="assignmentId" size="small" columns={columns} dataSource={p.units} loading={progress.isPending} pagination={{ pageSize: 50, showSizeChanger: false }} />
        </>
      )}
      <RegimePanel />
    </main>
  );
}
