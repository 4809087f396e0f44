import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Table, Tag, Typography } from 'antd';
import { useT } from '../../i18n/lang.js';
import { useErrorText } from '../../i18n/error-text.js';
import { alertsApi, type AlertRules } from './alerts-api.js';

type Rule = AlertRules['rules'][number];

/** The rules in force on this install (LT_ALERT_* or the defaults), how often they run and where alerts are sent. */
export function AlertRulesCard() {
  const { t, pick } = useT();
  const errorText = useErrorText();
  const rules = useQuery({ queryKey: ['alerts', 'rules'], queryFn: () => alertsApi.rules(), staleTime: 60_000 });
  if (rules.error) return <Alert type="error" showIcon title={errorText(rules.error)} />;
  const r = rules.data;
  return (
    <section data-testid="alert-rules">
      <Descriptions size="small" column={1} className="lt-gap">
        <Descriptions.Item label={t('alerts.interval')}>{r ? t('alerts.seconds', { n: r.intervalSeconds }) : '…'}</Descriptions.Item>
        <Descriptions.Item label={t('alerts.channels')}>
          {r && (r.channels.length === 0 ? t('alerts.channelsNone') : r.channels.map((c) => <Tag key={c}>{t(`alerts.channel.${c}`)}</Tag>))}
        </Descriptions.Item>
      </Descriptions>
      <Table<Rule> rowKey="rule" size="small" pagination={false} dataSource={r?.rules ?? []} loading={rules.isPending}
        onRow={(x) => ({ 'data-testid': `alert-rule-${x.rule}` } as React.HTMLAttributes<HTMLElement>)}
        columns={[
          { title: t('alerts.rule'), dataIndex: 'rule', key: 'rule', render: (x: string) => <code>{x}</code> },
          { title: t('alerts.ruleMeaning'), key: 'meaning', render: (x: Rule) => pick(x.description) },
          { title: t('alerts.severity'), dataIndex: 'severity', key: 'severity',
            render: (s: Rule['severity']) => s.split('|').map((v) => <Tag key={v} color={v === 'critical' ? 'red' : 'orange'}>{t(`alerts.severity.${v as 'warning' | 'critical'}`)}</Tag>) },
        ]} />
      <Typography.Paragraph type="secondary" className="lt-gap-top">{t('alerts.rulesHint')}</Typography.Paragraph>
    </section>
  );
}
