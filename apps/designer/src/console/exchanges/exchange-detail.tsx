import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Drawer, Spin, Table, Tag, Typography } from 'antd';
import { formatTime, useT } from '../../i18n/lang.js';
import { label } from '../../i18n/messages.js';
import { useErrorText } from '../../i18n/error-text.js';
import { exchangesApi, type ExchangeDetail, type ExchangeStatus } from './exchanges-api.js';

const ENDED_WELL = new Set<ExchangeStatus>(['delivered', 'content_purged']);
const ENDED_BADLY = new Set<ExchangeStatus>(['rejected', 'expired', 'refused_by_destination', 'failed']);

export function ExchangeStatusTag({ status }: { status: ExchangeStatus }) {
  const { lang } = useT();
  const color = ENDED_WELL.has(status) ? 'green' : ENDED_BADLY.has(status) ? 'red' : 'blue';
  return <Tag color={color} data-testid="exchange-status" data-status={status}>{label(lang, `exchangeStatus.${status}`, status)}</Tag>;
}

type Event = ExchangeDetail['history'][number];
/** An event's detail as short `name: value` pairs (sizes, hashes, codes: the exchange records no content in its events). */
const detailText = (d: Record<string, unknown>): string => Object.entries(d).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(' · ');
const size = (n: number | null): string => (n === null ? '—' : `${n.toLocaleString()} B`);

/** One exchange: who sent what to whom, its timestamps and every status it went through. The content itself is never shown. */
export function ExchangeDrawer({ exchangeId, onClose }: { exchangeId: string | null; onClose: () => void }) {
  const { t } = useT();
  return (
    <Drawer open={!!exchangeId} onClose={onClose} size="large" title={t('exchanges.detail')} destroyOnHidden closable={{ 'aria-label': t('exchanges.close') }}>
      {exchangeId && <ExchangeBody exchangeId={exchangeId} />}
    </Drawer>
  );
}

function ExchangeBody({ exchangeId }: { exchangeId: string }) {
  const { t, lang } = useT();
  const errorText = useErrorText();
  const q = useQuery({ queryKey: ['exchanges', 'get', exchangeId], queryFn: () => exchangesApi.get(exchangeId) });
  if (q.error) return <Alert type="error" showIcon title={errorText(q.error)} data-testid="exchange-error" />;
  if (!q.data) return <Spin />;
  const e = q.data;
  const time = (x: string | null) => formatTime(lang, x ?? undefined);
  const columns = [
    { title: t('exchanges.at'), dataIndex: 'at', key: 'at', render: (x: string) => formatTime(lang, x) },
    { title: t('exchanges.status'), dataIndex: 'status', key: 'status', render: (s: ExchangeStatus) => label(lang, `exchangeStatus.${s}`, s) },
    { title: t('exchanges.actor'), dataIndex: 'actor', key: 'actor', render: (x: string) => <code>{x}</code> },
    { title: t('exchanges.code'), dataIndex: 'code', key: 'code', render: (x: string | null) => (x ? <Typography.Text type="danger">{x}</Typography.Text> : '') },
    { title: t('exchanges.eventDetail'), dataIndex: 'detail', key: 'detail', render: (d: Record<string, unknown>) => <Typography.Text type="secondary">{detailText(d)}</Typography.Text> },
  ];
  return (
    <div data-testid="exchange-detail" data-exchange={e.exchangeId}>
      <Descriptions column={1} bordered size="small" className="lt-gap">
        <Descriptions.Item label={t('exchanges.id')}><code>{e.exchangeId}</code></Descriptions.Item>
        <Descriptions.Item label={t('exchanges.status')}><ExchangeStatusTag status={e.status} />{e.code && <Typography.Text type="danger"> {e.code}</Typography.Text>}</Descriptions.Item>
        <Descriptions.Item label={t('exchanges.subject')}>{e.subject}</Descriptions.Item>
        <Descriptions.Item label={t('exchanges.sender')}><code>{e.source.system}</code> ({e.source.agency})</Descriptions.Item>
        <Descriptions.Item label={t('exchanges.recipient')}><code>{e.destination.system}</code> ({e.destination.agency ?? '—'})</Descriptions.Item>
        <Descriptions.Item label={t('exchanges.dataType')}>{e.dataType} ({e.protocol}) · {e.priority === 'urgent' ? t('exchanges.urgent') : t('exchanges.normal')}</Descriptions.Item>
        <Descriptions.Item label={t('exchanges.size')}>{size(e.uploaded.size ?? e.declaredSize)}{e.uploaded.sha256 && <> · <code>sha256 {e.uploaded.sha256.slice(0, 16)}…</code></>}</Descriptions.Item>
        <Descriptions.Item label={t('exchanges.deadline')}>{time(e.deadline)}</Descriptions.Item>
        <Descriptions.Item label={t('exchanges.created')}>{time(e.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t('exchanges.uploadedAt')}>{time(e.uploadedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('exchanges.notifiedAt')}>{time(e.notifiedAt)} ({t('exchanges.attempts', { n: e.notification.attempts })})</Descriptions.Item>
        <Descriptions.Item label={t('exchanges.fetchedAt')}>{time(e.fetchedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('exchanges.settledAt')}>{time(e.settledAt)}</Descriptions.Item>
        <Descriptions.Item label={t('exchanges.purgedAt')}>{time(e.purgedAt)}</Descriptions.Item>
        {e.reason && <Descriptions.Item label={t('exchanges.reason')}>{e.reason}</Descriptions.Item>}
      </Descriptions>
      <Typography.Title level={4}>{t('exchanges.history')}</Typography.Title>
      <Table<Event> rowKey={(x) => `${x.at}-${x.status}`} size="small" columns={columns} dataSource={e.history} pagination={false} data-testid="exchange-history"
        onRow={(x) => ({ 'data-testid': 'exchange-event', 'data-status': x.status } as React.HTMLAttributes<HTMLElement>)} />
    </div>
  );
}
