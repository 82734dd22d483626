/** Pure formatting for the report: medians, seconds, ratios, markdown tables, goal lines. */

export const median = (xs: number[]) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export const secs = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s` : '-');
export const fixed = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
export const times = (x: number) => (Number.isFinite(x) ? `${x >= 10 ? x.toFixed(0) : x.toFixed(1)}×` : '-');

/** A markdown table, numbers right-aligned (columns from `rightFrom` on). */
export function table(head: string[], rows: string[][], rightFrom = 2): string {
  const lines = [head, ...rows];
  const w = head.map((_, i) => Math.max(3, ...lines.map((l) => l[i].length)));
  const fmt = (l: string[]) =>
    `| ${l.map((c, i) => (i < rightFrom ? c.padEnd(w[i]) : c.padStart(w[i]))).join(' | ')} |`;
  const rule = `|${w.map((n, i) => (i < rightFrom ? `${'-'.repeat(n + 2)}` : `${'-'.repeat(n + 1)}:`)).join('|')}|`;
  return [fmt(head), rule, ...rows.map(fmt)].join('\n');
}

/** One line of the goals list: what, the measured value, PASS / FAIL (n/a when undecidable). */
export const goal = (what: string, value: string, ok: boolean | undefined): string =>
  `- ${what}: ${value} **${ok === undefined ? 'n/a' : ok ? 'PASS' : 'FAIL'}**`;
