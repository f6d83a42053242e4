import { useEffect, useRef, useState } from 'react';
import { Icon } from '../components/Icon.tsx';
import { describeEmotion } from '../lib/format.ts';
import type { Stage, StageEmotion } from '../types.ts';

const HEIGHT = 120;
const PAD = 22;
const STEP = 1;
/** The measured curve's colour: apart from the designed curve's green–red gradient. */
const MEASURED = '#2f6fdb';

/** A measured value for reading: "+0.92", "−1.10", "±0.00". */
export const formatMeasured = (value: number) =>
  value > 0 ? `+${value.toFixed(2)}` : value < 0 ? `−${Math.abs(value).toFixed(2)}` : '±0.00';

/** Runs of consecutive points: a stage without data breaks the measured line. */
function runsOf<T>(points: (T | null)[]): T[][] {
  const runs: T[][] = [];
  let run: T[] = [];
  for (const p of points) {
    if (p) run.push(p);
    else if (run.length > 0) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/** −2..+2 → y, +2 at the top. */
const yOf = (emotion: number) => HEIGHT / 2 - (emotion / 2) * (HEIGHT / 2 - PAD);

const colorOf = (emotion: number) =>
  emotion >= 1
    ? '#2e9d5b'
    : emotion > 0
      ? '#6fb58a'
      : emotion === 0
        ? '#7c8799'
        : emotion > -1
          ? '#e08a5b'
          : '#d64545';

/**
 * A smooth curve through the points (Catmull-Rom as cubic Béziers), with the control points kept
 * inside the plot so that the curve never claims a feeling beyond ±2.
 */
export function curvePath(points: { x: number; y: number }[]): string {
  if (points.length === 0) return '';
  if (points.length === 1) return `M${points[0].x},${points[0].y}`;
  const clampY = (y: number) => Math.min(HEIGHT - PAD, Math.max(PAD, y));
  let d = `M${points[0].x},${points[0].y}`;
  for (let i = 0; i < points.length - 1; i++) {
    const p0 = points[i - 1] ?? points[i];
    const p1 = points[i];
    const p2 = points[i + 1];
    const p3 = points[i + 2] ?? p2;
    const c1x = p1.x + (p2.x - p0.x) / 6;
    const c1y = clampY(p1.y + (p2.y - p0.y) / 6);
    const c2x = p2.x - (p3.x - p1.x) / 6;
    const c2y = clampY(p2.y - (p3.y - p1.y) / 6);
    d += ` C${c1x},${c1y} ${c2x},${c2y} ${p2.x},${p2.y}`;
  }
  return d;
}

/**
 * The designed emotion across the stages, spanning all stage columns, with ± buttons per stage;
 * with `measured` (the metrics report's stages), the measured emotion beside it as a dashed line,
 * a legend, and each stage's measured value written out below the plot.
 */
export function EmotionLane({
  stages,
  editable,
  onChange,
  measured,
}: {
  stages: Stage[];
  editable: boolean;
  onChange: (stage: Stage, emotion: number) => Promise<boolean>;
  /** Per stage, the measured emotion (undefined: not loaded or not measured). */
  measured?: readonly StageEmotion[];
}) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(stages.length * 240);
  // Clicks show at once; an entry goes when the saved stage says the same (or the save failed).
  const [pending, setPending] = useState<Record<string, number>>({});

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(entry.contentRect.width);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    setPending((p) => {
      const next = { ...p };
      for (const s of stages) if (next[s.id] === s.lanes.emotion) delete next[s.id];
      return Object.keys(next).length === Object.keys(p).length ? p : next;
    });
  }, [stages]);

  const emotionOf = (s: Stage) => pending[s.id] ?? s.lanes.emotion;
  const column = width / Math.max(1, stages.length);
  const points = stages.map((s, i) => ({ x: column * (i + 0.5), y: yOf(emotionOf(s)) }));
  const line = curvePath(points);
  const first = points[0];
  const last = points[points.length - 1];
  const area = first && last ? `${line} L${last.x},${HEIGHT / 2} L${first.x},${HEIGHT / 2} Z` : '';
  const measuredById = new Map((measured ?? []).map((m) => [m.stageId, m.measuredEmotion]));
  const measuredPoints = stages.map((s, i) => {
    const m = measuredById.get(s.id);
    return m ? { x: column * (i + 0.5), y: yOf(m.value), value: m.value, n: m.n, stage: s } : null;
  });
  const measuredText = (s: Stage) => {
    const m = measuredById.get(s.id);
    return m
      ? `${formatMeasured(m.value)} from ${m.n} text${m.n === 1 ? '' : 's'} and ratings`
      : 'not measured';
  };

  const change = async (stage: Stage, delta: number) => {
    const next = Math.max(-2, Math.min(2, emotionOf(stage) + delta));
    setPending((p) => ({ ...p, [stage.id]: next }));
    const ok = await onChange(stage, next);
    if (!ok) {
      setPending((p) => {
        const { [stage.id]: _dropped, ...rest } = p;
        return rest;
      });
    }
  };

  return (
    <div className="map-cell emotion-lane" style={{ gridColumn: `span ${stages.length}` }}>
      <div ref={box} className="emotion-plot">
        <svg
          width={width}
          height={HEIGHT}
          viewBox={`0 0 ${width} ${HEIGHT}`}
          role="img"
          aria-label={`Designed emotion: ${stages.map((s) => `${s.name} ${describeEmotion(emotionOf(s))}`).join(', ')}${measured ? `. Measured emotion: ${stages.map((s) => `${s.name} ${measuredText(s)}`).join(', ')}` : ''}`}
        >
          <defs>
            <linearGradient
              id="emotion-stroke"
              gradientUnits="userSpaceOnUse"
              x1="0"
              y1={PAD}
              x2="0"
              y2={HEIGHT - PAD}
            >
              <stop offset="0%" stopColor="#2e9d5b" />
              <stop offset="50%" stopColor="#8a94a6" />
              <stop offset="100%" stopColor="#d64545" />
            </linearGradient>
          </defs>
          <line x1="0" x2={width} y1={yOf(2)} y2={yOf(2)} className="emotion-guide" />
          <line x1="0" x2={width} y1={HEIGHT / 2} y2={HEIGHT / 2} className="emotion-zero" />
          <line x1="0" x2={width} y1={yOf(-2)} y2={yOf(-2)} className="emotion-guide" />
          {stages.slice(1).map((s, i) => (
            <line
              key={s.id}
              x1={column * (i + 1)}
              x2={column * (i + 1)}
              y1="0"
              y2={HEIGHT}
              className="emotion-divider"
            />
          ))}
          <path d={area} fill="url(#emotion-stroke)" opacity="0.12" />
          <path
            d={line}
            fill="none"
            stroke="url(#emotion-stroke)"
            strokeWidth="3"
            strokeLinecap="round"
          />
          {runsOf(measuredPoints).map((run) => (
            <path
              key={`measured-${run[0]!.stage.id}`}
              d={curvePath(run)}
              fill="none"
              stroke={MEASURED}
              strokeWidth="2.5"
              strokeDasharray="6 4"
              strokeLinecap="round"
              className="emotion-measured-line"
            />
          ))}
          {measuredPoints.map(
            (p) =>
              p && (
                <rect
                  key={`measured-point-${p.stage.id}`}
                  x={p.x - 5}
                  y={p.y - 5}
                  width="10"
                  height="10"
                  transform={`rotate(45 ${p.x} ${p.y})`}
                  fill="#fff"
                  stroke={MEASURED}
                  strokeWidth="2.5"
                  className="emotion-measured-point"
                >
                  <title>{`${p.stage.name}: measured ${formatMeasured(p.value)} (${p.n})`}</title>
                </rect>
              ),
          )}
          {stages.map((s, i) => {
            const v = emotionOf(s);
            const p = points[i];
            return (
              <g key={s.id}>
                <circle cx={p.x} cy={p.y} r="6.5" fill={colorOf(v)} stroke="#fff" strokeWidth="2" />
                <text
                  x={p.x}
                  y={v >= 0 ? p.y - 11 : p.y + 19}
                  textAnchor="middle"
                  className="emotion-value"
                >
                  {v > 0 ? `+${v}` : v < 0 ? `−${Math.abs(v)}` : '0'}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      {measured && (
        <>
          <p className="emotion-legend">
            <span className="emotion-key emotion-key-designed" aria-hidden="true" /> Designed
            <span className="emotion-key emotion-key-measured" aria-hidden="true" /> Measured from
            sentiment and CSAT
          </p>
          <ul
            className="emotion-measured-values"
            aria-label="Measured emotion per stage"
            style={{ gridTemplateColumns: `repeat(${stages.length}, 1fr)` }}
          >
            {stages.map((s) => {
              const m = measuredById.get(s.id);
              return (
                <li
                  key={s.id}
                  data-stage-id={s.id}
                  title={
                    m
                      ? `Sentiment ${m.fromSentiment === null ? '—' : formatMeasured(m.fromSentiment)} (${m.sentimentN} texts), CSAT ${m.fromCsat === null ? '—' : formatMeasured(m.fromCsat)} (${m.csatN} responses), on the −2..+2 scale`
                      : 'No texts or CSAT responses in range'
                  }
                >
                  <span className="visually-hidden">{s.name}: </span>
                  Measured {m ? <strong>{formatMeasured(m.value)}</strong> : '—'}
                  {m && <span className="muted"> · n {m.n}</span>}
                </li>
              );
            })}
          </ul>
        </>
      )}
      {editable && (
        <div
          className="emotion-controls"
          style={{ gridTemplateColumns: `repeat(${stages.length}, 1fr)` }}
        >
          {stages.map((s) => {
            const v = emotionOf(s);
            return (
              <fieldset key={s.id} className="emotion-control">
                <legend className="visually-hidden">Emotion in {s.name}</legend>
                <button
                  type="button"
                  className="icon-button"
                  disabled={v <= -2}
                  onClick={() => void change(s, -STEP)}
                  title="Less positive"
                >
                  <Icon name="down" />
                  <span className="visually-hidden">
                    Lower the emotion in {s.name} (now {describeEmotion(v)})
                  </span>
                </button>
                <span className="emotion-word" aria-hidden="true">
                  {describeEmotion(v).replace(/^\S+\s*/, '')}
                </span>
                <button
                  type="button"
                  className="icon-button"
                  disabled={v >= 2}
                  onClick={() => void change(s, STEP)}
                  title="More positive"
                >
                  <Icon name="up" />
                  <span className="visually-hidden">
                    Raise the emotion in {s.name} (now {describeEmotion(v)})
                  </span>
                </button>
              </fieldset>
            );
          })}
        </div>
      )}
    </div>
  );
}
