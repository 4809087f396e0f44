import { Link, useLocation } from 'react-router';
import { Alert } from 'antd';
import { useT } from '../../i18n/lang.js';
import { useGuideState } from './guide-state.js';

/** A banner above every screen of a fresh platform's administrator, pointing to the first-run guide. */
export function GuideOffer() {
  const { t } = useT();
  const { pathname } = useLocation();
  const { offered } = useGuideState();
  if (!offered || pathname === '/guide') return null;
  return (
    <Alert type="info" showIcon banner data-testid="guide-offer" title={t('guide.offer')}
      action={<Link to="/guide" data-testid="guide-open">{t('guide.open')}</Link>} />
  );
}
