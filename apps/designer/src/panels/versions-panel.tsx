import { useEffect, useState } from 'react';
import type { FlowDocument } from '@lienthong/schemas';
import { decodeNote, type VersionInfo } from '../api/client.js';
import { compare, diffFlows, loadVersions, rollback } from '../store/controller.js';
import { useDesigner, useDesignerStore, type DesignerState } from '../store/designer-store.js';
import { useT } from '../i18n/lang.js';
import { useReadOnly } from '../store/read-only.js';
import { translate } from '../i18n/messages.js';

export interface DiffOverlay { union: FlowDocument; diff: NonNullable<DesignerState['diff']> }

/** Published versions (who, when, note), comparison of any two (or the draft), and roll back. */
export function VersionsPanel({ onDiff }: { onDiff: (d: DiffOverlay) => void }) {
  const { t, lang } = useT();
  const store = useDesignerStore();
  const readOnly = useReadOnly();
  const key = useDesigner((s) => s.meta.key);
  const published = useDesigner((s) => s.publishedVersion);
  const [versions, setVersions] = useState<VersionInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [from, setFrom] = useState<string>('');
  const [to, setTo] = useState<string>('draft');

  useEffect(() => {
    if (published === 0) { setVersions([]); return; }
    let live = true;
    void loadVersions(key).then((r) => {
      if (!live) return;
      if (r.ok) { setVersions(r.value); setFrom((f) => f || String(r.value[0]?.version ?? '')); } else setError(r.error.message);
    });
    return () => { live = false; };
  }, [key, published]);

  const show = async () => {
    const a = from === 'draft' ? 'draft' : Number(from);
    const b = to === 'draft' ? 'draft' : Number(to);
    const r = await compare(store, a, b);
    if (!r.ok) { setError(r.error.message); return; }
    onDiff({ union: r.value.union, diff: { from: a, to: b, result: diffFlows(r.value.before, r.value.after) } });
  };
  const restore = async (v: number) => {
    const r = await rollback(store, v, translate('vi', 'versions.rollbackNote', { version: v }));
    if (!r.ok) setError(r.error.message);
  };

  if (versions === null) return <p>{t('app.loading')}</p>;
  const options = [...versions.map((v) => String(v.version)), 'draft'];
  return (
    <div className="lt-versions" data-testid="versions-panel">
      {error && <p className="lt-error">{error}</p>}
      {versions.length === 0 ? <p>{t('versions.none')}</p> : (
        <table>
          <thead><tr><th>{t('flows.version')}</th><th>{t('versions.at')}</th><th>{t('versions.by')}</th><th>{t('versions.note')}</th><th /></tr></thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version} data-testid={`version-${v.version}`}>
                <td>v{v.version}</td>
                <td>{new Date(v.publishedAt).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')}</td>
                <td>{v.publishedBy ?? '—'}</td>
                <td>{decodeNote(v.note)}</td>
                <td>{v.version !== published && !readOnly && <button type="button" data-testid={`rollback-${v.version}`} onClick={() => void restore(v.version)}>{t('versions.rollback')}</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="lt-compare">
        <strong>{t('versions.compare')}</strong>
        <label>{t('versions.from')} <select value={from} onChange={(e) => setFrom(e.target.value)} data-testid="diff-from">
          {options.map((o) => <option key={o} value={o}>{o === 'draft' ? t('flows.draft') : `v${o}`}</option>)}
        </select></label>
        <label>{t('versions.to')} <select value={to} onChange={(e) => setTo(e.target.value)} data-testid="diff-to">
          {options.map((o) => <option key={o} value={o}>{o === 'draft' ? t('flows.draft') : `v${o}`}</option>)}
        </select></label>
        <button type="button" data-testid="show-diff" disabled={!from || !to || from === to} onClick={() => void show()}>{t('versions.showDiff')}</button>
      </div>
    </div>
  );
}
