import { useEffect, useState, type ReactNode } from 'react';
import { FLOW_KEY_PATTERN, type FlowDocument } from '@lienthong/schemas';
import { api, ApiError, whenSignedOut, type FlowSummary, type Me } from './api/client.js';
import { emptyDocument } from './model/flow-adapter.js';
import { LangContext, useT } from './i18n/lang.js';
import type { Lang } from './i18n/messages.js';
import { Editor, useErrorText } from './editor.js';
import { ImportDialog } from './panels/dialogs.js';

type Open = { doc: FlowDocument; publishedVersion: number };

function Home({ onOpen }: { onOpen: (o: Open) => void }) {
  const { t, pick } = useT();
  const errorText = useErrorText();
  const [flows, setFlows] = useState<FlowSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [key, setKey] = useState('');
  const [title, setTitle] = useState('');
  useEffect(() => { api.listFlows().then(setFlows, (e: unknown) => setError(errorText(e))); }, []);

  const open = async (k: string) => {
    try {
      const v = await api.getFlow(k);
      onOpen({ doc: v.document, publishedVersion: v.version });
    } catch (e) { setError(errorText(e)); }
  };
  const keyOk = new RegExp(FLOW_KEY_PATTERN).test(key);
  const create = () => onOpen({ doc: emptyDocument(key, { vi: title || key, en: title || key }), publishedVersion: 0 });
  const imported = (doc: FlowDocument) => {
    const known = flows?.find((f) => f.key === doc.key);
    onOpen({ doc, publishedVersion: known?.latestVersion ?? 0 });
  };

  return (
    <main className="lt-home" data-testid="home">
      <section>
        <h2>{t('flows.title')}</h2>
        {error && <p className="lt-error">{error}</p>}
        {!flows && !error && <p>{t('app.loading')}</p>}
        {flows?.length === 0 && <p>{t('flows.empty')}</p>}
        <ul className="lt-flow-list">
          {flows?.map((f) => (
            <li key={f.key}>
              <button type="button" onClick={() => void open(f.key)} data-testid={`flow-${f.key}`}>
                <strong>{pick(f.title)}</strong> <code>{f.key}</code> <small>{t('flows.version')} {f.latestVersion}</small>
              </button>
            </li>
          ))}
        </ul>
        <div className="lt-home-actions">
          <button type="button" className="primary" onClick={() => setCreating(true)} data-testid="new-flow">{t('flows.new')}</button>
          <button type="button" onClick={() => setImporting(true)} data-testid="home-import">{t('flows.import')}</button>
        </div>
        {creating && (
          <form className="lt-new-flow" onSubmit={(e) => { e.preventDefault(); if (keyOk) create(); }}>
            <label className="lt-field"><span>{t('flows.newKey')}</span>
              <input value={key} onChange={(e) => setKey(e.target.value)} data-testid="new-flow-key" autoFocus /></label>
            {key && !keyOk && <small className="lt-error">{t('flows.badKey')}</small>}
            <label className="lt-field"><span>{t('flows.newTitle')}</span>
              <input value={title} onChange={(e) => setTitle(e.target.value)} data-testid="new-flow-title" /></label>
            <button type="submit" className="primary" disabled={!keyOk} data-testid="new-flow-create">{t('flows.create')}</button>
            <button type="button" onClick={() => setCreating(false)}>{t('flows.cancel')}</button>
          </form>
        )}
      </section>
      {importing && <ImportDialog onClose={() => setImporting(false)} onLoad={imported} />}
    </main>
  );
}

function Login({ onIn }: { onIn: (me: Me) => void }) {
  const { t } = useT();
  const errorText = useErrorText();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setError(null);
    try {
      await api.login(username, password);
      onIn(await api.me());
    } catch (e) { setError(e instanceof ApiError && e.status === 401 ? t('login.failed') : errorText(e)); }
  };
  return (
    <main className="lt-home">
      <form className="lt-login" data-testid="login" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <h2>{t('login.title')}</h2>
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

export function App() {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem('lt.lang') === 'en' ? 'en' : 'vi'));
  const [open, setOpen] = useState<(Open & { n: number }) | null>(null);
  /** undefined: not known yet; null: signed out. */
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  useEffect(() => { localStorage.setItem('lt.lang', lang); document.documentElement.lang = lang; }, [lang]);
  useEffect(() => {
    whenSignedOut(() => setMe(null));
    api.me().then(setMe, () => setMe(null));
  }, []);
  const logout = () => { void api.logout().finally(() => { setOpen(null); setMe(null); }); };
  let body: ReactNode;
  if (me === undefined) body = null;
  else if (me === null) body = <Login onIn={setMe} />;
  else if (open) body = <Editor key={open.n} doc={open.doc} publishedVersion={open.publishedVersion} onBack={() => setOpen(null)} />;
  else body = <Home onOpen={(o) => setOpen({ ...o, n: Date.now() })} />;
  return (
    <LangContext.Provider value={lang}>
      <Shell me={me ?? null} onLang={() => setLang(lang === 'vi' ? 'en' : 'vi')} onLogout={logout}>{body}</Shell>
    </LangContext.Provider>
  );
}

function Shell(props: { me: Me | null; onLang: () => void; onLogout: () => void; children: ReactNode }) {
  const { t } = useT();
  return (
    <div className="lt-app">
      <header className="lt-header">
        <h1>{t('app.title')}</h1>
        <span className="lt-user">
          {props.me && <span data-testid="current-user">{props.me.displayName ?? props.me.username ?? props.me.id}</span>}
          {props.me && props.me.id !== 'anonymous' && <button type="button" onClick={props.onLogout} data-testid="logout">{t('login.logout')}</button>}
          <button type="button" onClick={props.onLang} data-testid="lang-toggle">{t('app.lang')}</button>
        </span>
      </header>
      {props.children}
    </div>
  );
}
