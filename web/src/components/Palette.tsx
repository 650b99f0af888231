// The palette: drag an element onto the canvas, or press Enter on it to add it in the middle.

import { PALETTE, type PaletteItem } from '../model/kinds';

export const PALETTE_MIME = 'application/x-archway-palette';

export function Palette({ onAdd }: { onAdd: (item: PaletteItem) => void }) {
  return (
    <nav className="palette" aria-label="Palette">
      {PALETTE.map((g) => (
        <section key={g.title}>
          <h2>{g.title}</h2>
          <ul>
            {g.items.map((i) => (
              <li key={i.key}>
                <button type="button" draggable className={`palette-item kind-${i.kind}`} data-testid={`palette-${i.key}`}
                  onDragStart={(e) => { e.dataTransfer.setData(PALETTE_MIME, i.key); e.dataTransfer.effectAllowed = 'copy'; }}
                  onClick={() => onAdd(i)} title={`Drag onto the canvas, or click to add a ${i.label}`}>
                  {i.label}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}
