/**
 * Prints rows as a fixed-width text table; numbers-looking cells are right-aligned.
 *
 * @example printTable(['what', 'figure'], [['events/s', '120,000']])
 */
export function printTable(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  print: (line: string) => void = console.log,
): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = /^[\d,.\s%<>=~+-]+(ms|s|%|x)?$/;
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric.test(c) && i > 0 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  print(line(header));
  print(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) print(line(r));
}
