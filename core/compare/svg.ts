/**
 * Minimal SVG charts for `videor1 compare --plot` (no plotting library: two chart types, ~100
 * lines, and the output opens in any browser). Bars with 95% CI whiskers; lines over steps.
 */
export interface Bar {
  label: string;
  value: number;
  err?: number;
}

const W = 760;
const PAD = { l: 60, r: 20, t: 36, b: 120 };
const COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function barChart(title: string, bars: readonly Bar[], height = 360): string {
  const h = height - PAD.t - PAD.b;
  const w = W - PAD.l - PAD.r;
  const hi = Math.max(1e-9, ...bars.map((b) => b.value + (b.err ?? 0)));
  const lo = Math.min(0, ...bars.map((b) => b.value - (b.err ?? 0)));
  const y = (v: number) => PAD.t + h - ((v - lo) / (hi - lo)) * h;
  const bw = w / Math.max(1, bars.length);
  const parts = bars.map((b, i) => {
    const x = PAD.l + i * bw + bw * 0.15;
    const top = Math.min(y(b.value), y(0));
    const bar = `<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${(bw * 0.7).toFixed(1)}" height="${Math.abs(y(b.value) - y(0)).toFixed(1)}" fill="${COLORS[i % COLORS.length]}"/>`;
    const cx = x + bw * 0.35;
    const whisker = b.err ? `<line x1="${cx}" x2="${cx}" y1="${y(b.value - b.err).toFixed(1)}" y2="${y(b.value + b.err).toFixed(1)}" stroke="#222"/>` : '';
    const text = `<text x="${cx}" y="${(y(b.value) - 4).toFixed(1)}" font-size="11" text-anchor="middle">${b.value.toFixed(3)}</text>`;
    const label = `<text transform="translate(${cx},${PAD.t + h + 12}) rotate(35)" font-size="11">${esc(b.label)}</text>`;
    return bar + whisker + text + label;
  });
  return frame(title, height, lo, hi, y, parts.join(''));
}

export function lineChart(title: string, series: readonly { label: string; points: readonly [number, number][] }[], height = 360): string {
  const h = height - PAD.t - PAD.b;
  const w = W - PAD.l - PAD.r;
  const all = series.flatMap((s) => s.points);
  const [x0, x1] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
  const [lo, hi] = [Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))];
  const x = (v: number) => PAD.l + ((v - x0) / Math.max(1e-9, x1 - x0)) * w;
  const y = (v: number) => PAD.t + h - ((v - lo) / Math.max(1e-9, hi - lo)) * h;
  const lines = series.map((s, i) => {
    const d = s.points.map((p, k) => `${k ? 'L' : 'M'}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join('');
    const legend = `<text x="${PAD.l + 8}" y="${PAD.t + h + 30 + 14 * i}" font-size="11" fill="${COLORS[i % COLORS.length]}">${esc(s.label)}</text>`;
    return `<path d="${d}" fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="1.5"/>${legend}`;
  });
  return frame(title, height, lo, hi, y, lines.join(''));
}

function frame(title: string, height: number, lo: number, hi: number, y: (v: number) => number, body: string): string {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => lo + f * (hi - lo));
  const axis = ticks.map((t) => `<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#ddd"/><text x="${PAD.l - 6}" y="${(y(t) + 4).toFixed(1)}" font-size="10" text-anchor="end">${t.toPrecision(3)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" font-family="sans-serif"><rect width="100%" height="100%" fill="white"/><text x="${W / 2}" y="20" font-size="14" text-anchor="middle">${esc(title)}</text>${axis.join('')}${body}</svg>`;
}
