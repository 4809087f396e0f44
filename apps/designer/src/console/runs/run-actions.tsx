import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Popconfirm, Space, Typography } from 'antd';
import { DownloadOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import type { FlowDocument } from '@lienthong/schemas';
import { api, type RunView } from '../../api/client.js';
import { isFinished, meQuery } from '../../api/queries.js';
import { sampleOf } from '../../model/schema-fields.js';
import { useErrorText } from '../../i18n/error-text.js';
import { useT } from '../../i18n/lang.js';
import { can } from '../access.js';
import { VerifyReplay } from './verify-replay.js';

/** A starting payload: the required fields only, each with its sample (a choice's first value), to be filled in. */
function requiredSample(schema: Record<string, unknown> | undefined): unknown {
  const sample = schema ? sampleOf(schema) : {};
  const required = (schema?.required ?? []) as string[];
  if (!sample || typeof sample !== 'object' || required.length === 0) return sample ?? {};
  return Object.fromEntries(Object.entries(sample).filter(([k]) => required.includes(k)));
}

type WaitNode = { kind: 'wait'; signal: string; payloadSchema?: Record<string, unknown>; title?: { vi: string; en: string } };

/** What this person may do to the run: answer a waiting node, cancel, take the signed evidence bundle, verify its replay. */
export function RunActions({ run, doc }: { run: RunView; doc: FlowDocument | undefined }) {
  const { t } = useT();
  const me = useQuery(meQuery).data;
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['runs'] });
  const running = !isFinished(run.status);
  const nodes = (doc?.nodes ?? {}) as Record<string, { kind: string }>;
  const waiting = Object.entries(run.nodes).filter(([id, n]) => n.status === 'waiting' && nodes[id]?.kind === 'wait').map(([id]) => [id, nodes[id] as unknown as WaitNode] as const);

  const cancel = async () => {
    try { await api.cancelRun(run.runId); void message.success(t('run.cancelled')); void refresh(); } catch (e) { void message.error(errorText(e)); }
  };
  const download = async () => {
    try {
      const bundle = await api.bundle(run.runId);
      const url = URL.createObjectURL(new Blob([JSON.stringify(bundle)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url; a.download = `${run.runId}.bundle.json`; a.click();
      URL.revokeObjectURL(url);
    } catch (e) { void message.error(errorText(e)); }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        {running && can(me, 'runs.cancel') && (
          <Popconfirm title={t('run.cancelConfirm')} okText={t('run.cancel')} cancelText={t('flows.cancel')} onConfirm={() => void cancel()}>
            <Button danger icon={<StopOutlined />} data-testid="run-cancel">{t('run.cancel')}</Button>
          </Popconfirm>
        )}
        {can(me, 'audit.read') && <Button icon={<DownloadOutlined />} onClick={() => void download()} data-testid="run-bundle">{t('run.bundle')}</Button>}
      </Space>
      {/* Replaying a history judges the decisions already made: a finished run's whole history. */}
      {!running && can(me, 'audit.read') && <VerifyReplay runId={run.runId} />}
      {running && can(me, 'runs.start') && waiting.map(([id, node]) => <SignalForm key={id} runId={run.runId} nodeId={id} node={node} onSent={() => void refresh()} />)}
    </Space>
  );
}

function SignalForm({ runId, nodeId, node, onSent }: { runId: string; nodeId: string; node: WaitNode; onSent: () => void }) {
  const { t, pick } = useT();
  const errorText = useErrorText();
  const [payload, setPayload] = useState(() => JSON.stringify(requiredSample(node.payloadSchema), null, 2));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setError(null);
    let value: unknown;
    try { value = JSON.parse(payload); } catch { setError(t('run.payloadNotJson')); return; }
    setBusy(true);
    try { await api.sendSignal(runId, node.signal, value); onSent(); } catch (e) { setError(errorText(e)); } finally { setBusy(false); }
  };
  return (
    <Card size="small" title={t('run.waitingFor', { node: pick(node.title, nodeId), signal: node.signal })} data-testid={`signal-form-${nodeId}`}>
      <Input.TextArea rows={4} value={payload} onChange={(e) => setPayload(e.target.value)} spellCheck={false} aria-label={t('run.signalPayload')} data-testid={`signal-payload-${nodeId}`} />
      {error && <Typography.Text type="danger" data-testid="signal-error">{error}</Typography.Text>}
      <div><Button type="primary" icon={<SendOutlined />} loading={busy} onClick={() => void send()} data-testid={`signal-send-${nodeId}`} className="lt-gap-top">{t('run.signalSend', { signal: node.signal })}</Button></div>
    </Card>
  );
}
