import { useEffect, useRef, useState } from 'react';
import { Icon } from '../components/Icon.tsx';
import { describeEmotion } from '../lib/format.ts';
import type { Stage } from '../types.ts';

const HEIGHT = 120;
const PAD = 22;
const STEP = 1;

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

/** The designed emotion across the stages, spanning all stage columns, with ± buttons per stage. */
export function EmotionLane({
  stages,
  editable,
  onChange,
}: {
  stages: Stage[];
  editable: boolean;
  onChange: (stage: Stage, emotion: number) => Promise<boolean>;
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
          aria-label={`Designed emotion: ${stages.map((s) => `${s.name} ${describeEmotion(emotionOf(s))}`).join(', ')}`}
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
