// A link on the canvas: React Flow's step path and arrow, and its label on the path where
// linkLabels.ts placed it, or raised above the cards while the link or an end is hovered or selected.

import { memo, useCallback, useState } from 'react';
import { BaseEdge, EdgeLabelRenderer, type Edge, type EdgeProps, getSmoothStepPath, useStore, type ReactFlowState } from '@xyflow/react';
import { type LinkData, pointAt, stepPoints } from './linkLabels';

function LinkEdgeView({ id, source, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition,
  markerEnd, selected, data, interactionWidth }: EdgeProps<Edge<LinkData>>) {
  const [path] = getSmoothStepPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const [hovered, setHovered] = useState(false);
  const endSelected = useStore(useCallback((s: ReactFlowState) =>
    !!(s.nodeLookup.get(source)?.selected || s.nodeLookup.get(target)?.selected), [source, target]));
  const text = data?.text ?? '';
  const placed = data?.spot ?? null;
  const asked = hovered || !!selected || endSelected;
  const shown = text !== '' && (placed !== null || asked);
  const at = shown ? pointAt(stepPoints({ x: sourceX, y: sourceY }, { x: targetX, y: targetY }), placed ?? 0.5) : null;
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} interactionWidth={0} />
      <path d={path} className="link-hover" fill="none" strokeOpacity={0} strokeWidth={interactionWidth ?? 20}
        onMouseEnter={() => setHovered(true)} onMouseLeave={() => setHovered(false)} />
      {at && (
        <EdgeLabelRenderer>
          <div className={`link-label${asked ? ' link-label-raised' : ''}`} data-testid={`label-${id}`} title={text}
            style={{ transform: `translate(-50%, -50%) translate(${at.x}px, ${at.y}px)` }}>{text}</div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const LinkEdge = memo(LinkEdgeView);

export const EDGE_TYPES = { link: LinkEdge };
