import { useEffect, useRef, useState } from 'react';
import { exportJourney } from '../../api.ts';
import type { JourneyMap, MetricsReport } from '../../types.ts';
import { svgToPdf, svgToPng } from './raster.ts';
import { type MapPictureContext, renderMapSvg } from './render-map-svg.ts';

type Format = 'png' | 'svg' | 'pdf' | 'json';

const FORMATS: ReadonlyArray<{ format: Format; label: string; hint: string }> = [
  { format: 'png', label: 'PNG image', hint: 'for slides and chats' },
  { format: 'svg', label: 'SVG drawing', hint: 'scales without blur' },
  { format: 'pdf', label: 'PDF page', hint: 'for printing and sharing' },
  { format: 'json', label: 'Journey file (JSON)', hint: 'to import into a workspace' },
];

function download(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: some browsers start the download after the click handler returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const fileBase = (name: string) =>
  name.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '') || 'journey';

/**
 * Export of the map on screen: as a picture (PNG, SVG, PDF) with the measurements of the current
 * filter, or as a journey file that `Import` on the journeys page recreates.
 */
export function ExportMenu({
  map,
  metrics,
  context,
}: {
  map: JourneyMap;
  metrics: MetricsReport | undefined;
  context: Omit<MapPictureContext, 'generatedAt'>;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<Format | null>(null);
  const [error, setError] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (
        e instanceof KeyboardEvent ? e.key === 'Escape' : !root.current?.contains(e.target as Node)
      ) {
        setOpen(false);
      }
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  const run = async (format: Format) => {
    setBusy(format);
    setError(null);
    try {
      const base = fileBase(map.name);
      if (format === 'json') {
        const file = await exportJourney(map.id);
        const text = `${JSON.stringify(file, null, 2)}\n`;
        download(new Blob([text], { type: 'application/json' }), `${base}.journey.json`);
      } else {
        const svg = renderMapSvg(map, metrics, { ...context, generatedAt: new Date() });
        const blob =
          format === 'svg'
            ? new Blob([svg], { type: 'image/svg+xml' })
            : format === 'png'
              ? await svgToPng(svg)
              : await svgToPdf(svg);
        download(blob, `${base}.${format}`);
      }
      setOpen(false);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="export-menu" ref={root}>
      <button
        type="button"
        className="button"
        aria-haspopup="true"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        Export
      </button>
      {open && (
        <fieldset className="export-options">
          <legend className="visually-hidden">Export the journey map</legend>
          {FORMATS.map((f) => (
            <button
              key={f.format}
              type="button"
              className="export-option"
              disabled={busy !== null}
              onClick={() => void run(f.format)}
            >
              <span>{busy === f.format ? 'Preparing…' : f.label}</span>
              <small>{f.hint}</small>
            </button>
          ))}
          {!metrics && <p className="hint">Pictures show measurements once they have loaded.</p>}
        </fieldset>
      )}
      {error && (
        <p className="inline-error" role="alert">
          Export failed: {error}
        </p>
      )}
    </div>
  );
}
