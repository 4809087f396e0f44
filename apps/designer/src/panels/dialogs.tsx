import { useState, type ReactNode } from 'react';
import { checkFlowDocument, type FlowDocument } from '@lienthong/schemas';
import { parseJson } from '../store/controller.js';
import { useT } from '../i18n/lang.js';

export function Dialog(props: { title: string; onClose: () => void; children: ReactNode; testId: string; wide?: boolean }) {
  const { t } = useT();
  return (
    <div className="lt-overlay" role="dialog" aria-label={props.title} data-testid={props.testId} onKeyDown={(e) => { if (e.key === 'Escape') props.onClose(); }}>
      <div className={props.wide ? 'lt-dialog wide' : 'lt-dialog'}>
        <header><h2>{props.title}</h2><button type="button" onClick={props.onClose} data-testid={`${props.testId}-close`} aria-label={t('flows.close')}>✕</button></header>
        {props.children}
      </div>
    </div>
  );
}

export function PublishDialog(props: { onPublish: (note: string) => void; onClose: () => void; busy: boolean; error: string | null }) {
  const { t } = useT();
  const [note, setNote] = useState('');
  return (
    <Dialog title={t('publish.title')} onClose={props.onClose} testId="publish-dialog">
      <label className="lt-field"><span>{t('publish.note')}</span>
        <textarea rows={3} value={note} onChange={(e) => setNote(e.target.value)} data-testid="publish-note" autoFocus /></label>
      {props.error && <p className="lt-error" data-testid="publish-error">{props.error}</p>}
      <button type="button" className="primary" disabled={props.busy} onClick={() => props.onPublish(note)} data-testid="publish-confirm">{t('publish.confirm')}</button>
    </Dialog>
  );
}

/** Paste or choose a flow JSON file; only a document that passes the schema check is loaded. */
export function ImportDialog(props: { onLoad: (doc: FlowDocument) => void; onClose: () => void }) {
  const { t } = useT();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const load = () => {
    const p = parseJson(text);
    if (!p.ok) { setError(t('io.importInvalid', { detail: t('flow.badJson') })); return; }
    const c = checkFlowDocument(p.value);
    if (!c.ok) { setError(t('io.importInvalid', { detail: c.issues.slice(0, 3).map((i) => `${i.pointer} ${i.message}`).join('; ') })); return; }
    props.onLoad(c.value);
  };
  return (
    <Dialog title={t('io.importTitle')} onClose={props.onClose} testId="import-dialog">
      <input type="file" accept="application/json,.json" data-testid="import-file" aria-label={t('io.file')}
        onChange={(e) => { const f = e.target.files?.[0]; if (f) void f.text().then(setText); }} />
      <textarea rows={12} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} data-testid="import-text" />
      {error && <p className="lt-error" data-testid="import-error">{error}</p>}
      <button type="button" className="primary" onClick={load} data-testid="import-load">{t('io.load')}</button>
    </Dialog>
  );
}
