import { useEffect, useState } from 'react';
import { parseJson } from '../store/controller.js';
import { useDesigner } from '../store/designer-store.js';
import { useT } from '../i18n/lang.js';

/** A JSON text field that applies only valid JSON and says when the text is not. */
function JsonField(props: { label: string; value: unknown; onValid: (v: unknown) => void; testId: string; rows?: number }) {
  const { t } = useT();
  const [text, setText] = useState(() => (props.value === undefined ? '' : JSON.stringify(props.value, null, 2)));
  const [bad, setBad] = useState(false);
  useEffect(() => {
    // Follow outside changes (undo, import) unless the text already means the same value.
    const p = parseJson(text);
    if (!(p.ok && JSON.stringify(p.value) === JSON.stringify(props.value)) && !(text.trim() === '' && props.value === undefined)) {
      setText(props.value === undefined ? '' : JSON.stringify(props.value, null, 2));
      setBad(false);
    }
  }, [props.value]);
  return (
    <label className="lt-field">
      <span>{props.label}</span>
      <textarea rows={props.rows ?? 6} value={text} spellCheck={false} data-testid={`field-${props.testId}`} className={bad ? 'invalid' : ''}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() === '') { setBad(false); props.onValid(undefined); return; }
          const p = parseJson(e.target.value);
          setBad(!p.ok);
          if (p.ok) props.onValid(p.value);
        }} />
      {bad && <small className="lt-error">{t('flow.badJson')}</small>}
    </label>
  );
}

export function FlowPanel() {
  const { t } = useT();
  const meta = useDesigner((s) => s.meta);
  const published = useDesigner((s) => s.publishedVersion);
  const updateMeta = useDesigner((s) => s.updateMeta);
  const sampleInput = useDesigner((s) => s.sampleInput);
  const setSampleInput = useDesigner((s) => s.setSampleInput);
  return (
    <div className="lt-flow-panel" data-testid="flow-panel">
      <h2>{t('flow.settings')}</h2>
      <label className="lt-field">
        <span>{t('flow.key')}</span>
        <input value={meta.key} readOnly={published > 0} data-testid="field-flow-key" onChange={(e) => updateMeta({ key: e.target.value }, 'key')} />
      </label>
      <label className="lt-field">
        <span>{t('flow.titleVi')}</span>
        <input value={meta.title.vi} data-testid="field-flow-title-vi" onChange={(e) => updateMeta({ title: { ...meta.title, vi: e.target.value } }, 'title.vi')} />
      </label>
      <label className="lt-field">
        <span>{t('flow.titleEn')}</span>
        <input value={meta.title.en} data-testid="field-flow-title-en" onChange={(e) => updateMeta({ title: { ...meta.title, en: e.target.value } }, 'title.en')} />
      </label>
      <JsonField label={t('flow.inputSchema')} value={meta.inputSchema} testId="flow-input-schema" rows={8}
        onValid={(v) => updateMeta({ inputSchema: v as Record<string, unknown> | undefined }, 'inputSchema')} />
      <label className="lt-field">
        <span>{t('flow.sampleInput')}</span>
        <textarea rows={8} value={sampleInput} spellCheck={false} data-testid="field-sample-input" onChange={(e) => setSampleInput(e.target.value)} />
        {!parseJson(sampleInput).ok && <small className="lt-error">{t('flow.badJson')}</small>}
      </label>
    </div>
  );
}
