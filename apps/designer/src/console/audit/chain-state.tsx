import { useQuery } from '@tanstack/react-query';
import { Alert, Button } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useT } from '../../i18n/lang.js';
import { useErrorText } from '../../i18n/error-text.js';
import { auditApi } from './audit-api.js';

/** The hash chain's state: every row checked from the first, "verified", or the first broken link and why. */
export function ChainState() {
  const { t } = useT();
  const errorText = useErrorText();
  const chain = useQuery({ queryKey: ['audit', 'verify'], queryFn: () => auditApi.verify() });
  const again = <Button size="small" icon={<SafetyCertificateOutlined />} loading={chain.isFetching} onClick={() => void chain.refetch()} data-testid="audit-verify-again">{t('audit.verifyAgain')}</Button>;
  if (chain.error) return <Alert type="error" showIcon title={errorText(chain.error)} className="lt-gap" action={again} />;
  if (!chain.data || chain.isFetching) return <Alert type="info" showIcon title={t('audit.verifying')} className="lt-gap" data-testid="audit-chain" data-state="checking" />;
  const c = chain.data;
  return c.ok
    ? <Alert type="success" showIcon title={t('audit.chainOk', { n: c.checked })} className="lt-gap" action={again} data-testid="audit-chain" data-state="verified" />
    : <Alert type="error" showIcon className="lt-gap" action={again} data-testid="audit-chain" data-state="broken"
      title={t('audit.chainBroken', { seq: c.firstBroken?.seq ?? '?', n: c.checked })}
      description={c.firstBroken ? t(`audit.broken.${c.firstBroken.reason}`) : undefined} />;
}
