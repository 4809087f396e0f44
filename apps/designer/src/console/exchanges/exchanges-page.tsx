import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { Alert, Button, DatePicker, Form, Input, Select, Table, Tag, Typography } from 'antd';
import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { formatTime, useT } from '../../i18n/lang.js';
import { label } from '../../i18n/messages.js';
import { useErrorText } from '../../i18n/error-text.js';
import { EXCHANGE_STATUSES, exchangesApi, type ExchangeFilter, type ExchangeRow, type ExchangeStatus } from './exchanges-api.js';
import { ExchangeDrawer, ExchangeStatusTag } from './exchange-detail.js';

const PAGE_SIZES = [20, 50, 100];
type Fields = { status?: string; sender?: string; recipient?: string; range?: [Dayjs | null, Dayjs | null] | null };

/** The search as the URL holds it (a search is a link), and as the API's exchange search takes it. */
function filterOf(params: URLSearchParams): ExchangeFilter & { page: number; size: number } {
  const get = (k: string) => params.get(k) || undefined;
  const size = PAGE_SIZES.includes(Number(get('size'))) ? Number(get('size')) : (PAGE_SIZES[0] as number);
  const page = Math.max(1, Math.floor(Number(get('page') ?? 1)) || 1);
  const f: ExchangeFilter & { page: number; size: number } = { page, size, limit: size, offset: (page - 1) * size };
  const status = get('status');
  if (status && (EXCHANGE_STATUSES as readonly string[]).includes(status)) f.status = status as ExchangeStatus;
  const sender = get('sender'); const recipient = get('recipient'); const from = get('from'); const to = get('to');
  if (sender) f.sender = sender;
  if (recipient) f.recipient = recipient;
  if (from) f.from = from;
  if (to) f.to = to;
  return f;
}

/** `/exchanges`: the eight-step exchanges, newest first, one server page at a time; metadata only, never content. */
export function ExchangesPage() {
  const { t, lang } = useT();
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const { page: pageNo, size, ...filter } = filterOf(params);
  const page = useQuery({ queryKey: ['exchanges', 'search', filter], queryFn: () => exchangesApi.search(filter), placeholderData: keepPreviousData });
  const [form] = Form.useForm<Fields>();
  const openId = params.get('open');

  const setParam = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) { if (v) next.set(k, v); else next.delete(k); }
    setParams(next);
  };
  const search = (v: Fields) => {
    setParam({ status: v.status, sender: v.sender?.trim(), recipient: v.recipient?.trim(),
      from: v.range?.[0]?.toISOString(), to: v.range?.[1]?.toISOString(), page: undefined });
    void page.refetch();
  };
  const initial: Fields = {
    status: params.get('status') ?? undefined, sender: params.get('sender') ?? undefined, recipient: params.get('recipient') ?? undefined,
    range: params.get('from') || params.get('to') ? [params.get('from') ? dayjs(params.get('from')) : null, params.get('to') ? dayjs(params.get('to')) : null] : null,
  };

  const columns = [
    { title: t('exchanges.id'), dataIndex: 'exchangeId', key: 'id', render: (id: string) => (
      <Button type="link" size="small" onClick={() => setParam({ open: id })} data-testid={`exchange-open-${id}`}><code>{id.slice(0, 13)}…</code></Button>) },
    { title: t('exchanges.subject'), key: 'subject', render: (e: ExchangeRow) => (
      <span>{e.priority === 'urgent' && <Tag color="red">{t('exchanges.urgent')}</Tag>}{e.subject}</span>) },
    { title: t('exchanges.sender'), key: 'sender', render: (e: ExchangeRow) => <span><code>{e.source.system}</code><br /><Typography.Text type="secondary">{e.source.agency}</Typography.Text></span> },
    { title: t('exchanges.recipient'), key: 'recipient', render: (e: ExchangeRow) => <span><code>{e.destination.system}</code><br /><Typography.Text type="secondary">{e.destination.agency ?? '—'}</Typography.Text></span> },
    { title: t('exchanges.dataType'), key: 'type', render: (e: ExchangeRow) => <span>{e.dataType} <Typography.Text type="secondary">({e.protocol})</Typography.Text></span> },
    { title: t('exchanges.status'), dataIndex: 'status', key: 'status', render: (s: ExchangeStatus) => <ExchangeStatusTag status={s} /> },
    { title: t('exchanges.created'), dataIndex: 'createdAt', key: 'created', render: (x: string) => formatTime(lang, x) },
    { title: t('exchanges.updated'), dataIndex: 'updatedAt', key: 'updated', render: (x: string) => formatTime(lang, x) },
  ];

  return (
    <main className="lt-page" data-testid="exchanges-page">
      <Typography.Title level={3}>{t('exchanges.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('exchanges.metadataOnly')}</Typography.Paragraph>
      <Form form={form} layout="inline" initialValues={initial} onFinish={search} className="lt-gap" data-testid="exchanges-filter">
        <Form.Item name="status" label={t('exchanges.status')}>
          <Select allowClear style={{ width: 220 }} data-testid="exchanges-status" options={EXCHANGE_STATUSES.map((s) => ({ value: s, label: label(lang, `exchangeStatus.${s}`, s) }))} />
        </Form.Item>
        <Form.Item name="sender" label={t('exchanges.sender')}><Input allowClear placeholder={t('exchanges.codeHint')} style={{ width: 200 }} data-testid="exchanges-sender" /></Form.Item>
        <Form.Item name="recipient" label={t('exchanges.recipient')}><Input allowClear placeholder={t('exchanges.codeHint')} style={{ width: 200 }} data-testid="exchanges-recipient" /></Form.Item>
        <Form.Item name="range" label={t('exchanges.period')}><DatePicker.RangePicker showTime allowEmpty={[true, true]} data-testid="exchanges-range" /></Form.Item>
        <Form.Item><Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="exchanges-search">{t('exchanges.search')}</Button></Form.Item>
        <Form.Item><Button icon={<ReloadOutlined />} onClick={() => void page.refetch()} data-testid="exchanges-refresh">{t('exchanges.refresh')}</Button></Form.Item>
      </Form>
      {page.error && <Alert type="error" showIcon title={errorText(page.error)} className="lt-gap" data-testid="exchanges-error" />}
      <Table<ExchangeRow> rowKey="exchangeId" size="middle" columns={columns} dataSource={page.data?.exchanges ?? []} loading={page.isFetching && !page.data}
        locale={{ emptyText: t('exchanges.none') }} data-testid="exchanges-table"
        pagination={{ current: pageNo, pageSize: size, total: page.data?.total ?? 0, pageSizeOptions: PAGE_SIZES, showSizeChanger: true,
          showTotal: (n) => t('exchanges.total', { n }) }}
        onChange={(p) => setParam({ page: p.current && p.current > 1 ? String(p.current) : undefined, size: p.pageSize && p.pageSize !== PAGE_SIZES[0] ? String(p.pageSize) : undefined })}
        onRow={(e) => ({ 'data-testid': `exchange-row-${e.exchangeId}`, 'data-status': e.status } as React.HTMLAttributes<HTMLElement>)} />
      <ExchangeDrawer exchangeId={openId} onClose={() => setParam({ open: undefined })} />
    </main>
  );
}
