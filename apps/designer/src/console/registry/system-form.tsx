import { useQuery } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal, Select } from 'antd';
import { api } from '../../api/client.js';
import { useT } from '../../i18n/lang.js';
import { useErrorText } from '../../i18n/error-text.js';
import { adminApi, adminKeys, type NewSystem } from './admin-api.js';

type Fields = { code: string; agencyCode: string; nameVi: string; nameEn?: string; reason: string; allowedFlows: string[]; allowedOperations: string[]; rateLimitPerMinute?: number | null };

/** Grants are picked from what the server lists (published flows, grantable operations), never typed. */
export function useGrantOptions() {
  const { pick } = useT();
  const flows = useQuery({ queryKey: ['flows', 'list'], queryFn: () => api.listFlows() });
  const operations = useQuery({ queryKey: adminKeys.operations, queryFn: () => adminApi.operations(), staleTime: Infinity });
  const agencies = useQuery({ queryKey: adminKeys.agencies, queryFn: () => adminApi.agencies() });
  return {
    flows: [{ value: '*', label: '* (mọi luồng / every flow)' }, ...(flows.data ?? []).map((f) => ({ value: f.key, label: `${pick(f.title)} (${f.key})` }))],
    operations: (operations.data ?? []).map((o) => ({ value: o.name, label: o.name, title: o.procedures.join(', ') })),
    agencies: (agencies.data ?? []).map((a) => ({ value: a.code, label: `${a.code} — ${pick(a.name)}` })),
  };
}

/** The grant fields of a system, in its registration form and its edit dialog (`<prefix>-flows`, `<prefix>-operations`). */
export function GrantFields({ options, testIdPrefix }: { options: ReturnType<typeof useGrantOptions>; testIdPrefix: string }) {
  const { t } = useT();
  return (
    <>
      <Form.Item name="allowedFlows" label={t('systems.flows')} extra={t('systems.flowsHelp')}>
        <Select mode="multiple" options={options.flows} optionFilterProp="label" data-testid={`${testIdPrefix}-flows`} />
      </Form.Item>
      <Form.Item name="allowedOperations" label={t('systems.operations')} extra={t('systems.operationsHelp')}>
        <Select mode="multiple" options={options.operations} data-testid={`${testIdPrefix}-operations`} />
      </Form.Item>
      <Form.Item name="rateLimitPerMinute" label={t('systems.rateLimit')}><InputNumber min={0} precision={0} /></Form.Item>
    </>
  );
}

/** Registers a connected system; the server files its connect request, which another administrator approves. */
export function SystemForm({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (code: string) => void }) {
  const { t } = useT();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<Fields>();
  const options = useGrantOptions();
  const submit = async (v: Fields) => {
    const input: NewSystem = {
      code: v.code.trim(), agencyCode: v.agencyCode, reason: v.reason, name: { vi: v.nameVi, en: v.nameEn || v.nameVi },
      allowedFlows: v.allowedFlows, allowedOperations: v.allowedOperations, ...(v.rateLimitPerMinute ? { rateLimitPerMinute: v.rateLimitPerMinute } : {}),
    };
    try {
      await adminApi.createSystem(input);
      void message.success(t('systems.created', { code: input.code }));
      form.resetFields();
      onCreated(input.code);
    } catch (e) { void message.error({ content: <span data-testid="system-form-error">{errorText(e)}</span> }); }
  };
  return (
    <Modal open={open} title={t('systems.new')} onCancel={onClose} onOk={() => form.submit()} okText={t('systems.register')} width={680}
      okButtonProps={{ 'data-testid': 'system-submit' }} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ allowedFlows: [], allowedOperations: [] }} data-testid="system-form">
        <Form.Item name="code" label={t('systems.code')} rules={[{ required: true, pattern: /^[A-Za-z0-9][A-Za-z0-9._:-]{1,99}$/, message: t('systems.codeHelp') }]}>
          <Input placeholder="MCDT-SOTP" data-testid="system-code" />
        </Form.Item>
        <Form.Item name="agencyCode" label={t('systems.agency')} rules={[{ required: true, message: t('systems.agencyHelp') }]}>
          <Select showSearch optionFilterProp="label" options={options.agencies} data-testid="system-agency" />
        </Form.Item>
        <Form.Item name="nameVi" label={t('systems.nameVi')} rules={[{ required: true }]}><Input data-testid="system-name-vi" /></Form.Item>
        <Form.Item name="nameEn" label={t('systems.nameEn')}><Input data-testid="system-name-en" /></Form.Item>
        <GrantFields options={options} testIdPrefix="system" />
        <Form.Item name="reason" label={t('systems.reason')} rules={[{ required: true, message: t('systems.reasonHelp') }]}>
          <Input.TextArea rows={2} data-testid="system-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
