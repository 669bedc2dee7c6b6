/**
 * The CKA and t-SNE figures as standalone SVG text (the CLI writes them; the app shows the same text).
 */
import { classColour, rgbHex, viridis } from './colour';
import type { CkaResult, TsneResult } from './types';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const FONT = 'font-family="system-ui, sans-serif"';

interface Panel {
  body: string;
  width: number;
  height: number;
}

function heatmapPanel(c: CkaResult, title: string): Panel {
  const rows = c.layers;
  const cols = c.layersB ?? c.layers;
  const cell = Math.max(18, Math.min(40, Math.floor(360 / Math.max(rows.length, cols.length))));
  const left = 8 + 7 * Math.max(...rows.map((r) => r.length));
  const top = 34;
  const bottom = 8 + 6 * Math.max(...cols.map((r) => r.length));
  const width = Math.max(left + cell * cols.length + 16, 8 * title.length);
  const height = top + cell * rows.length + bottom;
  const parts = [`<text x="0" y="18" font-size="13" font-weight="600" ${FONT}>${esc(title)}</text>`];
  c.matrix.forEach((row, i) =>
    row.forEach((v, j) => {
      const x = left + j * cell;
      const y = top + i * cell;
      parts.push(`<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${rgbHex(viridis(v))}"><title>${esc(`${rows[i]} × ${cols[j]}: ${v.toFixed(3)}`)}</title></rect>`);
      if (cell >= 26) parts.push(`<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" font-size="9" text-anchor="middle" fill="${v > 0.6 ? '#000' : '#fff'}" ${FONT}>${v.toFixed(2)}</text>`);
    }),
  );
  rows.forEach((r, i) => parts.push(`<text x="${left - 4}" y="${top + i * cell + cell / 2 + 4}" font-size="10" text-anchor="end" ${FONT}>${esc(r)}</text>`));
  cols.forEach((r, j) => {
    const x = left + j * cell + cell / 2;
    const y = top + rows.length * cell + 6;
    parts.push(`<text x="${x}" y="${y}" font-size="10" transform="rotate(60 ${x} ${y})" ${FONT}>${esc(r)}</text>`);
  });
  return { body: parts.join(''), width, height };
}

function colourBar(x: number, y: number, h: number): string {
  const steps = 20;
  const parts = Array.from({ length: steps }, (_, k) => `<rect x="${x}" y="${y + (h * k) / steps}" width="12" height="${h / steps + 0.5}" fill="${rgbHex(viridis(1 - k / steps))}"/>`);
  parts.push(`<text x="${x + 16}" y="${y + 8}" font-size="10" ${FONT}>1</text>`, `<text x="${x + 16}" y="${y + h}" font-size="10" ${FONT}>0</text>`);
  return parts.join('');
}

function besideEachOther(panels: Panel[], extra = 0): { body: string; width: number; height: number } {
  let x = 0;
  const body = panels.map((p) => {
    const g = `<g transform="translate(${x} 0)">${p.body}</g>`;
    x += p.width + 12;
    return g;
  });
  return { body: body.join(''), width: x + extra, height: Math.max(...panels.map((p) => p.height)) };
}

const svgDoc = (w: number, h: number, body: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><rect width="100%" height="100%" fill="#fff"/>${body}</svg>\n`;

/** Layer × layer CKA heatmaps: A vs B (or A vs itself), and A vs fine-tuned when given. */
export function ckaSvg(cka: CkaResult, finetuned?: CkaResult): string {
  const panels = [heatmapPanel(cka, `CKA ${cka.a} (rows) vs ${cka.b} (columns)`)];
  if (finetuned) panels.push(heatmapPanel(finetuned, `CKA ${finetuned.a} vs ${finetuned.b} (fine-tuned)`));
  const { body, width, height } = besideEachOther(panels, 30);
  return svgDoc(width, height, body + colourBar(width - 30, 34, Math.min(160, height - 44)));
}

function scatterPanel(t: TsneResult, classes: string[]): Panel {
  const size = 260;
  const pad = 10;
  const top = 40;
  const xs = t.points.map((p) => p.x);
  const ys = t.points.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (v: number) => pad + ((v - x0) / (x1 - x0 || 1)) * (size - 2 * pad);
  const sy = (v: number) => top + size - pad - ((v - y0) / (y1 - y0 || 1)) * (size - 2 * pad);
  const parts = [
    `<text x="0" y="15" font-size="13" font-weight="600" ${FONT}>${esc(t.encoder)}</text>`,
    `<text x="0" y="31" font-size="11" ${FONT}>PCC with the class: x ${t.pcc[0].toFixed(2)}, y ${t.pcc[1].toFixed(2)}</text>`,
    `<rect x="0" y="${top}" width="${size}" height="${size}" fill="none" stroke="#ccc"/>`,
  ];
  for (const p of t.points) parts.push(`<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="3" fill="${classColour(classes.indexOf(p.label))}" fill-opacity="0.8"/>`);
  return { body: parts.join(''), width: size, height: top + size };
}

/** One t-SNE scatter per encoder, coloured by class, with the legend. */
export function tsneSvg(tsne: readonly TsneResult[], classes: string[]): string {
  const { body, width, height } = besideEachOther(tsne.map((t) => scatterPanel(t, classes)));
  const legend = classes.map((c, k) => `<circle cx="${8 + k * 110}" cy="${height + 14}" r="5" fill="${classColour(k)}"/><text x="${18 + k * 110}" y="${height + 18}" font-size="11" ${FONT}>${esc(c)}</text>`).join('');
  return svgDoc(Math.max(width, classes.length * 110), height + 28, body + legend);
}
