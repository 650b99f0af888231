// The panels a first draw of the canvas does not need, each in a chunk of its own (the simulate
// panel brings Recharts): loaded when first shown, and fetched ahead while the browser is idle
// after the canvas is drawn, so that opening one does not wait for the network.

import { lazy } from 'react';

const LOADERS = {
  simulate: () => import('./SimulatePanel'),
  revisions: () => import('./RevisionsPanel'),
  exports: () => import('./ExportMenu'),
};

export const SimulatePanel = lazy(() => LOADERS.simulate().then((m) => ({ default: m.SimulatePanel })));
export const RevisionsPanel = lazy(() => LOADERS.revisions().then((m) => ({ default: m.RevisionsPanel })));
export const ExportMenu = lazy(() => LOADERS.exports().then((m) => ({ default: m.ExportMenu })));

/** Fetches every lazy panel once the page has nothing better to do; a second call does nothing. */
let preloaded = false;
export function preloadPanels() {
  if (preloaded) return;
  preloaded = true;
  const load = () => Object.values(LOADERS).forEach((f) => void f().catch(() => { /* loaded again when shown */ }));
  if ('requestIdleCallback' in window) window.requestIdleCallback(load, { timeout: 2000 });
  else setTimeout(load, 500);
}
