import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Select, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { meQuery } from '../../api/queries.js';
import { can, agencyOf } from '../access.js';
import { formatTime, useT } from '../../i18n/lang.js';
import { label } from '../../i18n/messages.js';
import { useErrorText } from '../../i18n/error-text.js';
import { adminApi, adminKeys, type Agency } from './admin-api.js';

type Fields = { code: string; nameVi: string; nameEn?: string; parentCode?: string; successorCodes?: string[] };

/** Agencies by identifier code, in either format (DDD.CC.BB.Xnn or QĐ 20/2020), with their successors. */
export function AgenciesTable() {
  const { t, lang, pick } = useT();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const me = useQuery(meQuery).data;
  const agencies = useQuery({ queryKey: adminKeys.agencies, queryFn: () => adminApi.agencies() });
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<Fields>();
  const codes = (agencies.data ?? []).map((a) => ({ value: a.code, label: `${a.code} — ${pick(a.name)}` }));
  const submit = async (v: Fields) => {
    try {
      const a = await adminApi.createAgency({ code: v.code.trim(), name: { vi: v.nameVi, en: v.nameEn || v.nameVi },
        ...(v.parentCode ? { parentCode: v.parentCode } : {}), ...(v.successorCodes?.length ? { successorCodes: v.successorCodes } : {}) });
      void message.success(t('agencies.created', { code: a.code }));
      for (const w of a.warnings) void message.warning(w);
      form.resetFields();
      setCreating(false);
      void queryClient.invalidateQueries({ queryKey: adminKeys.agencies });
    } catch (e) { void message.error({ content: <span data-testid="agency-form-error">{errorText(e)}</span> }); }
  };
  const columns = [
    { title: t('agencies.code'), dataIndex: 'code', key: 'code', render: (c: string) => <code>{c}</code> },
    { title: t('agencies.format'), dataIndex: 'format', key: 'format', render: (f: string) => <Tag>{label(lang, `agencyFormat.${f}`, f)}</Tag> },
    { title: t('agencies.normalized'), dataIndex: 'normalized', key: 'norm', render: (c: string) => <code>{c}</code> },
    { title: t('agencies.name'), dataIndex: 'name', key: 'name', render: (n: Agency['name']) => pick(n) },
    { title: t('agencies.parent'), dataIndex: 'parentCode', key: 'parent', render: (c: string | null) => c ?? '—' },
    { title: t('agencies.successors'), dataIndex: 'successorCodes', key: 'succ', render: (cs: string[]) => (cs.length ? cs.map((c) => <Tag key={c} color="blue">→ {c}</Tag>) : '—') },
    { title: t('agencies.validTo'), dataIndex: 'validTo', key: 'to', render: (x: string | null) => formatTime(lang, x ?? undefined) },
  ];
  return (
    <section data-testid="agencies">
      {can(me, 'registry.write') && !agencyOf(me) && (
        <Button type="primary" icon={<PlusOutlined />} className="lt-gap" onClick={() => setCreating(true)} data-testid="agency-new">{t('agencies.new')}</Button>
      )}
      {agencies.error && <Alert type="error" showIcon className="lt-gap" title={errorText(agencies.error)} />}
      <Table<Agency> rowKey="code" size="middle" pagination={false} columns={columns} dataSource={agencies.data ?? []} loading={agencies.isPending}
        locale={{ emptyText: t('agencies.none') }} onRow={(a) => ({ 'data-testid': `agency-row-${a.code}` } as React.HTMLAttributes<HTMLElement>)} />
      <Modal open={creating} title={t('agencies.new')} onCancel={() => setCreating(false)} onOk={() => form.submit()} okText={t('agencies.register')}
        okButtonProps={{ 'data-testid': 'agency-submit' }}>
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="agency-form">
          <Form.Item name="code" label={t('agencies.code')} extra={t('agencies.codeHelp')} rules={[{ required: true }]}><Input placeholder="000.00.00.H48" data-testid="agency-code" /></Form.Item>
          <Form.Item name="nameVi" label={t('agencies.nameVi')} rules={[{ required: true }]}><Input data-testid="agency-name-vi" /></Form.Item>
          <Form.Item name="nameEn" label={t('agencies.nameEn')}><Input data-testid="agency-name-en" /></Form.Item>
          <Form.Item name="parentCode" label={t('agencies.parent')}><Select allowClear showSearch optionFilterProp="label" options={codes} /></Form.Item>
          <Form.Item name="successorCodes" label={t('agencies.successors')}><Select mode="multiple" optionFilterProp="label" options={codes} /></Form.Item>
        </Form>
      </Modal>
    </section>
  );
}
