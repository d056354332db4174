// The benchmark's verdict: each figure, its target, and whether it was met.

export interface Row {
  figure: string;
  value: string;
  target: string;
  /** undefined: for information, no target. */
  met?: boolean;
}

const fmt = (n: number | undefined, digits = 2): string =>
  n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits);

/** A row with a target: `value` is compared with `limit` by `cmp`. */
export function target(
  figure: string,
  value: number | undefined,
  cmp: '<=' | '<',
  limit: number,
  unit = '',
  digits = 2,
): Row {
  const met = value === undefined || Number.isNaN(value) ? false : cmp === '<=' ? value <= limit : value < limit;
  return { figure, value: `${fmt(value, digits)}${unit}`, target: `${cmp} ${limit}${unit}`, met };
}

export function info(figure: string, value: string): Row {
  return { figure, value, target: '' };
}

export { fmt };

/** A plain-text table, columns padded, for a terminal. */
export function table(rows: Row[]): string {
  const cells = [
    ['figure', 'value', 'target', 'met'],
    ...rows.map((r) => [r.figure, r.value, r.target, r.met === undefined ? '' : r.met ? 'yes' : 'NO']),
  ];
  const widths = cells[0]!.map((_, c) => Math.max(...cells.map((row) => row[c]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, c) => (c === 1 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
