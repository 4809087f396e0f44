import { useState } from 'react';
import { api, ApiError, type Me } from '../api/client.js';
import { useErrorText } from '../i18n/error-text.js';
import { useT } from '../i18n/lang.js';
import { SsoLoginButton } from '../console/sso/sso-login-button.js';

/** Sign-in form; the session is an HttpOnly cookie, so a deep link reopens where it pointed once signed in. */
export function Login({ onIn }: { onIn: (me: Me) => void }) {
  const { t } = useT();
  const errorText = useErrorText();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setError(null);
    try {
      await api.login(username, password).catch(async (e: unknown) => {
        // A session the server ended (password reset, account disabled, password changed elsewhere) leaves its cookie
        // in the browser, and the server refuses a login carrying it: logging out clears the cookie, then sign in.
        if (!(e instanceof ApiError && e.errors[0]?.code === 'AUTH_SESSION_INVALID')) throw e;
        await api.logout().catch(() => undefined);
        return api.login(username, password);
      });
      onIn(await api.me());
    } catch (e) { setError(e instanceof ApiError && e.status === 401 ? t('login.failed') : errorText(e)); }
  };
  return (
    <main className="lt-home">
      <form className="lt-login" data-testid="login" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <h2>{t('login.title')}</h2>
        <SsoLoginButton />
        <label className="lt-field"><span>{t('login.user')}</span>
          <input value={username} autoComplete="username" onChange={(e) => setUsername(e.target.value)} data-testid="login-user" autoFocus /></label>
        <label className="lt-field"><span>{t('login.password')}</span>
          <input type="password" value={password} autoComplete="current-password" onChange={(e) => setPassword(e.target.value)} data-testid="login-password" /></label>
        {error && <p className="lt-error" data-testid="login-error">{error}</p>}
        <button type="submit" className="primary" disabled={!username || !password} data-testid="login-submit">{t('login.submit')}</button>
      </form>
    </main>
  );
}
