import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Space } from 'antd';
import { EditOutlined, PauseCircleOutlined, PlayCircleOutlined, StopOutlined } from '@ant-design/icons';
import { useT } from '../../i18n/lang.js';
import { label } from '../../i18n/messages.js';
import { useErrorText } from '../../i18n/error-text.js';
import { adminApi, type ConnectedSystem } from './admin-api.js';
import { GrantFields, useGrantOptions } from './system-form.js';

type Kind = 'suspend' | 'resume' | 'cancel';
type Grants = { allowedFlows: string[]; allowedOperations: string[]; rateLimitPerMinute?: number | null };

/** What a registrar does to a system: change its grants (at once), or file a suspend / resume / cancel request (another admin decides). */
export function SystemActions({ system }: { system: ConnectedSystem }) {
  const { t, lang } = useT();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const options = useGrantOptions();
  const [editing, setEditing] = useState(false);
  const [requesting, setRequesting] = useState<Kind | null>(null);
  const [grants] = Form.useForm<Grants>();
  const [reason] = Form.useForm<{ reason: string }>();
  const act = async (f: () => Promise<unknown>, done: () => void) => {
    try { await f(); done(); } catch (e) { void message.error({ content: <span data-testid="system-action-error">{errorText(e)}</span> }); }
    void queryClient.invalidateQueries({ queryKey: ['registry'] });
  };
  const save = (v: Grants) => act(() => adminApi.updateSystem({ systemCode: system.code, allowedFlows: v.allowedFlows, allowedOperations: v.allowedOperations,
    ...(v.rateLimitPerMinute ? { rateLimitPerMinute: v.rateLimitPerMinute } : {}) }), () => { setEditing(false); void message.success(t('systems.saved', { code: system.code })); });
  const request = (v: { reason: string }) => act(() => adminApi.requestChange(system.code, requesting as Kind, v.reason), () => {
    setRequesting(null);
    reason.resetFields();
    void message.success(t('systems.requested', { code: system.code }));
  });
  const kinds: Kind[] = system.status === 'active' ? ['suspend', 'cancel'] : system.status === 'suspended' ? ['resume', 'cancel'] : [];
  const icons = { suspend: <PauseCircleOutlined />, resume: <PlayCircleOutlined />, cancel: <StopOutlined /> };
  return (
    <Space>
      <Button size="small" icon={<EditOutlined />} data-testid={`system-edit-${system.code}`}
        onClick={() => { grants.setFieldsValue({ allowedFlows: system.allowedFlows, allowedOperations: system.allowedOperations, rateLimitPerMinute: system.rateLimitPerMinute }); setEditing(true); }}>
        {t('systems.editGrants')}
      </Button>
      {kinds.map((k) => (
        <Button key={k} size="small" danger={k === 'cancel'} icon={icons[k]} onClick={() => setRequesting(k)} data-testid={`system-request-${k}-${system.code}`}>
          {label(lang, `requestKind.${k}`, k)}
        </Button>
      ))}
      <Modal open={editing} title={t('systems.editTitle', { code: system.code })} onCancel={() => setEditing(false)} onOk={() => grants.submit()} width={640}
        okButtonProps={{ 'data-testid': 'system-edit-ok' }} forceRender>
        <Form form={grants} layout="vertical" onFinish={(v) => void save(v)}>
          <GrantFields options={options} testIdPrefix="system-edit" />
        </Form>
      </Modal>
      <Modal open={requesting !== null} title={t('systems.requestTitle', { kind: label(lang, `requestKind.${requesting ?? 'suspend'}`, ''), code: system.code })}
        onCancel={() => setRequesting(null)} onOk={() => reason.submit()} okButtonProps={{ 'data-testid': 'system-request-ok' }} forceRender>
        <Form form={reason} layout="vertical" onFinish={(v) => void request(v)}>
          <Form.Item name="reason" label={t('systems.reason')} extra={t('systems.requestHelp')} rules={[{ required: true, message: t('systems.reasonHelp') }]}>
            <Input.TextArea rows={2} data-testid="system-request-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
