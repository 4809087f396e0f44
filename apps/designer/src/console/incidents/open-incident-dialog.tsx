import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useT } from '../../i18n/lang.js';
import { useErrorText } from '../../i18n/error-text.js';
import { adminApi } from '../registry/admin-api.js';
import { incidentsApi, type OpenIncident } from './incidents-api.js';

const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

/** Opening an incident by hand, or from an alert (`alertId`: title and severity then come from the alert unless given). */
export function OpenIncidentDialog({ open, alertId, onClose }: { open: boolean; alertId?: number; onClose: () => void }) {
  const { t, pick } = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Omit<OpenIncident, 'alertId'>>({});
  const systems = useQuery({ queryKey: ['systems'], queryFn: () => adminApi.systems(), enabled: open });
  const create = useMutation({
    mutationFn: () => incidentsApi.open({ ...form, ...(alertId !== undefined ? { alertId } : {}) }),
    onSuccess: async (d) => {
      void message.success(t('incidents.opened'));
      setForm({});
      onClose();
      await queryClient.invalidateQueries({ queryKey: ['incidents'] });
      await navigate(`/incidents/${d.id}`);
    },
  });
  return (
    <Modal open={open} title={t('incidents.new')} okText={t('incidents.new')} cancelText={t('flows.cancel')} onOk={() => create.mutate()} confirmLoading={create.isPending}
      onCancel={() => { create.reset(); onClose(); }} destroyOnHidden okButtonProps={{ 'data-testid': 'incident-open-confirm' }}>
      <Form layout="vertical">
        <Form.Item label={t('incidents.titleField')} htmlFor="incident-title">
          <Input id="incident-title" maxLength={300} value={form.title ?? ''} onChange={(e) => setForm({ ...form, title: e.target.value })} data-testid="incident-title" />
        </Form.Item>
        <Form.Item label={t('incidents.severity')}>
          <Select value={form.severity} allowClear onChange={(v) => setForm({ ...form, severity: v })} data-testid="incident-severity"
            options={SEVERITIES.map((s) => ({ value: s, label: t(`incidents.severity.${s}`) }))} />
        </Form.Item>
        <Form.Item label={t('incidents.systems')}>
          <Select mode="multiple" value={form.affectedSystems ?? []} onChange={(v) => setForm({ ...form, affectedSystems: v })} loading={systems.isLoading}
            data-testid="incident-systems" optionFilterProp="label"
            options={(systems.data ?? []).map((s) => ({ value: s.code, label: `${pick(s.name)} (${s.code})` }))} />
        </Form.Item>
        <Form.Item label={t('incidents.flows')}>
          <Select mode="tags" value={form.affectedFlows ?? []} onChange={(v) => setForm({ ...form, affectedFlows: v })} data-testid="incident-flows" open={false} />
        </Form.Item>
        <Form.Item label={t('incidents.description')} htmlFor="incident-description">
          <Input.TextArea id="incident-description" rows={3} maxLength={5000} value={form.description ?? ''} onChange={(e) => setForm({ ...form, description: e.target.value })} />
        </Form.Item>
      </Form>
      {create.error && <Alert type="error" showIcon title={errorText(create.error)} data-testid="incident-open-error" />}
    </Modal>
  );
}
