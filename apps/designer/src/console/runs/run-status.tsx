import { Tag } from 'antd';
import { useT } from '../../i18n/lang.js';
import { label } from '../../i18n/messages.js';

const COLOR: Record<string, string> = { running: 'processing', completed: 'success', failed: 'error', cancelled: 'default', terminated: 'warning', timed_out: 'warning', waiting: 'purple', succeeded: 'success' };

/** A run's or node's status, in words and colour. */
export function StatusTag({ status, testId }: { status: string; testId?: string }) {
  const { lang } = useT();
  return <Tag color={COLOR[status] ?? 'default'} data-testid={testId} data-status={status}>{label(lang, `status.${status}`, status)}</Tag>;
}

