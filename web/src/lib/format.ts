const integer = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

/** 1234 → "1,234". */
export const formatCount = (n: number) => integer.format(n);

/** 0.1833 → "18.3%"; whole percentages lose the decimal. */
export function formatRate(rate: number): string {
  if (!Number.isFinite(rate)) return '—';
  const tenths = Math.round(rate * 1000) / 10;
  return `${Number.isInteger(tenths) ? tenths : tenths.toFixed(1)}%`;
}

/** A duration given in hours, in the unit a person reads best: "40 s", "12 min", "3.5 h", "4.1 d". */
export function formatHours(hours: number | null): string {
  if (hours === null || !Number.isFinite(hours)) return '—';
  const seconds = hours * 3600;
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (hours < 1) return `${Math.round(seconds / 60)} min`;
  if (hours < 48) return `${hours.toFixed(hours < 10 ? 1 : 0)} h`;
  const days = hours / 24;
  return `${days.toFixed(days < 10 ? 1 : 0)} d`;
}

/** "2025-03-01T00:00:00.000Z" → "1 Mar 2025" (UTC, as the server counts days). */
export function formatDay(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

const EMOTION_WORDS: Record<string, string> = {
  '-2': 'very negative',
  '-1': 'negative',
  '0': 'neutral',
  '1': 'positive',
  '2': 'very positive',
};

/** −2..+2 → "+1 positive". */
export function describeEmotion(value: number): string {
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  const word = EMOTION_WORDS[String(Math.round(value))] ?? '';
  return `${sign}${Math.abs(value)} ${word}`.trim();
}
