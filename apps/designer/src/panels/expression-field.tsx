import { useEffect, useId, useState } from 'react';
import type { ExpressionContext } from '@lienthong/flow';
import { previewExpression, type Preview } from '../model/preview.js';
import { useT } from '../i18n/lang.js';

/**
 * A JSONata expression with autocompletion ($input…, $nodes.<id>.output…) and a live preview of its
 * value on the sample input.
 */
export function ExpressionField(props: {
  label: string; value: string; onChange: (v: string) => void; suggestions: readonly string[]; ctx: ExpressionContext | null;
  testId: string; required?: boolean; multiline?: boolean; hint?: string;
}) {
  const { t } = useT();
  const listId = useId();
  const [preview, setPreview] = useState<Preview | null>(null);
  useEffect(() => {
    let live = true;
    if (!props.ctx || !props.value.trim()) { setPreview(null); return; }
    void previewExpression(props.value, props.ctx).then((p) => { if (live) setPreview(p); });
    return () => { live = false; };
  }, [props.value, props.ctx]);

  const common = {
    value: props.value, spellCheck: false, 'data-testid': `field-${props.testId}`, 'aria-label': props.label,
    className: preview && !preview.ok ? 'invalid' : '',
  };
  return (
    <label className="lt-field">
      <span>{props.label}{props.required && <em> ({t('panel.required')})</em>}</span>
      {props.multiline
        ? <textarea {...common} rows={4} onChange={(e) => props.onChange(e.target.value)} />
        : <input {...common} list={listId} onChange={(e) => props.onChange(e.target.value)} placeholder={props.hint ?? ''} />}
      <datalist id={listId}>{props.suggestions.map((s) => <option key={s} value={s} />)}</datalist>
      {preview && (
        <output className={preview.ok ? 'lt-preview' : 'lt-preview error'} data-testid={`preview-${props.testId}`}>
          {preview.ok ? `${t('panel.preview')}: ${JSON.stringify(preview.value)}` : `${t('panel.previewError')}: ${preview.error}`}
        </output>
      )}
    </label>
  );
}
