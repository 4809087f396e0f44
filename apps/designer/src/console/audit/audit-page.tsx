import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, LeftOutlined, ReloadOutlined, RightOutlined, SearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { meQuery } from '../../api/queries.js';
import { agencyOf, can } from '../access.js';
import { formatTime, useT } from '../../i18n/lang.js';
import { useErrorText } from '../../i18n/error-text.js';
import { auditApi, exportUrl, type AuditFilter, type AuditRow } from './audit-api.js';
import { ChainState } from './chain-state.js';

const PAGE = 50;
const OUTCOMES = ['ok', 'refused', 'failed'] as const;
const OUTCOME_COLOR: Record<AuditRow['outcome'], string> = { ok: 'success', refused: 'warning', failed: 'error' };
type Fields = { actor?: string; action?: string; object?: string; outcome?: AuditRow['outcome']; agency?: string; range?: [Dayjs | null, Dayjs | null] | null };

/** The object searched for: a run id (`run-…`) or else a flow key, the two objects the log names. */
function filterOf(v: Fields): AuditFilter {
  const f: AuditFilter = {};
  const s = (x: string | undefined) => x?.trim() || undefined;
  const actor = s(v.actor); const action = s(v.action); const object = s(v.object); const agency = s(v.agency);
  if (actor) f.actorId = actor;
  if (action) f.action = action;
  if (object) { if (object.startsWith('run-')) f.runId = object; else f.flowKey = object; }
  if (v.outcome) f.outcome = v.outcome;
  if (agency) f.agency = agency;
  if (v.range?.[0]) f.from = v.range[0].toISOString();
  if (v.range?.[1]) f.to = v.range[1].toISOString();
  return f;
}

/** `/audit`: search the audit log by actor, action, object and time, one server page at a time; the chain's state; export. */
export function AuditPage() {
  const { t, lang } = useT();
  const errorText = useErrorText();
  const me = useQuery(meQuery).data;
  const agency = agencyOf(me);
  const [filter, setFilter] = useState<AuditFilter>({});
  const [page, setPage] = useState(0);
  // One row more than a page tells whether there is a next page (the log has no cheap total).
  const rows = useQuery({ queryKey: ['audit', 'search', filter, page], queryFn: () => auditApi.search({ ...filter, limit: PAGE + 1, offset: page * PAGE }),
    placeholderData: keepPreviousData });
  const shown = (rows.data ?? []).slice(0, PAGE);
  const hasNext = (rows.data?.length ?? 0) > PAGE;

  const columns = [
    { title: '#', dataIndex: 'seq', key: 'seq', width: 70 },
    { title: t('audit.at'), dataIndex: 'at', key: 'at', render: (x: string) => formatTime(lang, x) },
    { title: t('audit.actor'), dataIndex: 'actorId', key: 'actor', render: (x: string, r: AuditRow) => <span data-testid={`audit-actor-${r.seq}`}>{x}</span> },
    { title: t('audit.action'), dataIndex: 'action', key: 'action', render: (x: string, r: AuditRow) => <code data-testid={`audit-action-${r.seq}`}>{x}</code> },
    { title: t('audit.outcome'), dataIndex: 'outcome', key: 'outcome',
      render: (o: AuditRow['outcome'], r: AuditRow) => <Tag color={OUTCOME_COLOR[o]}>{t(`audit.outcome.${o}`)}{r.code ? ` · ${r.code}` : ''}</Tag> },
    { title: t('audit.object'), key: 'object', render: (r: AuditRow) => (r.runId ? <code>{r.runId}</code> : r.flowKey ? <code>{r.flowKey}</code> : '—') },
    { title: t('runs.agency'), dataIndex: 'agency', key: 'agency', render: (a: string | null) => a ?? '—' },
    { title: 'IP', dataIndex: 'ip', key: 'ip', render: (a: string | null) => a ?? '—' },
  ];
  const expanded = (r: AuditRow) => (
    <div>
      <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify(r.detail, null, 2)}</pre>
      <Typography.Text type="secondary"><code>{t('audit.hash')}: {r.hash}</code><br /><code>{t('audit.prevHash')}: {r.prevHash}</code></Typography.Text>
    </div>
  );

  return (
    <main className="lt-page" data-testid="audit-page">
      <Typography.Title level={3}>{t('audit.title')}</Typography.Title>
      {can(me, 'audit.verify') && <ChainState />}
      {agency && <Alert type="info" showIcon title={t('audit.onlyAgency', { agency })} className="lt-gap" />}
      <Form<Fields> layout="inline" onFinish={(v) => { setFilter(filterOf(v)); setPage(0); }} className="lt-gap" data-testid="audit-filter">
        <Form.Item name="actor" label={t('audit.actor')}><Input allowClear placeholder="user:admin" style={{ width: 180 }} data-testid="audit-actor" /></Form.Item>
        <Form.Item name="action" label={t('audit.action')}><Input allowClear placeholder="runs.start" style={{ width: 170 }} data-testid="audit-action" /></Form.Item>
        <Form.Item name="object" label={t('audit.object')}><Input allowClear placeholder={t('audit.objectHint')} style={{ width: 220 }} data-testid="audit-object" /></Form.Item>
        <Form.Item name="outcome" label={t('audit.outcome')}>
          <Select allowClear style={{ width: 130 }} data-testid="audit-outcome" options={OUTCOMES.map((o) => ({ value: o, label: t(`audit.outcome.${o}`) }))} />
        </Form.Item>
        {!agency && <Form.Item name="agency" label={t('runs.agency')}><Input allowClear placeholder="000.00.00.H48" style={{ width: 160 }} data-testid="audit-agency" /></Form.Item>}
        <Form.Item name="range" label={t('audit.period')}><DatePicker.RangePicker showTime allowEmpty={[true, true]} data-testid="audit-range" /></Form.Item>
        <Form.Item><Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">{t('runs.search')}</Button></Form.Item>
      </Form>
      {rows.error && <Alert type="error" showIcon title={errorText(rows.error)} className="lt-gap" data-testid="audit-error" />}
      <Table<AuditRow> rowKey="seq" size="small" columns={columns} dataSource={shown} loading={rows.isFetching} pagination={false}
        expandable={{ expandedRowRender: expanded }} locale={{ emptyText: t('audit.none') }} data-testid="audit-table" data-loaded={rows.isFetching ? 'false' : 'true'}
        onRow={(r) => ({ 'data-testid': `audit-row-${r.seq}`, 'data-action': r.action } as React.HTMLAttributes<HTMLElement>)} />
      <Space className="lt-pager" wrap>
        <Button icon={<LeftOutlined />} disabled={page === 0} onClick={() => setPage(page - 1)} data-testid="audit-prev">{t('runs.prev')}</Button>
        <span data-testid="audit-page-no">{t('runs.page', { n: page + 1 })}</span>
        <Button disabled={!hasNext} onClick={() => setPage(page + 1)} data-testid="audit-next">{t('runs.next')} <RightOutlined /></Button>
        <Button icon={<ReloadOutlined />} onClick={() => void rows.refetch()}>{t('runs.refresh')}</Button>
        <Button icon={<DownloadOutlined />} href={exportUrl(filter, 'csv')} data-testid="audit-export-csv">{t('audit.export')} CSV</Button>
        <Button icon={<DownloadOutlined />} href={exportUrl(filter, 'json')} data-testid="audit-export-json">{t('audit.export')} JSON</Button>
      </Space>
    </main>
  );
}
