// Exports as downloads: the server's artifacts of the saved revision (OpenAPI per API,
// CloudFormation, DOT, SVG), a PNG drawn from the SVG, and the diagram file itself.

import { useState } from 'react';
import { api, type Artifact } from '../api/client';
import type { DocApi } from '../hooks/useDocument';
import { serializeDiagram } from '../model/diagram';
import { savedRevision } from './tidy';

const EXPORTED = ['openapi', 'cloudformation', 'dot', 'svg'];
const LABEL: Record<string, string> = { openapi: 'OpenAPI', cloudformation: 'CloudFormation', dot: 'DOT', svg: 'SVG' };

function download(href: string, name: string) {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'diagram';

/** The SVG drawn on a canvas at twice its size; a data: URL, which the page's policy allows for images. */
export async function svgToPng(svg: string): Promise<Blob> {
  const img = new Image();
  img.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(svg)))}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth * 2;
  canvas.height = img.naturalHeight * 2;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.drawImage(img, 0, 0, canvas.width, canvas.height);
  return new Promise((ok, fail) => canvas.toBlob((b) => (b ? ok(b) : fail(new Error('PNG encoding failed'))), 'image/png'));
}

export function ExportMenu({ id, doc, onMessage }: { id: number; doc: DocApi; onMessage: (m: string) => void }) {
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<{ rev: number; artifacts: Artifact[] } | null>(null);

  const toggle = async () => {
    if (open) { setOpen(false); return; }
    setOpen(true);
    try {
      const rev = await savedRevision(doc);
      setItems({ rev, artifacts: (await api.artifacts(id, rev)).filter((a) => EXPORTED.includes(a.kind)) });
    } catch (e) {
      setItems(null);
      onMessage(`Exports need a saved revision without errors: ${(e as Error).message}`);
    }
  };

  const png = async () => {
    if (!items) return;
    const svg = items.artifacts.find((a) => a.kind === 'svg');
    if (!svg) return;
    const blob = await svgToPng(await api.artifact(id, items.rev, svg.name));
    const url = URL.createObjectURL(blob);
    download(url, `${slug(doc.present?.name ?? 'diagram')}.png`);
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const file = () => {
    if (!doc.present) return;
    const url = URL.createObjectURL(new Blob([serializeDiagram(doc.present)], { type: 'application/json' }));
    download(url, `${slug(doc.present.name)}.json`);
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <div className="export">
      <button type="button" aria-expanded={open} aria-controls="export-menu" onClick={() => void toggle()}>Export</button>
      {open && (
        <ul id="export-menu" className="menu" aria-label="Exports">
          {items?.artifacts.map((a) => (
            <li key={a.name}>
              <a href={api.artifactUrl(id, items.rev, a.name)} download={a.name} onClick={() => setOpen(false)}>
                {LABEL[a.kind]} <span className="file">{a.name}</span>
              </a>
            </li>
          ))}
          {items?.artifacts.some((a) => a.kind === 'svg') && (
            <li><button type="button" onClick={() => void png().then(() => setOpen(false), (e: Error) => onMessage(e.message))}>PNG <span className="file">picture</span></button></li>
          )}
          <li><button type="button" onClick={() => { file(); setOpen(false); }}>Diagram file <span className="file">.json</span></button></li>
        </ul>
      )}
    </div>
  );
}
