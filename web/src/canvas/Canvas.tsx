// The drawing surface: React Flow with the diagram's elements and links. Drags stay inside React
// Flow's own state until they end (so a 300-element drag re-renders one node), then become one
// undoable change; connections are checked against the link table while they are dragged.

import { type DragEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Background, Controls, MiniMap, ReactFlow, applyEdgeChanges, applyNodeChanges, useConnection, useReactFlow,
  type Connection, type Edge, type EdgeChange, type Node, type NodeChange, type OnSelectionChangeParams,
} from '@xyflow/react';
import { type Diagram, findNode } from '../model/diagram';
import { connect, refusal } from '../model/connections';
import { moveElements } from '../model/edit';
import { groupBoxes, groupAt, NODE_W, NODE_H } from '../model/layout';
import { boundsOf } from './bounds';
import { paletteItem, type PaletteItem } from '../model/kinds';
import { type Decorations, type ElementData, centreOf, keepUnchanged, toFlowEdges, toFlowNodes } from './toFlow';
import { NODE_TYPES } from './ElementNode';
import { EDGE_TYPES } from './LinkEdge';
import { PALETTE_MIME } from '../components/Palette';

export interface CanvasProps {
  diagram: Diagram;
  decorations: Decorations;
  readOnly: boolean;
  onChange: (f: (d: Diagram) => Diagram) => void;
  onSelection: (nodes: string[], edges: string[]) => void;
  onAdd: (item: PaletteItem, centre: { x: number; y: number }, api?: string) => void;
  onMessage: (m: string) => void;
  focus: Focus | null;
}

// React Flow copies each of its props into its store when it changes by identity, and every
// change wakes every element's subscription: props are constants or memoised, so that a drag step
// changes the nodes and nothing else.
const FIT_VIEW = { padding: 0.15, maxZoom: 1 };
const PRO = { hideAttribution: true };
const MULTI_SELECT = ['Meta', 'Control'];
const LARGE = 200;

// The overview redraws every element at each pan and zoom step: square, unstroked boxes paint
// in a fraction of the time rounded, stroked ones take without a GPU (at that scale they look alike).
const minimapColour = (n: Node) => (n.type === 'apiGroup' ? '#e6def4' : '#aab3c0');

function allowDrop(e: DragEvent) {
  e.preventDefault();
  e.dataTransfer.dropEffect = 'copy';
}

/** A request to select elements and bring them into view; each new seq is applied once, when they are drawn. */
export interface Focus { ids: string[]; seq: number }

/** While a connection is dragged over an element, says whether it may connect and why not. */
function ConnectionHint({ diagram }: { diagram: Diagram }) {
  const c = useConnection();
  if (!c.inProgress || !c.fromNode) return null;
  if (!c.toNode) return <div className="connection-hint" role="status">Drop on an element to connect {c.fromNode.id}</div>;
  const why = refusal(diagram, c.fromNode.id, c.toNode.id);
  return (
    <div className={`connection-hint ${why ? 'refused' : 'allowed'}`} role="status" data-testid="connection-hint">
      {why ? `Cannot connect: ${why}` : `Connect ${c.fromNode.id} → ${c.toNode.id}`}
    </div>
  );
}

export function Canvas({ diagram, decorations, readOnly, onChange, onSelection, onAdd, onMessage, focus }: CanvasProps) {
  const rf = useReactFlow();
  const lastDerived = useRef<Node<ElementData>[]>([]);
  const derivedNodes = useMemo(() => (lastDerived.current = keepUnchanged(lastDerived.current, toFlowNodes(diagram, decorations, new Set()))),
    [diagram, decorations]);
  const derivedEdges = useMemo(() => toFlowEdges(diagram, new Set()), [diagram]);
  const [nodes, setNodes] = useState<Node<ElementData>[]>(derivedNodes);
  const [edges, setEdges] = useState<Edge[]>(derivedEdges);

  // A new document keeps what was selected.
  useEffect(() => setNodes((prev) => {
    const sel = new Set(prev.filter((n) => n.selected).map((n) => n.id));
    return sel.size ? derivedNodes.map((n) => (sel.has(n.id) ? { ...n, selected: true } : n)) : derivedNodes;
  }), [derivedNodes]);
  useEffect(() => setEdges((prev) => {
    const sel = new Set(prev.filter((e) => e.selected).map((e) => e.id));
    return sel.size ? derivedEdges.map((e) => (sel.has(e.id) ? { ...e, selected: true } : e)) : derivedEdges;
  }), [derivedEdges]);

  // Selection goes through this component's own node state, so that it lands after a new document's nodes.
  const focused = useRef(0);
  useEffect(() => {
    if (!focus || focus.seq === focused.current || !focus.ids.every((id) => derivedNodes.some((n) => n.id === id))) return;
    focused.current = focus.seq;
    const want = new Set(focus.ids);
    setNodes((ns) => ns.map((n) => (n.selected === want.has(n.id) ? n : { ...n, selected: want.has(n.id) })));
    setEdges((es) => es.map((e) => (e.selected ? { ...e, selected: false } : e)));
    // Bounds from our own nodes: React Flow knows nothing of elements it has not drawn (off screen at 300 elements).
    const bounds = boundsOf(derivedNodes, want);
    if (bounds) void rf.fitBounds(bounds, { padding: 0.1, duration: 250 });
  }, [focus, derivedNodes, rf]);

  const onNodesChange = useCallback((ch: NodeChange<Node<ElementData>>[]) =>
    setNodes((ns) => applyNodeChanges(ch.filter((c) => c.type !== 'remove'), ns)), []);
  const onEdgesChange = useCallback((ch: EdgeChange[]) => setEdges((es) => applyEdgeChanges(ch.filter((c) => c.type !== 'remove'), es)), []);

  const onDragStop = useCallback((_e: unknown, _n: Node, dragged: Node[]) => {
    const boxes = groupBoxes(diagram);
    const moves = new Map<string, { x: number; y: number }>();
    const parentPos = (id?: string) => (id ? rf.getNode(id)?.position : undefined);
    for (const n of dragged) {
      const box = boxes.get(n.id);
      if (box) {
        // An API: it and its members move by what the box moved.
        const dx = n.position.x - box.x;
        const dy = n.position.y - box.y;
        const api = findNode(diagram, n.id);
        const c = api?.position ?? { x: box.x + box.width / 2, y: box.y + box.height / 2 };
        moves.set(n.id, { x: c.x + dx, y: c.y + dy });
        for (const m of diagram.nodes) {
          if ((m.kind === 'route' || m.kind === 'stage') && m.api === n.id && !dragged.some((x) => x.id === m.id)) {
            const child = rf.getNode(m.id);
            if (child) moves.set(m.id, centreOf(child.position, n.position));
          }
        }
      } else {
        moves.set(n.id, centreOf(n.position, parentPos(n.parentId)));
      }
    }
    onChange((d) => moveElements(d, moves));
  }, [diagram, onChange, rf]);

  const isValidConnection = useCallback((c: Connection | Edge) => refusal(diagram, c.source, c.target) === null, [diagram]);
  const onSelectionDragStop = useCallback((e: unknown, ns: Node[]) => onDragStop(e, ns[0], ns), [onDragStop]);

  const onConnect = useCallback((c: Connection) => {
    const why = refusal(diagram, c.source, c.target);
    if (why) onMessage(`Cannot connect: ${why}`);
    else onChange((d) => connect(d, c.source, c.target));
  }, [diagram, onChange, onMessage]);

  const onDrop = useCallback((e: DragEvent) => {
    const key = e.dataTransfer.getData(PALETTE_MIME);
    const item = key ? paletteItem(key) : undefined;
    if (!item) return;
    e.preventDefault();
    const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    const api = item.kind === 'route' || item.kind === 'stage' ? groupAt(groupBoxes(diagram), p) : undefined;
    onAdd(item, { x: Math.round(p.x), y: Math.round(p.y) }, api);
  }, [diagram, onAdd, rf]);

  // A large diagram draws only what is in view, and no dot grid: without a GPU the grid's pattern,
  // redrawn at every pan and zoom step, took about as long as everything else in view.
  const large = nodes.length > LARGE;

  const onSelectionChange = useCallback((p: OnSelectionChangeParams) =>
    onSelection(p.nodes.map((n) => n.id), p.edges.map((e) => e.id)), [onSelection]);

  return (
    <div className="canvas" onDragOver={allowDrop} onDrop={onDrop}>
      <ReactFlow
        nodes={nodes} edges={edges} nodeTypes={NODE_TYPES} edgeTypes={EDGE_TYPES}
        onNodesChange={onNodesChange} onEdgesChange={onEdgesChange}
        onNodeDragStop={onDragStop} onSelectionDragStop={onSelectionDragStop}
        onConnect={onConnect} isValidConnection={isValidConnection}
        onSelectionChange={onSelectionChange}
        nodesDraggable={!readOnly} nodesConnectable={!readOnly} elementsSelectable
        deleteKeyCode={null} selectionKeyCode="Shift" multiSelectionKeyCode={MULTI_SELECT}
        onlyRenderVisibleElements={large}
        minZoom={0.1} fitView fitViewOptions={FIT_VIEW} proOptions={PRO}
      >
        {!large && <Background gap={24} />}
        <MiniMap pannable zoomable ariaLabel="Overview of the diagram" nodeColor={minimapColour} nodeStrokeWidth={0} nodeBorderRadius={0} />
        <Controls />
        <ConnectionHint diagram={diagram} />
      </ReactFlow>
    </div>
  );
}

export { NODE_W, NODE_H };
