const NUMBER = /^-?[\d.,]+%?$/;

/**
 * A fixed-width text table with a dashed rule under the titles. A column whose cells are all
 * numbers (or empty) is right-aligned, any other left-aligned.
 *
 * @example formatTable(['channel', 'conversions'], [['ads', '2.00'], ['email', '10.00']])
 * // channel  conversions
 * // -------  -----------
 * // ads             2.00
 * // email          10.00
 */
export function formatTable(titles: readonly string[], rows: ReadonlyArray<readonly string[]>) {
  const cell = (r: readonly string[], i: number) => r[i] ?? '';
  const widths = titles.map((t, i) => Math.max(t.length, ...rows.map((r) => cell(r, i).length)));
  const numeric = titles.map((_, i) =>
    rows.every((r) => cell(r, i) === '' || NUMBER.test(cell(r, i))),
  );
  const line = (cells: readonly string[]) =>
    widths
      .map((w, i) => (numeric[i] ? cell(cells, i).padStart(w) : cell(cells, i).padEnd(w)))
      .join('  ')
      .trimEnd();
  return [line(titles), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
