import { formatCount, formatHours, formatRate } from '../../lib/format.ts';
import type {
  JourneyMap,
  MetricsReport,
  Stage,
  Touchpoint,
  TouchpointMetrics,
} from '../../types.ts';

/** What the picture shows besides the map itself: the filter it was measured with. */
export interface MapPictureContext {
  personaName: string | null;
  from: string | null;
  to: string | null;
  generatedAt: Date;
}

// The map's palette (styles.css), so that the picture reads like the screen.
const C = {
  bg: '#f4f6f9',
  surface: '#ffffff',
  muted: '#f8fafc',
  border: '#dde3ea',
  text: '#1c2533',
  textMuted: '#5b6778',
  faint: '#8a94a4',
  primary: '#1f5c99',
  green: '#2e9d5b',
  yellow: '#d99a12',
  red: '#d64545',
};
const MEASURED_COLOR = { green: C.green, yellow: C.yellow, red: C.red } as const;
const DESIGNED_LABEL = {
  positive: 'Positive',
  friction: 'Friction',
  decision: 'Decision',
  neutral: 'Neutral',
} as const;
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

const LABEL_W = 150;
const STAGE_W = 236;
const PAD = 24;
const LINE = 17;
const CARD_H = 96;
const CARD_GAP = 8;
/** Average advance of a 12.5px system-ui glyph; wrapping is by estimate (no layout engine). */
const CHAR_W = 6.7;

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Greedy word wrap to `width` pixels, at most `maxLines`, the last one ellipsized if cut. */
export function wrap(text: string, width: number, maxLines: number): string[] {
  const perLine = Math.max(4, Math.floor(width / CHAR_W));
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const next = line ? `${line} ${word}` : word;
    if (next.length <= perLine) {
      line = next;
      continue;
    }
    if (line) lines.push(line);
    line = word.length > perLine ? `${word.slice(0, perLine - 1)}…` : word;
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    const last = kept[maxLines - 1]!;
    kept[maxLines - 1] = `${last.slice(0, Math.max(0, perLine - 1))}…`;
    return kept;
  }
  return lines;
}

function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${x}" y="${y}" ${attrs}>${esc(content)}</text>`;
}

/** The bulleted items of a text lane in one stage cell, wrapped. */
function listLines(items: readonly string[], width: number): string[] {
  const out: string[] = [];
  for (const item of items) {
    const lines = wrap(item, width - 12, 3);
    lines.forEach((l, i) => {
      out.push(i === 0 ? `• ${l}` : `  ${l}`);
    });
  }
  return out;
}

function card(tp: Touchpoint, m: TouchpointMetrics | undefined, x: number, y: number, w: number) {
  const parts: string[] = [];
  parts.push(
    `<rect x="${x}" y="${y}" width="${w}" height="${CARD_H}" rx="8" fill="${C.surface}" stroke="${C.border}"/>`,
  );
  const color = m?.measuredMarker ? MEASURED_COLOR[m.measuredMarker] : C.faint;
  parts.push(`<rect x="${x}" y="${y}" width="4" height="${CARD_H}" rx="2" fill="${color}"/>`);
  // Names are bold: wrap them a little narrower than the estimate for regular text.
  const name = wrap(tp.name, w - 34, 1)[0] ?? '';
  parts.push(text(x + 12, y + 19, name, `font-weight="600" font-size="13" fill="${C.text}"`));
  const who = [tp.channel, tp.owner].filter(Boolean).join(' · ');
  parts.push(text(x + 12, y + 36, wrap(who, w - 24, 1)[0] ?? '', `fill="${C.textMuted}"`));
  // Designed marker as a word, measured marker as a coloured dot with its word: never colour alone.
  const designed = `Designed ${DESIGNED_LABEL[tp.designedMarker]}`;
  parts.push(text(x + 12, y + 54, designed, `fill="${C.textMuted}"`));
  const measured = m?.measuredMarker
    ? m.measuredMarker[0]!.toUpperCase() + m.measuredMarker.slice(1)
    : 'No marker';
  const mx = x + w - 12 - measured.length * CHAR_W;
  parts.push(`<circle cx="${mx - 9}" cy="${y + 50}" r="5" fill="${color}"/>`);
  parts.push(text(mx, y + 54, measured, `fill="${C.text}"`));
  const figures = m
    ? `Reach ${formatCount(m.reach)} · Conv ${formatRate(m.conversionRate)} · Drop ${formatRate(m.dropOffRate)}`
    : 'No measurements';
  parts.push(text(x + 12, y + 72, wrap(figures, w - 24, 1)[0] ?? '', `fill="${C.text}"`));
  if (m) {
    parts.push(
      text(
        x + 12,
        y + 88,
        `Median to next ${formatHours(m.medianHoursToNext)}`,
        `fill="${C.faint}"`,
      ),
    );
  }
  return parts.join('');
}

/**
 * The journey map as a standalone SVG document: stages as columns; lanes for actions, thoughts,
 * the designed emotion curve, touchpoints (designed and measured markers side by side, with their
 * key figures), pain points and opportunities, as on screen. Pure: the same inputs give the same
 * text, which the PNG and PDF exports rasterize.
 *
 * @example renderMapSvg(map, report, { personaName: null, from, to, generatedAt: new Date() })
 */
export function renderMapSvg(
  map: JourneyMap,
  report: MetricsReport | undefined,
  ctx: MapPictureContext,
): string {
  const stages = map.stages;
  const byStage = new Map<string, Touchpoint[]>(stages.map((s) => [s.id, []]));
  for (const tp of map.touchpoints) byStage.get(tp.stageId)?.push(tp);
  const metrics = new Map((report?.touchpoints ?? []).map((m) => [m.touchpointId, m]));
  const funnel = new Map((report?.journey.stageFunnel ?? []).map((f) => [f.stageId, f]));
  const cellW = STAGE_W - 16;
  const width = PAD * 2 + LABEL_W + Math.max(1, stages.length) * STAGE_W;

  const out: string[] = [];
  let y = PAD;
  out.push(text(PAD, y + 22, map.name, `font-size="22" font-weight="700" fill="${C.text}"`));
  y += 36;
  const sub = [
    map.goal
      ? `Conversion: ${map.goal.event} within ${map.settings.conversionWindowDays} days`
      : '',
    ctx.personaName ? `Persona: ${ctx.personaName}` : 'All customers',
    ctx.from && ctx.to ? `${ctx.from.slice(0, 10)} – ${ctx.to.slice(0, 10)}` : '',
    report
      ? `${formatCount(report.journey.customers)} customers · ${formatRate(report.journey.conversionRate)} converted`
      : '',
  ].filter(Boolean);
  out.push(text(PAD, y + 4, sub.join('   ·   '), `fill="${C.textMuted}"`));
  y += 22;

  const colX = (i: number) => PAD + LABEL_W + i * STAGE_W;
  const laneRow = (
    label: string,
    height: number,
    draw: (s: Stage, i: number, top: number) => string,
  ) => {
    out.push(
      `<rect x="${PAD}" y="${y}" width="${width - 2 * PAD}" height="${height}" fill="${C.surface}" stroke="${C.border}"/>`,
    );
    out.push(text(PAD + 12, y + 22, label, `font-weight="600" fill="${C.textMuted}"`));
    stages.forEach((s, i) => {
      out.push(
        `<line x1="${colX(i)}" y1="${y}" x2="${colX(i)}" y2="${y + height}" stroke="${C.border}"/>`,
      );
      out.push(draw(s, i, y));
    });
    y += height;
  };

  // Stage headers.
  laneRow('Stage', 58, (s, i, top) => {
    const f = funnel.get(s.id);
    const name = wrap(s.name, cellW, 1)[0] ?? '';
    const parts = [
      text(colX(i) + 10, top + 24, name, `font-weight="700" font-size="14" fill="${C.text}"`),
    ];
    if (f) {
      parts.push(
        text(
          colX(i) + 10,
          top + 44,
          `${formatCount(f.reached)} reached · ${formatCount(f.customers)} in order (${formatRate(f.fromFirst)})`,
          `fill="${C.textMuted}"`,
        ),
      );
    }
    return parts.join('');
  });

  const textLane = (label: string, pick: (s: Stage) => readonly string[]) => {
    const cells = stages.map((s) => listLines(pick(s), cellW));
    const lines = Math.max(1, ...cells.map((c) => c.length));
    laneRow(label, 16 + lines * LINE, (_s, i, top) =>
      cells[i]!.map((l, k) => text(colX(i) + 10, top + 20 + k * LINE, l, `fill="${C.text}"`)).join(
        '',
      ),
    );
  };
  textLane('Customer actions', (s) => s.lanes.actions);
  textLane('Thoughts', (s) => s.lanes.thoughts);

  // The designed emotion curve through the stage centres, -2 at the bottom, +2 at the top.
  const emotionH = 110;
  const top = y;
  laneRow('Emotion', emotionH, () => '');
  const ey = (v: number) => top + emotionH / 2 - (v / 2) * (emotionH / 2 - 16);
  out.push(
    `<line x1="${colX(0)}" y1="${ey(0)}" x2="${colX(stages.length)}" y2="${ey(0)}" stroke="${C.border}" stroke-dasharray="4 4"/>`,
  );
  const points = stages.map((s, i) => [colX(i) + STAGE_W / 2, ey(s.lanes.emotion)] as const);
  if (points.length > 0) {
    out.push(
      `<polyline points="${points.map(([px, py]) => `${px},${py}`).join(' ')}" fill="none" stroke="${C.primary}" stroke-width="2.5"/>`,
    );
    stages.forEach((s, i) => {
      const [px, py] = points[i]!;
      out.push(`<circle cx="${px}" cy="${py}" r="5" fill="${C.primary}"/>`);
      const v = s.lanes.emotion;
      out.push(text(px + 8, py - 8, v > 0 ? `+${v}` : String(v), `fill="${C.textMuted}"`));
    });
  }

  // Touchpoints, stacked per stage in map order.
  const most = Math.max(1, ...stages.map((s) => byStage.get(s.id)?.length ?? 0));
  laneRow('Touchpoints', 12 + most * (CARD_H + CARD_GAP), (s, i, rowTop) =>
    (byStage.get(s.id) ?? [])
      .map((tp, k) =>
        card(tp, metrics.get(tp.id), colX(i) + 8, rowTop + 8 + k * (CARD_H + CARD_GAP), cellW),
      )
      .join(''),
  );
  textLane('Pain points', (s) => s.lanes.painPoints);
  textLane('Opportunities', (s) => s.lanes.opportunities);

  y += 18;
  out.push(
    text(
      PAD,
      y,
      `Waymark · generated ${ctx.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC · measured markers: green / yellow / red against the journey baseline`,
      `fill="${C.faint}" font-size="11"`,
    ),
  );
  const height = y + PAD;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}" font-size="12.5">`,
    `<title>${esc(map.name)} — journey map</title>`,
    `<rect width="100%" height="100%" fill="${C.bg}"/>`,
    ...out,
    '</svg>',
  ].join('');
}
