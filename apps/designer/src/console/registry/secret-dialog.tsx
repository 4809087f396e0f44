import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Modal, Space, Typography } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { api } from '../../api/client.js';
import { sampleOf } from '../../model/schema-fields.js';
import { useT } from '../../i18n/lang.js';
import type { ConnectedSystem, IssuedKey } from './admin-api.js';

/** Copies to the clipboard and says so next to the button (the secret is never kept anywhere else in the page). */
export function CopyButton({ text, testId }: { text: string; testId: string }) {
  const { t } = useT();
  const [copied, setCopied] = useState(false);
  const copy = async () => { await navigator.clipboard.writeText(text); setCopied(true); };
  return (
    <Button size="small" icon={<CopyOutlined />} onClick={() => void copy()} data-testid={testId} aria-label={t('keys.copy')}>
      {copied ? t('keys.copied') : t('keys.copy')}
    </Button>
  );
}

/** The flow the example call runs: the first flow the system is granted by name, else the first published one. */
function exampleFlow(system: ConnectedSystem | undefined, published: string[]): string | undefined {
  const named = system?.allowedFlows.find((f) => f !== '*' && published.includes(f));
  return named ?? (system?.allowedFlows.includes('*') || !system?.allowedFlows.length ? published[0] : undefined);
}

const codeStyle = { whiteSpace: 'pre-wrap', wordBreak: 'break-all', background: '#f5f5f5', padding: 8, borderRadius: 4 } as const;

/** The exact signed call an agency developer runs: curl signs with --aws-sigv4 (service lienthong, any region). */
export function curlCommand(o: { origin: string; flowKey: string; accessKeyId: string; secret: string; input: unknown }): string {
  const body = JSON.stringify(o.input).replace(/'/g, `'\\''`);
  return [`curl --aws-sigv4 "aws:amz:vn:lienthong" --user "${o.accessKeyId}:${o.secret}" \\`,
    `  -H 'content-type: application/json' --data-binary '${body}' \\`,
    `  "${o.origin}/api/v1/flows/${o.flowKey}/runs"`].join('\n');
}

/** The example call for a granted flow, its input built from the flow's input schema. */
export function CurlExample({ system, accessKeyId, secret }: { system: ConnectedSystem | undefined; accessKeyId: string; secret: string }) {
  const { t } = useT();
  const flows = useQuery({ queryKey: ['flows', 'list'], queryFn: () => api.listFlows() });
  const flowKey = exampleFlow(system, (flows.data ?? []).map((f) => f.key));
  const flow = useQuery({ queryKey: ['flows', 'get', flowKey, 'latest'], queryFn: () => api.getFlow(flowKey as string), enabled: !!flowKey });
  if (!flowKey) return <Alert type="info" showIcon title={t('keys.noGrantedFlow')} data-testid="curl-none" />;
  const schema = flow.data?.document.inputSchema;
  const command = curlCommand({ origin: window.location.origin, flowKey, accessKeyId, secret, input: schema ? sampleOf(schema) : {} });
  return (
    <div data-testid="curl-example" data-flow={flowKey}>
      <Typography.Paragraph>{t('keys.curlIntro', { flow: flowKey })}</Typography.Paragraph>
      <pre style={codeStyle} data-testid="curl-command">{command}</pre>
      <CopyButton text={command} testId="curl-copy" />
    </div>
  );
}

/** A key pair just issued or rotated: the secret is shown this once, with a copy button and the call to try it with. */
export function SecretDialog({ issued, system, onClose }: { issued: IssuedKey | null; system: ConnectedSystem | undefined; onClose: () => void }) {
  const { t } = useT();
  return (
    <Modal open={!!issued} title={t('keys.issuedTitle')} onCancel={onClose} width={760} maskClosable={false} destroyOnHidden
      footer={<Button type="primary" onClick={onClose} data-testid="secret-close">{t('keys.savedIt')}</Button>}>
      {issued && (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="secret-dialog">
          <Alert type="warning" showIcon title={t('keys.onceWarning')} />
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={t('keys.accessKeyId')}><code data-testid="secret-access-key">{issued.accessKeyId}</code></Descriptions.Item>
            <Descriptions.Item label={t('keys.secret')}>
              <Space><code data-testid="secret-value">{issued.secretKey}</code><CopyButton text={issued.secretKey} testId="secret-copy" /></Space>
            </Descriptions.Item>
          </Descriptions>
          <CurlExample system={system} accessKeyId={issued.accessKeyId} secret={issued.secretKey} />
        </Space>
      )}
    </Modal>
  );
}
