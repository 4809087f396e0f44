import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { Alert, Button, DatePicker, Form, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import { LeftOutlined, ReloadOutlined, RightOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api, type RunSummary } from '../../api/client.js';
import { meQuery, runPageQuery } from '../../api/queries.js';
import { agencyOf } from '../access.js';
import { formatDuration, formatTime, useT } from '../../i18n/lang.js';
import { label } from '../../i18n/messages.js';
import { useErrorText } from '../../i18n/error-text.js';
import { StatusTag } from './run-status.js';
import { filterOf, PAGE_SIZES, RUN_STATUSES, TRIGGERS } from './run-filter.js';

type Fields = { flow?: string; version?: number | null; agency?: string; status?: string; trigger?: string; dossier?: string; range?: [Dayjs | null, Dayjs | null] | null };

/** `/runs`: find runs by flow, status, trigger, time and dossier number; newest first, one server page at a time. */
export function RunsPage() {
  const { t, lang, pick } = useT();
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const agency = agencyOf(useQuery(meQuery).data);
  const filter = filterOf(params);
  // Temporal's pages go forward only: the tokens of the pages seen so far make "previous" possible.
  const [tokens, setTokens] = useState<string[]>([]);
  const page = useQuery({ ...runPageQuery({ ...filter, ...(tokens.length > 0 ? { pageToken: tokens.at(-1) } : {}) }), placeholderData: keepPreviousData });
  const flows = useQuery({ queryKey: ['flows', 'list'], queryFn: () => api.listFlows() });
  const [form] = Form.useForm<Fields>();

  const search = (v: Fields) => {
    const next = new URLSearchParams();
    const set = (k: string, x: string | undefined | null) => { if (x) next.set(k, x); };
    set('flow', v.flow); set('version', v.version ? String(v.version) : undefined); set('agency', v.agency?.trim()); set('status', v.status); set('trigger', v.trigger); set('dossier', v.dossier?.trim());
    set('from', v.range?.[0]?.toISOString()); set('to', v.range?.[1]?.toISOString());
    set('size', params.get('size'));
    setTokens([]);
    setParams(next);
    void page.refetch();
  };
  const initial: Fields = {
    flow: params.get('flow') ?? undefined, version: params.get('version') ? Number(params.get('version')) : null, agency: params.get('agency') ?? undefined, status: params.get('status') ?? undefined, trigger: params.get('trigger') ?? undefined, dossier: params.get('dossier') ?? undefined,
    range: params.get('from') || params.get('to') ? [params.get('from') ? dayjs(params.get('from')) : null, params.get('to') ? dayjs(params.get('to')) : null] : null,
  };

  const columns = [
    { title: t('runs.id'), dataIndex: 'runId', key: 'runId', render: (id: string) => <Link to={`/runs/${encodeURIComponent(id)}`} data-testid={`run-link-${id}`}><code>{id.slice(0, 20)}…</code></Link> },
    { title: t('runs.flow'), key: 'flow', render: (r: RunSummary) => <span>{pick(flows.data?.find((f) => f.key === r.flowKey)?.title, r.flowKey)} <Typography.Text type="secondary">v{r.version}</Typography.Text></span> },
    { title: t('runs.businessKeys'), dataIndex: 'businessKeys', key: 'bk', render: (keys: string[]) => keys.map((k) => <div key={k}><code>{k.replace(/^dossierNo=/, '')}</code></div>) },
    { title: t('runs.status'), dataIndex: 'status', key: 'status', render: (s: string) => <StatusTag status={s} /> },
    { title: t('runs.trigger'), dataIndex: 'trigger', key: 'trigger', render: (x: string) => label(lang, `trigger.${x}`, x) },
    { title: t('runs.agency'), dataIndex: 'agency', key: 'agency', render: (a: string | null) => a ?? '—' },
    { title: t('runs.started'), dataIndex: 'startedAt', key: 'started', render: (x: string) => formatTime(lang, x) },
    { title: t('runs.duration'), key: 'duration', render: (r: RunSummary) => (r.finishedAt ? formatDuration(r.startedAt, r.finishedAt) : '…') },
  ];

  return (
    <main className="lt-page" data-testid="runs-page">
      <Typography.Title level={3}>{t('runs.title')}</Typography.Title>
      {agency && <Alert type="info" showIcon title={t('runs.onlyAgency', { agency })} className="lt-gap" data-testid="runs-agency-note" />}
      <Form form={form} layout="inline" initialValues={initial} onFinish={search} className="lt-gap" data-testid="runs-filter">
        <Form.Item name="dossier" label={t('runs.dossier')}><Input allowClear placeholder="000.25.94.H48-260115-0007" data-testid="runs-dossier" style={{ width: 260 }} /></Form.Item>
        <Form.Item name="flow" label={t('runs.flow')}>
          <Select allowClear showSearch style={{ width: 240 }} data-testid="runs-flow" optionFilterProp="label"
            options={(flows.data ?? []).map((f) => ({ value: f.key, label: `${pick(f.title)} (${f.key})` }))} />
        </Form.Item>
        <Form.Item name="version" label={t('runs.version')}><InputNumber min={1} precision={0} style={{ width: 90 }} data-testid="runs-version" /></Form.Item>
        {!agency && <Form.Item name="agency" label={t('runs.agency')}><Input allowClear placeholder="000.00.00.H48" style={{ width: 160 }} data-testid="runs-agency" /></Form.Item>}
        <Form.Item name="status" label={t('runs.status')}>
          <Select allowClear style={{ width: 150 }} data-testid="runs-status" options={RUN_STATUSES.map((s) => ({ value: s, label: label(lang, `status.${s}`, s) }))} />
        </Form.Item>
        <Form.Item name="trigger" label={t('runs.trigger')}>
          <Select allowClear style={{ width: 150 }} data-testid="runs-trigger" options={TRIGGERS.map((x) => ({ value: x, label: label(lang, `trigger.${x}`, x) }))} />
        </Form.Item>
        <Form.Item name="range" label={t('runs.period')}><DatePicker.RangePicker showTime allowEmpty={[true, true]} data-testid="runs-range" /></Form.Item>
        <Form.Item><Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="runs-search">{t('runs.search')}</Button></Form.Item>
      </Form>
      {page.error && <Alert type="error" showIcon title={errorText(page.error)} className="lt-gap" data-testid="runs-error" />}
      <Table<RunSummary> rowKey="runId" size="middle" columns={columns} dataSource={page.data?.runs ?? []} loading={page.isFetching && !page.data} pagination={false}
        locale={{ emptyText: t('runs.none') }} data-testid="runs-table"
        onRow={(r) => ({ 'data-testid': `run-row-${r.runId}`, 'data-status': r.status } as React.HTMLAttributes<HTMLElement>)} />
      <Space className="lt-pager">
        <Button icon={<LeftOutlined />} disabled={tokens.length === 0} onClick={() => setTokens(tokens.slice(0, -1))} data-testid="runs-prev">{t('runs.prev')}</Button>
        <span data-testid="runs-page-no">{t('runs.page', { n: tokens.length + 1 })}</span>
        <Button disabled={!page.data?.nextPageToken} onClick={() => page.data?.nextPageToken && setTokens([...tokens, page.data.nextPageToken])} data-testid="runs-next">{t('runs.next')} <RightOutlined /></Button>
        <Select value={filter.limit} style={{ width: 120 }} aria-label={t('runs.pageSize')} data-testid="runs-size"
          options={PAGE_SIZES.map((n) => ({ value: n, label: t('runs.perPage', { n }) }))}
          onChange={(n) => { const next = new URLSearchParams(params); next.set('size', String(n)); setTokens([]); setParams(next); }} />
        <Button icon={<ReloadOutlined />} onClick={() => void page.refetch()} data-testid="runs-refresh">{t('runs.refresh')}</Button>
      </Space>
    </main>
  );
}
