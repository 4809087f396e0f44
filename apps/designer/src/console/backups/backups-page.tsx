import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Table, Tag, Typography } from 'antd';
import { formatTime, useT } from '../../i18n/lang.js';
import { useErrorText } from '../../i18n/error-text.js';
import { accountRequestKeys, accountRequestsApi, type BackupsView } from '../account-requests/account-requests-api.js';

type Backup = BackupsView['backups'][number];

/** `/backups`: whether scheduled backups are on, their directory and retention rule, and each run's result. */
export function BackupsPage() {
  const { t, lang } = useT();
  const errorText = useErrorText();
  const q = useQuery({ queryKey: accountRequestKeys.backups, queryFn: () => accountRequestsApi.backups(), refetchInterval: 30_000 });
  const status = q.data?.status;
  const columns = [
    { title: t('backups.startedAt'), dataIndex: 'startedAt', key: 'at', render: (x: string) => formatTime(lang, x) },
    { title: t('backups.outcome'), key: 'outcome', render: (b: Backup) => <Tag color={b.outcome === 'ok' ? 'green' : 'red'}>{t(b.outcome === 'ok' ? 'backups.ok' : 'backups.failed')}</Tag> },
    { title: t('backups.file'), key: 'file', render: (b: Backup) => (b.file ? <code>{b.file}</code> : b.error) },
    { title: t('backups.size'), key: 'size', render: (b: Backup) => (b.bytes !== null ? `${Math.ceil(b.bytes / 1024)} KB` : '') },
    { title: t('backups.verified'), key: 'verified', render: (b: Backup) => (b.verifiedAt ? t('backups.verifiedRows', { tables: b.tables, rows: b.rows }) : '') },
    { title: t('backups.pruned'), key: 'pruned', render: (b: Backup) => b.pruned.length },
  ];
  return (
    <main className="lt-page" data-testid="backups-page">
      <Typography.Title level={3}>{t('backups.title')}</Typography.Title>
      {q.error && <Alert type="error" showIcon className="lt-gap" title={errorText(q.error)} />}
      {status && !status.enabled && (
        <Alert type="warning" showIcon className="lt-gap" data-testid="backups-off" title={t('backups.off')}
          description={t(status.reason === 'no-dir' ? 'backups.offNoDir' : 'backups.offNoKey')} />
      )}
      {status?.enabled && (
        <Descriptions className="lt-gap" column={1} bordered size="small" data-testid="backups-on">
          <Descriptions.Item label={t('backups.dir')}><code>{status.dir}</code></Descriptions.Item>
          <Descriptions.Item label={t('backups.rule')}>{t('backups.ruleText', { daily: status.keepDaily, monthly: status.keepMonthly, hours: Math.round(status.everyMs / 3_600_000) })}</Descriptions.Item>
          <Descriptions.Item label={t('backups.key')}>{t(status.keySource === 'key-file' ? 'backups.keyFile' : 'backups.keyPassphrase')}</Descriptions.Item>
        </Descriptions>
      )}
      <Table<Backup> rowKey="id" size="middle" pagination={false} columns={columns} dataSource={q.data?.backups ?? []} loading={q.isPending} />
    </main>
  );
}
