import { useMemo } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import type { FlowDocument } from '@lienthong/schemas';
import { Canvas } from '../canvas.js';
import { createDesignerStore, DesignerContext, useDesigner, type DesignerState, type RunState } from '../store/designer-store.js';

/** A flow drawn read-only: a version diff (added/removed/changed highlighted) or a run on its own version. */
export function ReadOnlyGraph(props: { doc: FlowDocument; diff?: DesignerState['diff']; run?: RunState | null }) {
  const manifests = useDesigner((s) => s.manifests);
  const store = useMemo(() => {
    const s = createDesignerStore(props.doc, manifests);
    s.setState({ diff: props.diff ?? null, run: props.run ?? null });
    return s;
  }, [props.doc, props.diff, props.run, manifests]);
  return (
    <DesignerContext.Provider value={store}>
      <ReactFlowProvider>
        <Canvas readOnly />
      </ReactFlowProvider>
    </DesignerContext.Provider>
  );
}
