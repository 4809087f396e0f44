import { useEffect, useMemo, useState } from 'react';
import { Background, Controls, MiniMap, ReactFlow, type Edge, type Node } from '@xyflow/react';
import { messages, type Lang } from './messages.js';

interface FlowSummary { key: string; title: { vi: string; en: string }; latestVersion: number }
interface FlowDoc {
  nodes: Record<string, { kind: string; title?: { vi: string; en: string }; ui?: { position?: { x: number; y: number } } }>;
  edges: { id: string; source: string; target: string; sourceHandle?: string }[];
}

/** Read-only view of published flows until the full designer lands (issue 8). */
export function App() {
  const [lang, setLang] = useState<Lang>('vi');
  const t = messages[lang];
  const [flows, setFlows] = useState<FlowSummary[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [doc, setDoc] = useState<FlowDoc | null>(null);

  useEffect(() => {
    fetch('/api/v1/flows').then((r) => r.json() as Promise<FlowSummary[]>).then(setFlows, () => setFailed(true));
  }, []);
  useEffect(() => {
    if (!selected) return;
    fetch(`/api/v1/flows/${selected}`).then((r) => r.json() as Promise<{ document: FlowDoc }>).then((v) => setDoc(v.document), () => setFailed(true));
  }, [selected]);

  const graph = useMemo(() => {
    if (!doc) return { nodes: [] as Node[], edges: [] as Edge[] };
    const nodes: Node[] = Object.entries(doc.nodes).map(([id, n], i) => ({
      id, position: n.ui?.position ?? { x: i * 220, y: 80 }, data: { label: `${n.title?.[lang] ?? id} · ${n.kind}` },
    }));
    const edges: Edge[] = doc.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, label: e.sourceHandle }));
    return { nodes, edges };
  }, [doc, lang]);

  return (
    <div className="lt-app">
      <header>
        <h1>{t.title}</h1>
        <button onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}>{t.lang}</button>
      </header>
      <aside>
        <h2>{t.flows}</h2>
        {failed && <p className="lt-error">{t.error}</p>}
        {!flows && !failed && <p>{t.loading}</p>}
        {flows?.length === 0 && <p>{t.empty}</p>}
        <ul>
          {flows?.map((f) => (
            <li key={f.key}>
              <button className={selected === f.key ? 'selected' : ''} onClick={() => setSelected(f.key)}>
                {f.title[lang]} <small>{t.version} {f.latestVersion}</small>
              </button>
            </li>
          ))}
        </ul>
      </aside>
      <main>
        <ReactFlow nodes={graph.nodes} edges={graph.edges} fitView nodesDraggable={false}>
          <Background />
          <MiniMap />
          <Controls />
        </ReactFlow>
      </main>
    </div>
  );
}
