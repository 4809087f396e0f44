import { useDesigner } from '../store/designer-store.js';
import { useT } from '../i18n/lang.js';

/** Every problem of the draft; clicking one selects and centres its node. */
export function ProblemsPanel() {
  const { t, lang } = useT();
  const problems = useDesigner((s) => s.problems);
  const focusNode = useDesigner((s) => s.focusNode);
  if (problems.length === 0) return <p className="lt-ok" data-testid="problems-none">{t('problems.none')}</p>;
  return (
    <ul className="lt-problems" data-testid="problems-list">
      {problems.map((p, i) => (
        <li key={`${p.code}-${p.pointer ?? ''}-${i}`} className={p.severity}>
          <button type="button" data-testid={`problem-${i}`} data-code={p.code} data-node={p.nodeId ?? ''}
            onClick={() => p.nodeId && focusNode(p.nodeId)}>
            <span className="lt-sev">{p.severity === 'error' ? t('problems.error') : t('problems.warning')}</span>
            <span>{p.message[lang]}</span>
            <code>{p.code}{p.pointer ? ` · ${p.pointer}` : ''}</code>
          </button>
        </li>
      ))}
    </ul>
  );
}
