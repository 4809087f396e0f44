import { Tag } from 'antd';
import { useT } from '../../i18n/lang.js';

const COLOR: Record<string, string> = { open: 'processing', decided: 'success', expired: 'warning', cancelled: 'default' };

/** A task's state as a coloured tag. */
export function TaskStateTag({ state }: { state: 'open' | 'decided' | 'expired' | 'cancelled' }) {
  const { t } = useT();
  return <Tag color={COLOR[state]} data-testid="task-state" data-state={state}>{t(`tasks.${state}`)}</Tag>;
}
