import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Form, Input, Space, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useT } from '../../i18n/lang.js';
import { useErrorText } from '../../i18n/error-text.js';
import { statsApi, type StatsRow } from './stats-api.js';
import { base64Blob, csvBlob, saveFile } from './download.js';

const AGENCY_CODE = /^\S{1,64}$/;

/**
 * The monthly operations report of one agency (R-16): the runs of each flow in a Vietnam-time month, previewed here
 * with the statistics' numbers and downloaded as the CSV or XLSX the API writes. An agency-limited person gets their own.
 */
export function MonthlyReportPanel({ ownAgency }: { ownAgency: string | null }) {
  const { t } = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [agency, setAgency] = useState(ownAgency ?? '');
  const [month, setMonth] = useState(dayjs().format('YYYY-MM'));
  const ready = AGENCY_CODE.test(agency.trim());
  const from = dayjs(`${month}-01T00:00:00+07:00`);
  const preview = useQuery({
    queryKey: ['stats', 'monthly', agency.trim(), month], enabled: ready,
    queryFn: () => statsApi.runs({ from: from.toISOString(), to: from.add(1, 'month').toISOString(), groupBy: 'flow', agency: agency.trim() }),
  });
  const download = useMutation({
    mutationFn: async (format: 'csv' | 'xlsx') => {
      if (format === 'csv') { const r = await statsApi.monthlyCsv(agency.trim(), month); saveFile(`bao-cao-thang_${r.agency}_${r.month}.csv`, csvBlob(r.csv)); return; }
      const f = await statsApi.monthlyXlsx(agency.trim(), month);
      saveFile(f.filename, base64Blob(f.contentBase64, f.mediaType));
    },
    onError: (err) => { void message.error(errorText(err)); },
  });
  const percent = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
  return (
    <section data-testid="stats-monthly">
      <Typography.Paragraph type="secondary">{t('stats.monthlyHint')}</Typography.Paragraph>
      <Form layout="inline" className="lt-gap">
        <Form.Item label={t('runs.agency')}>
          <Input value={agency} disabled={ownAgency !== null} onChange={(e) => setAgency(e.target.value)} placeholder="000.00.00.H48" style={{ width: 180 }} data-testid="stats-monthly-agency" />
        </Form.Item>
        <Form.Item label={t('stats.month')}>
          <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d) => { if (d) setMonth(d.format('YYYY-MM')); }} data-testid="stats-monthly-month" />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button icon={<DownloadOutlined />} disabled={!ready} loading={download.isPending && download.variables === 'csv'} onClick={() => download.mutate('csv')} data-testid="stats-monthly-csv">CSV</Button>
            <Button icon={<DownloadOutlined />} disabled={!ready} loading={download.isPending && download.variables === 'xlsx'} onClick={() => download.mutate('xlsx')} data-testid="stats-monthly-xlsx">Excel (XLSX)</Button>
          </Space>
        </Form.Item>
      </Form>
      {!ready && <Alert type="info" showIcon title={t('stats.monthlyPickAgency')} className="lt-gap" />}
      {preview.error && <Alert type="error" showIcon title={errorText(preview.error)} className="lt-gap" />}
      {ready && (
        <Table<StatsRow> rowKey="key" size="small" pagination={false} dataSource={preview.data ?? []} loading={preview.isFetching} data-testid="stats-monthly-table"
          locale={{ emptyText: t('stats.empty') }}
          columns={[
            { title: t('stats.group.flow'), dataIndex: 'key', key: 'key' },
            { title: t('stats.started'), dataIndex: 'started', key: 'started', align: 'right' as const },
            { title: t('stats.completed'), dataIndex: 'completed', key: 'completed', align: 'right' as const },
            { title: t('stats.failed'), dataIndex: 'failed', key: 'failed', align: 'right' as const },
            { title: t('stats.running'), dataIndex: 'running', key: 'running', align: 'right' as const },
            { title: t('stats.successRate'), key: 'rate', align: 'right' as const, render: (r: StatsRow) => percent(r.successRate) },
            { title: 'p50 (ms)', dataIndex: 'p50Ms', key: 'p50', align: 'right' as const },
            { title: 'p95 (ms)', dataIndex: 'p95Ms', key: 'p95', align: 'right' as const },
          ]} />
      )}
    </section>
  );
}
