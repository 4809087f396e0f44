import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Col, Form, Input, Row, Select, Space, Statistic, Table } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { api } from '../../api/client.js';
import { useT } from '../../i18n/lang.js';
import { label, type Lang } from '../../i18n/messages.js';
import { useErrorText } from '../../i18n/error-text.js';
import { statsApi, STATS_GROUPS, type StatsGroup, type StatsQuery, type StatsRow } from './stats-api.js';
import { base64Blob, csvBlob, saveFile } from './download.js';
import { LatencyChart, OutcomeChart } from './stats-charts.js';
import type { Period } from './period.js';

/** A group's key as people read it: a status in words, "none" for runs without an agency or caller. */
export function groupLabel(lang: Lang, group: StatsGroup, key: string, none: string): string {
  if (key === '') return none;
  return group === 'status' ? label(lang, `status.${key}`, key) : key;
}

const percent = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const ms = (x: number | null): string => (x === null ? '—' : `${x} ms`);

/** Totals over every group: the same counts the table rows add up to. */
function totalsOf(rows: StatsRow[]) {
  const sum = (f: (r: StatsRow) => number) => rows.reduce((a, r) => a + f(r), 0);
  const started = sum((r) => r.started);
  const completed = sum((r) => r.completed);
  const failed = sum((r) => r.failed);
  const running = sum((r) => r.running);
  const finished = started - running;
  return { started, completed, failed, other: finished - completed - failed, running, retries: sum((r) => r.retries),
    successRate: finished > 0 ? completed / finished : null };
}

type Fields = { groupBy: StatsGroup; flow?: string; agency?: string };

/** Runs in the period grouped by day, month, flow, agency, caller or status: totals, two charts, the table and its downloads. */
export function RunStatsPanel({ period, agencyLimited }: { period: Period; agencyLimited: boolean }) {
  const { t, lang, pick } = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [fields, setFields] = useState<Fields>({ groupBy: 'day' });
  const query: StatsQuery = { from: period.from, to: period.to, groupBy: fields.groupBy,
    ...(fields.flow ? { flowKey: fields.flow } : {}), ...(fields.agency?.trim() ? { agency: fields.agency.trim() } : {}) };
  const stats = useQuery({ queryKey: ['stats', 'runs', query], queryFn: () => statsApi.runs(query), placeholderData: keepPreviousData });
  const flows = useQuery({ queryKey: ['flows', 'list'], queryFn: () => api.listFlows() });
  const download = useMutation({
    mutationFn: async (format: 'csv' | 'xlsx') => {
      if (format === 'csv') { const f = await statsApi.runsCsv(query); saveFile(f.filename, csvBlob(f.csv)); return; }
      const f = await statsApi.runsXlsx(query);
      saveFile(f.filename, base64Blob(f.contentBase64, f.mediaType));
    },
    onError: (err) => { void message.error(errorText(err)); },
  });

  const rows = stats.data ?? [];
  const totals = totalsOf(rows);
  const none = t('stats.none');
  const points = rows.map((r) => ({ key: r.key, label: groupLabel(lang, fields.groupBy, r.key, none), completed: r.completed, failed: r.failed, other: r.other,
    running: r.running, p50: r.p50Ms, p95: r.p95Ms }));
  const cell = (testId: string, text: string | number) => <span data-testid={testId}>{text}</span>;
  const columns = [
    { title: t(`stats.group.${fields.groupBy}`), key: 'key', render: (r: StatsRow) => cell(`stats-key-${r.key}`, groupLabel(lang, fields.groupBy, r.key, none)) },
    { title: t('stats.started'), key: 'started', align: 'right' as const, render: (r: StatsRow) => cell(`stats-started-${r.key}`, r.started) },
    { title: t('stats.completed'), key: 'completed', align: 'right' as const, render: (r: StatsRow) => cell(`stats-completed-${r.key}`, r.completed) },
    { title: t('stats.failed'), key: 'failed', align: 'right' as const, render: (r: StatsRow) => cell(`stats-failed-${r.key}`, r.failed) },
    { title: t('stats.other'), key: 'other', align: 'right' as const, render: (r: StatsRow) => cell(`stats-other-${r.key}`, r.other) },
    { title: t('stats.running'), key: 'running', align: 'right' as const, render: (r: StatsRow) => cell(`stats-running-${r.key}`, r.running) },
    { title: t('stats.retriesColumn'), key: 'retries', align: 'right' as const, render: (r: StatsRow) => cell(`stats-retries-${r.key}`, `${r.retries} (${r.retriedRuns})`) },
    { title: t('stats.successRate'), key: 'rate', align: 'right' as const, render: (r: StatsRow) => cell(`stats-rate-${r.key}`, percent(r.successRate)) },
    { title: 'p50', key: 'p50', align: 'right' as const, render: (r: StatsRow) => ms(r.p50Ms) },
    { title: 'p95', key: 'p95', align: 'right' as const, render: (r: StatsRow) => ms(r.p95Ms) },
  ];

  return (
    <section data-testid="stats-runs">
      <Form<Fields> layout="inline" initialValues={fields} onValuesChange={(_, all) => setFields(all)} className="lt-gap" data-testid="stats-filter">
        <Form.Item name="groupBy" label={t('stats.groupBy')}>
          <Select style={{ width: 170 }} data-testid="stats-group" options={STATS_GROUPS.map((g) => ({ value: g, label: t(`stats.group.${g}`) }))} />
        </Form.Item>
        <Form.Item name="flow" label={t('runs.flow')}>
          <Select allowClear showSearch style={{ width: 240 }} optionFilterProp="label" data-testid="stats-flow"
            options={(flows.data ?? []).map((f) => ({ value: f.key, label: `${pick(f.title)} (${f.key})` }))} />
        </Form.Item>
        {!agencyLimited && <Form.Item name="agency" label={t('runs.agency')}><Input allowClear placeholder="000.00.00.H48" style={{ width: 160 }} data-testid="stats-agency" /></Form.Item>}
        <Form.Item>
          <Space>
            <Button icon={<DownloadOutlined />} loading={download.isPending && download.variables === 'csv'} onClick={() => download.mutate('csv')} data-testid="stats-csv">CSV</Button>
            <Button icon={<DownloadOutlined />} loading={download.isPending && download.variables === 'xlsx'} onClick={() => download.mutate('xlsx')} data-testid="stats-xlsx">Excel (XLSX)</Button>
          </Space>
        </Form.Item>
      </Form>
      {stats.error && <Alert type="error" showIcon title={errorText(stats.error)} className="lt-gap" data-testid="stats-error" />}
      <Row gutter={16} className="lt-gap" data-testid="stats-totals" data-loaded={stats.isSuccess && !stats.isFetching ? 'true' : 'false'}>
        {(['started', 'completed', 'failed', 'other', 'running', 'retries'] as const).map((k) => (
          <Col key={k} data-testid={`stats-total-${k}`} data-value={totals[k]}><Statistic title={t(`stats.${k}`)} value={totals[k]} /></Col>
        ))}
        <Col data-testid="stats-total-rate"><Statistic title={t('stats.successRate')} value={percent(totals.successRate)} /></Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} xl={12}><OutcomeChart data={points} testId="stats-chart-outcomes" /></Col>
        <Col xs={24} xl={12}><LatencyChart data={points} testId="stats-chart-latency" /></Col>
      </Row>
      <Table<StatsRow> rowKey="key" size="small" columns={columns} dataSource={rows} loading={stats.isFetching && !stats.data} pagination={false}
        locale={{ emptyText: t('stats.empty') }} data-testid="stats-table"
        onRow={(r) => ({ 'data-testid': `stats-row-${r.key}` } as React.HTMLAttributes<HTMLElement>)} />
    </section>
  );
}
