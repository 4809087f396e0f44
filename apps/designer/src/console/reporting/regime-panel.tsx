import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Form, Input, InputNumber, Select, Space, Typography, type FormInstance } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { ApiError } from '../../api/client.js';
import { meQuery } from '../../api/queries.js';
import { useT } from '../../i18n/lang.js';
import { useErrorText } from '../../i18n/error-text.js';
import type { MessageKey } from '../../i18n/messages.js';
import { can } from '../access.js';
import { reportingApi, reportingKeys, type RegimeDetail, type RegimeSave } from './reporting-api.js';

type Indicator = RegimeSave['indicators'][number];
type Fields = Pick<RegimeSave, 'name' | 'frequency' | 'templateVersion' | 'unitScope'> & {
  indicators: (Omit<Indicator, 'min' | 'max' | 'rule'> & { min?: number | null; max?: number | null; rule?: string | null })[];
};
type FieldName = NonNullable<Parameters<FormInstance<Fields>['setFields']>[0][number]['name']>;
const FREQUENCIES = ['month', 'quarter', 'half', 'year', 'adhoc'] as const;
const TYPES = ['number', 'percent', 'text'] as const;
const AGGREGATIONS = ['sum', 'avg', 'max', 'min', 'text_concat', 'none', 'rule'] as const;

/** '/indicators/0/code' → ['indicators', 0, 'code']: the API's JSON pointer is the form's field path. */
const pathOf = (pointer: string) => pointer.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s)) as FieldName;

/**
 * "Chế độ báo cáo" on /reporting: the lead agency's officer (or an admin) edits its regime — indicators with their unit
 * from the unit catalogue, the units in scope, the frequency that sets the deadline — and saves it through the API.
 * Shown only for regimes the caller leads; the server answers "not found" to anyone else, and then nothing shows.
 */
export function RegimePanel() {
  const { t, pick } = useT();
  const me = useQuery(meQuery).data;
  const reviewer = can(me, 'reporting.review');
  const list = useQuery({ queryKey: reportingKeys.regimes, queryFn: () => reportingApi.regimes(), enabled: reviewer });
  const mine = (list.data?.regimes ?? []).filter((r) => (me?.roles ?? []).some((g) => !g.agency || g.agency === r.leadAgencyCode));
  const [chosen, setChosen] = useState<string | null>(null);
  const code = chosen ?? mine[0]?.code ?? null;
  const detail = useQuery({ queryKey: reportingKeys.regime(code ?? ''), queryFn: () => reportingApi.regime(code as string), enabled: reviewer && code !== null, retry: false });
  if (!reviewer || code === null || detail.isError) return null;
  return (
    <section className="lt-gap" data-testid="regime-panel" aria-labelledby="regime-title">
      <Typography.Title level={4} id="regime-title">{t('regime.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('regime.help')}</Typography.Paragraph>
      {mine.length > 1 && (
        <Space className="lt-gap" wrap>
          <span id="regime-pick-label">{t('regime.pick')}</span>
          <Select style={{ minWidth: 320 }} value={code} onChange={setChosen} aria-labelledby="regime-pick-label" data-testid="regime-pick"
            options={mine.map((r) => ({ value: r.code, label: `${r.code} · ${pick(r.name)}` }))} />
        </Space>
      )}
      {detail.data && <RegimeForm key={`${code}:${detail.dataUpdatedAt}`} detail={detail.data} />}
    </section>
  );
}

function RegimeForm({ detail }: { detail: RegimeDetail }) {
  const { t, pick, lang } = useT();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queries = useQueryClient();
  const [form] = Form.useForm<Fields>();
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const r = detail.regime;
  const units = detail.measurementUnits.map((u) => ({ value: u.code, label: pick(u.name) }));
  const option = (prefix: string) => (v: string) => ({ value: v, label: t(`${prefix}.${v}` as MessageKey) });

  const save = async (v: Fields) => {
    setFailure(null);
    setSaving(true);
    const indicators: Indicator[] = v.indicators.map((i) => ({ code: i.code, name: i.name, unit: i.unit, type: i.type, aggregation: i.aggregation,
      ...(i.required ? { required: true } : {}), ...(typeof i.min === 'number' ? { min: i.min } : {}), ...(typeof i.max === 'number' ? { max: i.max } : {}),
      ...(i.rule ? { rule: i.rule } : {}) }));
    try {
      await reportingApi.saveRegime({ code: r.code, kind: r.kind, leadAgencyCode: r.leadAgencyCode, reviewDueAt: r.reviewDueAt, ...(r.legalBasis ? { legalBasis: r.legalBasis } : {}),
        name: v.name, frequency: v.frequency, templateVersion: v.templateVersion, unitScope: v.unitScope, indicators });
      void message.success(t('regime.saved', { code: r.code }));
      await queries.invalidateQueries({ queryKey: ['reporting'] });
    } catch (e) {
      // Each coded error next to its field (the pointer names it); what names no field shows above the form.
      const errors = e instanceof ApiError ? e.errors : [];
      const placed = errors.filter((x) => x.where?.pointer && x.where.pointer !== '/');
      form.setFields(placed.map((x) => ({ name: pathOf(x.where?.pointer as string), errors: [x.message[lang]] })));
      if (placed.length === 0 || placed.length < errors.length) setFailure(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<Fields> form={form} layout="vertical" onFinish={(v) => void save(v)} data-testid="regime-form"
      initialValues={{ name: r.name, frequency: r.frequency as Fields['frequency'], templateVersion: r.templateVersion, unitScope: r.unitScope, indicators: r.indicators }}>
      {failure && <Alert type="error" showIcon className="lt-gap" title={failure} data-testid="regime-error" />}
      <Typography.Paragraph>{t('regime.lead', { code: r.code, lead: r.leadAgencyCode })}</Typography.Paragraph>
      <Space wrap align="start">
        <Form.Item name={['name', 'vi']} label={t('regime.nameVi')} rules={[{ required: true }]}><Input style={{ width: 360 }} data-testid="regime-name-vi" /></Form.Item>
        <Form.Item name={['name', 'en']} label={t('regime.nameEn')} rules={[{ required: true }]}><Input style={{ width: 360 }} data-testid="regime-name-en" /></Form.Item>
        <Form.Item name="frequency" label={t('regime.frequency')} extra={t('regime.deadlineHelp')}>
          <Select style={{ width: 200 }} options={FREQUENCIES.map(option('regime.frequency'))} data-testid="regime-frequency" />
        </Form.Item>
        <Form.Item name="templateVersion" label={t('regime.templateVersion')}><Input style={{ width: 120 }} data-testid="regime-template" /></Form.Item>
      </Space>
      <Form.Item name="unitScope" label={t('regime.unitScope')} extra={t('regime.unitScopeHelp')}>
        <Select mode="tags" tokenSeparators={[',', ' ']} data-testid="regime-units" />
      </Form.Item>
      <Typography.Title level={5}>{t('regime.indicators')}</Typography.Title>
      <Form.List name="indicators">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Space key={f.key} wrap align="start" data-testid={`regime-indicator-${f.name}`}>
                <Form.Item name={[f.name, 'code']} label={t('regime.code')} rules={[{ required: true }]}><Input style={{ width: 90 }} data-testid={`regime-code-${f.name}`} /></Form.Item>
                <Form.Item name={[f.name, 'name']} label={t('regime.indicatorName')} rules={[{ required: true }]}><Input style={{ width: 220 }} data-testid={`regime-indicator-name-${f.name}`} /></Form.Item>
                <Form.Item name={[f.name, 'unit']} label={t('regime.unit')} rules={[{ required: true }]}>
                  <Select style={{ width: 150 }} options={units} data-testid={`regime-unit-${f.name}`} />
                </Form.Item>
                <Form.Item name={[f.name, 'type']} label={t('regime.type')}><Select style={{ width: 120 }} options={TYPES.map(option('regime.type'))} /></Form.Item>
                <Form.Item name={[f.name, 'aggregation']} label={t('regime.aggregation')}><Select style={{ width: 150 }} options={AGGREGATIONS.map(option('regime.aggregation'))} /></Form.Item>
                <Form.Item name={[f.name, 'min']} label={t('regime.min')}><InputNumber style={{ width: 90 }} /></Form.Item>
                <Form.Item name={[f.name, 'max']} label={t('regime.max')}><InputNumber style={{ width: 90 }} /></Form.Item>
                <Form.Item name={[f.name, 'rule']} label={t('regime.rule')}><Input style={{ width: 180 }} placeholder="A03 = A02/A01*100" /></Form.Item>
                <Form.Item name={[f.name, 'required']} label={t('regime.required')} valuePropName="checked"><Checkbox /></Form.Item>
                <Form.Item label={t('regime.remove')}>
                  <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t('regime.remove')} title={t('regime.remove')} />
                </Form.Item>
              </Space>
            ))}
            <div className="lt-gap">
              <Button type="dashed" icon={<PlusOutlined />} data-testid="regime-indicator-add"
                onClick={() => add({ code: '', name: '', unit: 'ho-so', type: 'number', aggregation: 'sum', required: false })}>{t('regime.addIndicator')}</Button>
            </div>
          </>
        )}
      </Form.List>
      <Button type="primary" htmlType="submit" loading={saving} data-testid="regime-save">{t('regime.save')}</Button>
    </Form>
  );
}
