import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Input, Modal, Typography } from 'antd';
import { useT } from '../../i18n/lang.js';
import { useErrorText } from '../../i18n/error-text.js';
import { alertsApi, type AlertView } from './alerts-api.js';

/** Acknowledging says "someone is on it": the comment (who was called, what was done) stays with the alert in its history. */
export function AcknowledgeDialog({ alert, onClose }: { alert: AlertView | null; onClose: () => void }) {
  const { t, pick } = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const ack = useMutation({
    mutationFn: () => alertsApi.acknowledge(alert?.id ?? 0, note.trim()),
    onSuccess: async () => {
      void message.success(t('alerts.acknowledged'));
      setNote('');
      onClose();
      await queryClient.invalidateQueries({ queryKey: ['alerts'] });
    },
  });
  return (
    <Modal open={alert !== null} title={t('alerts.acknowledgeTitle')} okText={t('alerts.acknowledge')} cancelText={t('flows.cancel')}
      onOk={() => ack.mutate()} confirmLoading={ack.isPending} onCancel={() => { ack.reset(); onClose(); }} destroyOnHidden
      okButtonProps={{ 'data-testid': 'alert-ack-confirm' }}>
      <Typography.Paragraph>{pick(alert?.message)}</Typography.Paragraph>
      <label htmlFor="alert-ack-note">{t('alerts.note')}</label>
      <Input.TextArea id="alert-ack-note" rows={3} maxLength={1000} showCount value={note} onChange={(e) => setNote(e.target.value)}
        placeholder={t('alerts.notePlaceholder')} data-testid="alert-ack-note" />
      {ack.error && <Alert type="error" showIcon title={errorText(ack.error)} className="lt-gap-top" data-testid="alert-ack-error" />}
    </Modal>
  );
}
