import { useMemo, useState, type DragEvent } from 'react';
import { useReactFlow } from '@xyflow/react';
import { groupPalette, paletteItems, type PaletteItem } from '../model/palette.js';
import { placeNewNode } from '../model/placement.js';
import { useDesigner, useDesignerStore } from '../store/designer-store.js';
import { useT } from '../i18n/lang.js';
import { both, label } from '../i18n/messages.js';
import { PALETTE_MIME } from '../canvas.js';
import { NodeIcon } from '../nodes/node-icon.js';

export function Palette() {
  const { t, pick, lang } = useT();
  const store = useDesignerStore();
  const manifests = useDesigner((s) => s.manifests);
  const hasTrigger = useDesigner((s) => s.nodes.some((n) => n.data.body.kind === 'trigger'));
  const [query, setQuery] = useState('');
  const rf = useReactFlow();
  const items = useMemo(() => paletteItems(manifests), [manifests]);
  const groups = useMemo(() => groupPalette(items, query, (k) => both(`kind.${k}` as 'kind.trigger')), [items, query]);

  const titleOf = (it: PaletteItem) => (it.type === 'kind' ? t(`kind.${it.kind}`) : pick(it.title));
  const disabled = (it: PaletteItem) => it.type === 'kind' && it.kind === 'trigger' && hasTrigger;
  const onDragStart = (e: DragEvent, it: PaletteItem) => {
    e.dataTransfer.setData(PALETTE_MIME, it.key);
    e.dataTransfer.effectAllowed = 'copy';
  };
  const addAtCentre = (it: PaletteItem) => {
    const box = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
    const centre = rf.screenToFlowPosition(box ? { x: box.left + box.width / 2, y: box.top + box.height / 2 } : { x: 400, y: 300 });
    store.getState().addNode(it, placeNewNode(store.getState().nodes, centre));
  };

  return (
    <aside className="lt-palette" data-testid="palette">
      <h2>{t('palette.title')}</h2>
      <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('palette.search')} data-testid="palette-search" aria-label={t('palette.search')} />
      <p className="lt-hint">{t('palette.hint')}</p>
      {groups.length === 0 && <p className="lt-hint">{t('palette.none')}</p>}
      {groups.map((g) => (
        <section key={g.group} data-testid={`palette-group-${g.group}`}>
          <h3>{label(lang, `group.${g.group}`, g.group)}</h3>
          <ul>
            {g.items.map((it) => (
              <li key={it.key}>
                <button type="button" className="lt-palette-item" draggable={!disabled(it)} disabled={disabled(it)}
                  title={disabled(it) ? t('palette.oneTrigger') : (it.type === 'connector' ? `${it.connector.id}@${it.connector.version}\n${pick(it.description)}` : titleOf(it))}
                  data-testid={`palette-item-${it.key}`}
                  onDragStart={(e) => onDragStart(e, it)} onDoubleClick={() => addAtCentre(it)}
                  onKeyDown={(e) => { if (e.key === 'Enter') addAtCentre(it); }}>
                  <span aria-hidden>{it.type === 'kind' ? <NodeIcon kind={it.kind} /> : <NodeIcon kind="call" category={it.group} />}</span> {titleOf(it)}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
}
