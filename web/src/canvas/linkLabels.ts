// Where a link's label goes: on the link's own path, at the first spot from its middle outwards
// where it covers no card and no label placed before it. A label with no such spot is shown only
// when the link or one of its ends is hovered or selected, so that stacked cards stay readable.

import { Position, getSmoothStepPath } from '@xyflow/react';
import type { Box } from '../model/layout';

export interface Point { x: number; y: number }

/** What a link edge carries: its label, and where on its path it sits (null: only on demand). */
export interface LinkData extends Record<string, unknown> { text: string; spot: number | null }

/** The label's style in styles.css (.link-label): 10px text, padded, at most this wide. */
export const LABEL_MAX_W = 160;
export const LABEL_H = 16;
const CHAR_W = 6.2;     // wider than system-ui's average at 10px, so that an estimate covers the text
const CLEARANCE = 4;
/** Fractions of the path's length tried in turn, from the middle outwards. */
const SPOTS = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.12, 0.88];

export const labelWidth = (text: string) => Math.min(LABEL_MAX_W, Math.ceil(text.length * CHAR_W) + 10);

/** The corners of React Flow's step path from a card's right side to another's left side. */
export function stepPoints(from: Point, to: Point): Point[] {
  const [path] = getSmoothStepPath({ sourceX: from.x, sourceY: from.y, sourcePosition: Position.Right,
    targetX: to.x, targetY: to.y, targetPosition: Position.Left, borderRadius: 0 });
  const nums = path.match(/-?\d+(\.\d+)?(e-?\d+)?/g)!.map(Number);
  const pts: Point[] = [];
  for (let i = 0; i + 1 < nums.length; i += 2) pts.push({ x: nums[i], y: nums[i + 1] });
  return pts;
}

/** The point at a fraction of a polyline's length. */
export function pointAt(pts: readonly Point[], t: number): Point {
  const lens = pts.slice(1).map((p, i) => Math.hypot(p.x - pts[i].x, p.y - pts[i].y));
  let left = t * lens.reduce((a, b) => a + b, 0);
  for (let i = 0; i < lens.length; i++) {
    if (left <= lens[i] && lens[i] > 0) {
      const f = left / lens[i];
      return { x: pts[i].x + (pts[i + 1].x - pts[i].x) * f, y: pts[i].y + (pts[i + 1].y - pts[i].y) * f };
    }
    left -= lens[i];
  }
  return pts[pts.length - 1];
}

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width + CLEARANCE && b.x < a.x + a.width + CLEARANCE && a.y < b.y + b.height + CLEARANCE && b.y < a.y + a.height + CLEARANCE;

export const labelBox = (c: Point, text: string): Box => {
  const w = labelWidth(text);
  return { x: c.x - w / 2, y: c.y - LABEL_H / 2, width: w, height: LABEL_H };
};

export interface LabelledLink { key: string; from: string; to: string; text: string }

/**
 * The fraction of its path at which each link's label sits, or null for a label shown only on
 * demand. Boxes are in diagram coordinates: `ends` of every element a link may join (API boxes
 * included), `cards` those a label must not cover. Links run from the right side of one box to
 * the left side of another, as the canvas draws them. Labels are placed in the order given.
 */
export function placeLabels(links: readonly LabelledLink[], ends: ReadonlyMap<string, Box>, cards: readonly Box[]): Map<string, number | null> {
  const taken: Box[] = [...cards];
  const out = new Map<string, number | null>();
  for (const l of links) {
    const a = ends.get(l.from), b = ends.get(l.to);
    if (!a || !b) { out.set(l.key, null); continue; }
    const pts = stepPoints({ x: a.x + a.width, y: a.y + a.height / 2 }, { x: b.x, y: b.y + b.height / 2 });
    const t = SPOTS.find((s) => !taken.some((o) => overlaps(labelBox(pointAt(pts, s), l.text), o))) ?? null;
    if (t !== null) taken.push(labelBox(pointAt(pts, t), l.text));
    out.set(l.key, t);
  }
  return out;
}
