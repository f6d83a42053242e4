/**
 * Reading human-rated sentiment sets and comparing scores with them, for tests and benchmarks.
 */

export interface TRatedText {
  /** The raters' mean, −4..+4 in the VADER sets. */
  rating: number;
  text: string;
}

/**
 * Parses a VADER ground-truth file (Hutto & Gilbert 2014): tab-separated id, mean human rating
 * and text, one per line, CRLF or LF.
 *
 * @example readVaderGroundTruth('1\t2.7\tSo lucky.\r\n') // [{ rating: 2.7, text: 'So lucky.' }]
 */
export function readVaderGroundTruth(content: string): TRatedText[] {
  const rows: TRatedText[] = [];
  for (const line of content.split(/\r?\n/)) {
    if (!line) continue;
    const first = line.indexOf('\t');
    const second = line.indexOf('\t', first + 1);
    if (first < 0 || second < 0) continue;
    rows.push({ rating: Number(line.slice(first + 1, second)), text: line.slice(second + 1) });
  }
  return rows;
}

/**
 * Pearson's correlation coefficient of two equally long lists.
 *
 * @example pearsonCorrelation([1, 2, 3], [2, 4, 7]) // 0.993
 */
export function pearsonCorrelation(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length || x.length < 2)
    throw new RangeError('need two lists of equal length ≥ 2');
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}
