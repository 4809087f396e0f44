import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { Alert, App, Button, DatePicker, Form, Input, Select, Space, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { AppRouter } from '@lienthong/api';
import { call, trpc } from '../../api/client.js';
import { meQuery } from '../../api/queries.js';
import { agencyOf } from '../access.js';
import { formatTime, useT } from '../../i18n/lang.js';
import { useErrorText } from '../../i18n/error-text.js';
import { base64Blob, saveFile } from '../stats/download.js';

type ReportQuery = inferRouterInputs<AppRouter>['reports']['operations'];
type Kind = ReportQuery['kind'];
type StoredReport = inferRouterOutputs<AppRouter>['reports']['stored'][number];
const KINDS: readonly Kind[] = ['monthly', 'semiannual', 'annual', 'adhoc'];

/**
 * `/reports`: the operations reports. Pick the kind and the period, download the XLSX or the PDF the
 * API renders; an agency-limited person gets their own agency's report (the server decides, the field only shows it).
 */
export function ReportsPage() {
  const { t, lang } = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const ownAgency = agencyOf(useQuery(meQuery).data);
  const lastMonth = dayjs().subtract(1, 'month');
  const [kind, setKind] = useState<Kind>('monthly');
  const [month, setMonth] = useState<Dayjs>(lastMonth);
  const [year, setYear] = useState<Dayjs>(lastMonth);
  const [half, setHalf] = useState<1 | 2>(lastMonth.month() < 6 ? 1 : 2);
  const [range, setRange] = useState<[Dayjs, Dayjs]>([lastMonth.startOf('month'), lastMonth.endOf('month')]);
  const [agency, setAgency] = useState('');

  const query = (): ReportQuery => {
    const scope = ownAgency ? {} : agency.trim() ? { agency: agency.trim() } : {};
    if (kind === 'monthly') return { kind, year: month.year(), month: month.month() + 1, ...scope };
    if (kind === 'semiannual') return { kind, year: year.year(), half, ...scope };
    if (kind === 'annual') return { kind, year: year.year(), ...scope };
    return { kind, from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD'), ...scope };
  };
  const download = useMutation({
    mutationFn: async (format: 'xlsx' | 'pdf') => {
      const f = await call(() => trpc.reports.operations.query({ ...query(), format }));
      saveFile(f.filename, base64Blob(f.contentBase64, f.mediaType));
      return f.filename;
    },
    onSuccess: (file) => { void message.success(t('reports.downloaded', { file })); },
    onError: (err) => { void message.error(errorText(err)); },
  });

  const stored = useQuery({ queryKey: ['reports', 'stored'], queryFn: () => call(() => trpc.reports.stored.query()) });
  const fetchStored = useMutation({
    mutationFn: async ({ id, format }: { id: number; format: 'xlsx' | 'pdf' }) => {
      const f = await call(() => trpc.reports.storedFile.query({ reportId: id, format }));
      saveFile(f.filename, base64Blob(f.contentBase64, f.mediaType));
    },
    onError: (err) => { void message.error(errorText(err)); },
  });

  return (
    <main className="lt-page" data-testid="reports-page">
      <Typography.Title level={3}>{t('reports.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('reports.help')}</Typography.Paragraph>
      {ownAgency && <Alert type="info" showIcon title={t('stats.onlyAgency', { agency: ownAgency })} className="lt-gap" />}
      <Form layout="vertical" style={{ maxWidth: 520 }}>
        <Form.Item label={t('reports.kind')}>
          <Select value={kind} onChange={setKind} data-testid="reports-kind" aria-label={t('reports.kind')} options={KINDS.map((k) => ({ value: k, label: t(`reports.kind.${k}`) }))} />
        </Form.Item>
        {kind === 'monthly' && (
          <Form.Item label={t('reports.month')}>
            <DatePicker picker="month" allowClear={false} value={month} onChange={(d) => { if (d) setMonth(d); }} data-testid="reports-month" aria-label={t('reports.month')} />
          </Form.Item>
        )}
        {(kind === 'semiannual' || kind === 'annual') && (
          <Form.Item label={t('reports.year')}>
            <DatePicker picker="year" allowClear={false} value={year} onChange={(d) => { if (d) setYear(d); }} data-testid="reports-year" aria-label={t('reports.year')} />
          </Form.Item>
        )}
        {kind === 'semiannual' && (
          <Form.Item label={t('reports.half')}>
            <Select value={half} onChange={setHalf} data-testid="reports-half" aria-label={t('reports.half')} options={[{ value: 1, label: t('reports.half.1') }, { value: 2, label: t('reports.half.2') }]} />
          </Form.Item>
        )}
        {kind === 'adhoc' && (
          <Form.Item label={t('reports.range')}>
            <DatePicker.RangePicker allowClear={false} value={range} onChange={(d) => { if (d?.[0] && d[1]) setRange([d[0], d[1]]); }} data-testid="reports-range" aria-label={t('reports.range')} />
          </Form.Item>
        )}
        <Form.Item label={t('reports.agency')}>
          <Input value={ownAgency ?? agency} disabled={ownAgency !== null} onChange={(e) => setAgency(e.target.value)} placeholder="000.00.00.H48" data-testid="reports-agency" aria-label={t('reports.agency')} />
        </Form.Item>
        <Space>
          <Button type="primary" icon={<DownloadOutlined />} loading={download.isPending && download.variables === 'xlsx'} onClick={() => download.mutate('xlsx')} data-testid="reports-xlsx">Excel (XLSX)</Button>
          <Button icon={<DownloadOutlined />} loading={download.isPending && download.variables === 'pdf'} onClick={() => download.mutate('pdf')} data-testid="reports-pdf">PDF</Button>
        </Space>
      </Form>
      <Typography.Title level={4} style={{ marginTop: 24 }}>{t('reports.stored')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('reports.storedHelp')}</Typography.Paragraph>
      {stored.error && <Alert type="error" showIcon title={errorText(stored.error)} className="lt-gap" />}
      <Table<StoredReport> rowKey="id" size="small" dataSource={stored.data ?? []} loading={stored.isFetching} pagination={{ pageSize: 12 }} data-testid="reports-stored"
        locale={{ emptyText: t('reports.storedEmpty') }}
        columns={[
          { title: t('reports.kind'), key: 'kind', render: (r: StoredReport) => t(`reports.kind.${r.kind as Kind}`) },
          { title: t('reports.period'), dataIndex: 'slug', key: 'slug' },
          { title: t('reports.generatedAt'), key: 'at', render: (r: StoredReport) => formatTime(lang, r.generatedAt) },
          { title: '', key: 'files', render: (r: StoredReport) => (
            <Space>
              <Button size="small" icon={<DownloadOutlined />} onClick={() => fetchStored.mutate({ id: r.id, format: 'xlsx' })}>XLSX</Button>
              <Button size="small" icon={<DownloadOutlined />} onClick={() => fetchStored.mutate({ id: r.id, format: 'pdf' })}>PDF</Button>
            </Space>
          ) },
        ]} />
    </main>
  );
}
