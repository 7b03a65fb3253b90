/**
 * Chart rendering: a Vega-Lite spec is compiled to Vega (vega-lite), drawn headless to SVG (vega's
 * own SVG renderer, no browser, no canvas), and rasterised to PNG by resvg (@resvg/resvg-js, a
 * prebuilt Rust rasteriser shipped inside its npm package). The libraries load on first use, so
 * commands that draw nothing never pay for them.
 */
import type { TopLevelSpec } from 'vega-lite';

export interface Rendered {
  svg: string;
  png: Buffer;
}

/** Shared look: white background, a font resvg finds on Debian (fonts-dejavu), no chart border. */
const CONFIG = { background: 'white', font: 'DejaVu Sans', view: { stroke: null }, axis: { labelFontSize: 10, titleFontSize: 11 }, title: { fontSize: 13 } };

/** Compile, draw and rasterise one Vega-Lite spec (PNG at `scale`× the spec's pixel size). */
export async function renderChart(spec: TopLevelSpec, scale = 2): Promise<Rendered> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const vl: typeof import('vega-lite') = require('vega-lite');
  const vega: typeof import('vega') = require('vega');
  const { Resvg }: typeof import('@resvg/resvg-js') = require('@resvg/resvg-js');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const compiled = vl.compile({ ...spec, config: { ...CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const png = new Resvg(svg, {
      background: 'white',
      fitTo: { mode: 'zoom', value: scale },
      font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    })
      .render()
      .asPng();
    return { svg, png: Buffer.from(png) };
  } finally {
    view.finalize();
  }
}
