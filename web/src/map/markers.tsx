import type { DesignedMarker, MeasuredMarker } from '../types.ts';

const DESIGNED: Record<DesignedMarker, { label: string; meaning: string }> = {
  positive: { label: 'Positive', meaning: 'designed to delight' },
  friction: { label: 'Friction', meaning: 'known to be hard for customers' },
  decision: { label: 'Decision', meaning: 'where customers decide to go on or leave' },
  neutral: { label: 'Neutral', meaning: 'no particular intent' },
};

export const designedMarkerLabel = (m: DesignedMarker) => DESIGNED[m].label;

/** The marker the team designed: a labelled shape (so it never relies on colour alone). */
export function DesignedMarkerBadge({ marker }: { marker: DesignedMarker }) {
  const d = DESIGNED[marker];
  return (
    <span
      className={`designed designed-badge-${marker}`}
      title={`Designed: ${d.label.toLowerCase()} — ${d.meaning}`}
    >
      <span className="designed-shape" aria-hidden="true" />
      <span className="visually-hidden">Designed marker: </span>
      {d.label}
    </span>
  );
}

const MEASURED: Record<MeasuredMarker, string> = {
  green: 'Green',
  yellow: 'Yellow',
  red: 'Red',
};

/** The marker the data gives, with its reasons as the tooltip (and for screen readers). */
export function MeasuredMarkerBadge({
  marker,
  reasons,
}: {
  marker: MeasuredMarker | null;
  reasons: string[];
}) {
  const label = marker ? MEASURED[marker] : 'No marker';
  const why =
    reasons.length > 0
      ? reasons.join('; ')
      : marker === 'green'
        ? 'at or better than the journey baseline, no KPI target missed'
        : 'no reasons given';
  return (
    <span
      className={`measured measured-${marker ?? 'none'}`}
      title={`Measured: ${label.toLowerCase()} — ${why}`}
    >
      <span className="measured-dot" aria-hidden="true" />
      <span className="visually-hidden">Measured marker: </span>
      {label}
      <span className="visually-hidden"> ({why})</span>
    </span>
  );
}
