import { Link } from 'react-router';
import { Result } from 'antd';
import { useT } from '../i18n/lang.js';

/** A path the console does not know. */
export function NotFound() {
  const { t } = useT();
  return <Result status="404" title={t('app.notFound')} extra={<Link to="/flows">{t('nav.flows')}</Link>} data-testid="page-not-found" />;
}
