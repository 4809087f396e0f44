import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useT } from '../../i18n/lang.js';
import { useErrorText } from '../../i18n/error-text.js';
import { maintenanceApi, type AnnounceInput } from './maintenance-api.js';

type Scope = AnnounceInput['scope'];
interface Values { scope: Scope; target?: string; span: [Dayjs, Dayjs]; vi: string; en: string }

/** Announcing a window: the server checks the notice (24 h for the reporting system) and sends it to the connected systems. */
export function AnnounceDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [scope, setScope] = useState<Scope>('system');
  const announce = useMutation({
    mutationFn: (v: Values) => maintenanceApi.announce({ scope: v.scope, ...(v.scope !== 'platform' ? { target: v.target ?? '' } : {}),
      startsAt: v.span[0].toISOString(), endsAt: v.span[1].toISOString(), reason: { vi: v.vi, en: v.en } }),
    onSuccess: async () => {
      void message.success(t('maintenance.announced'));
      form.resetFields();
      onClose();
      await queryClient.invalidateQueries({ queryKey: ['maintenance'] });
    },
  });
  return (
    <Modal open={open} title={t('maintenance.announce')} okText={t('maintenance.announce')} cancelText={t('flows.cancel')} destroyOnHidden
      onOk={() => void form.validateFields().then((v) => announce.mutate(v))} confirmLoading={announce.isPending}
      onCancel={() => { announce.reset(); onClose(); }} okButtonProps={{ 'data-testid': 'maintenance-announce-confirm' }}>
      <Form form={form} layout="vertical" initialValues={{ scope: 'system' }}>
        <Form.Item name="scope" label={t('maintenance.scope')} rules={[{ required: true }]}>
          <Select<Scope> onChange={setScope} data-testid="maintenance-scope"
            options={(['platform', 'system', 'connection'] as const).map((s) => ({ value: s, label: t(`maintenance.scope.${s}`) }))} />
        </Form.Item>
        {scope !== 'platform' && (
          <Form.Item name="target" label={t('maintenance.target')} rules={[{ required: true }]} extra={t(`maintenance.targetHelp.${scope}`)}>
            <Input data-testid="maintenance-target" />
          </Form.Item>
        )}
        <Form.Item name="span" label={t('maintenance.span')} rules={[{ required: true }]}>
          <DatePicker.RangePicker showTime data-testid="maintenance-span" />
        </Form.Item>
        <Form.Item name="vi" label={t('maintenance.reasonVi')} rules={[{ required: true }]}><Input maxLength={500} data-testid="maintenance-reason-vi" /></Form.Item>
        <Form.Item name="en" label={t('maintenance.reasonEn')} rules={[{ required: true }]}><Input maxLength={500} data-testid="maintenance-reason-en" /></Form.Item>
      </Form>
      {announce.error && <Alert type="error" showIcon title={errorText(announce.error)} data-testid="maintenance-announce-error" />}
    </Modal>
  );
}
