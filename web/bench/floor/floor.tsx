// The benchmark's floor: React Flow alone with the canvas's nodes and edges for a diagram
// (#/diagrams/ID/ELEMENT: the view brought to ELEMENT as a search does), controlled as the canvas
// is, without cards, decorations, minimap or panels.
// bench/web-canvas.mjs builds it with Vite and drives it as it drives the canvas.

import { StrictMode, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ReactFlow, applyNodeChanges, type Edge, type ReactFlowInstance, type Node, type NodeChange } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { boundsOf } from '../../src/canvas/bounds';
import { NO_DECORATIONS, toFlowEdges, toFlowNodes } from '../../src/canvas/toFlow';
import type { Diagram } from '../../src/model/diagram';

function plain(d: Diagram): { nodes: Node[]; edges: Edge[] } {
  const nodes = toFlowNodes(d, NO_DECORATIONS, new Set()).map((n): Node => ({
    id: n.id, position: n.position, width: n.width, height: n.height, parentId: n.parentId, zIndex: n.zIndex,
    type: n.type === 'apiGroup' ? 'group' : 'default', data: { label: n.data.node.name ?? n.id },
  }));
  // React Flow's own step edges, labelled where the canvas shows a label without being asked.
  const edges = toFlowEdges(d, new Set()).map((e) => ({ ...e, type: 'smoothstep', label: e.data?.spot != null ? e.data.text : undefined }));
  return { nodes, edges };
}

function Floor({ diagram, focus }: { diagram: Diagram; focus: string }) {
  const [{ nodes: first, edges }] = useState(() => plain(diagram));
  const [nodes, setNodes] = useState(first);
  const onInit = useCallback((rf: ReactFlowInstance) => {
    const b = boundsOf(first, new Set([focus]));
    if (b) void rf.fitBounds(b, { padding: 0.1 });
  }, [first, focus]);
  const onNodesChange = useCallback((ch: NodeChange[]) => setNodes((ns) => applyNodeChanges(ch, ns)), []);
  return (
    // Where the editor puts its canvas (between the toolbar, the palette and the panels), so that
    // the same elements are in view.
    <div style={{ position: 'fixed', top: 45, left: 170, right: 360, bottom: 0 }}>
      <ReactFlow nodes={nodes} edges={edges} onNodesChange={onNodesChange} onInit={onInit}
        minZoom={0.1} onlyRenderVisibleElements={nodes.length > 200} />
    </div>
  );
}

function Page() {
  const [diagram, setDiagram] = useState<Diagram | null>(null);
  const [, id, focus] = /#\/diagrams\/(\d+)\/?(.*)/.exec(window.location.hash) ?? [];
  useEffect(() => void fetch(`/api/diagrams/${id}`).then((r) => r.json()).then(setDiagram), [id]);
  return diagram ? <Floor diagram={diagram} focus={focus} /> : null;
}

createRoot(document.getElementById('root')!).render(<StrictMode><Page /></StrictMode>);
