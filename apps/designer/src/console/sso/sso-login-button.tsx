import { useQuery } from '@tanstack/react-query';
import { useT } from '../../i18n/lang.js';
import { ssoApi, ssoKeys } from './sso-api.js';

/** On the sign-in screen when single sign-on is on: a plain link, the browser leaves for the provider's page. */
export function SsoLoginButton() {
  const { t } = useT();
  const status = useQuery({ queryKey: ssoKeys.status, queryFn: ssoApi.status, retry: false }).data;
  if (!status?.enabled) return null;
  return (
    <div className="lt-sso-login">
      <a className="primary" href={status.loginPath} data-testid="login-sso">{status.label ?? t('sso.loginButton')}</a>
      <p>{t('sso.or')}</p>
    </div>
  );
}
