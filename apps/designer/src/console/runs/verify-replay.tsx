import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Space, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { api } from '../../api/client.js';
import { useErrorText } from '../../i18n/error-text.js';
import { useT } from '../../i18n/lang.js';

/**
 * "Verify replay": the server replays the run's recorded history on the current worker build, as `lienthong replay`
 * does, and says "deterministic" or names the event where the build stops agreeing with the history.
 */
export function VerifyReplay({ runId }: { runId: string }) {
  const { t } = useT();
  const errorText = useErrorText();
  const verify = useMutation({ mutationFn: () => api.verifyReplay(runId) });
  const r = verify.data;
  const d = r?.divergence;
  const event = d ? [d.eventId, d.eventType, d.activityType, d.patch].filter((x) => x !== undefined).join(' ') : '';
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Button icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()} data-testid="run-verify-replay">{t('run.verifyReplay')}</Button>
      {verify.isError && <Alert type="error" showIcon title={errorText(verify.error)} data-testid="replay-error" />}
      {r && (
        <Alert type={r.deterministic ? 'success' : 'error'} showIcon data-testid="replay-result" data-deterministic={String(r.deterministic)}
          title={r.deterministic ? t('run.deterministic') : d ? t('run.diverged', { event: event || '?' }) : t('run.replayProblem', { problem: r.problem ?? '' })}
          description={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{d?.message ? `${d.message} · ` : ''}{r.workflowsBuild}</Typography.Text>} />
      )}
    </Space>
  );
}
