/**
 * What the orientation markers and the scale bar show (no Cornerstone here, so Node tests it).
 * Markers: the screen's right edge lies along a row's direction (increasing column), the bottom
 * edge along a column's (increasing row); each edge is named by the patient direction that vector
 * points to most, in DICOM's LPS convention: +x Left, +y Posterior, +z Superior (OHIF's letters).
 */
export interface EdgeMarkers {
  left: string;
  right: string;
  top: string;
  bottom: string;
}

/** The patient direction a vector points to most: one letter (R/L, A/P, I/S). */
export function directionLetter(v: readonly number[]): string {
  const axis = [0, 1, 2].reduce((best, i) => (Math.abs(v[i]) > Math.abs(v[best]) ? i : best), 0);
  const positive = v[axis] >= 0;
  return [positive ? 'L' : 'R', positive ? 'P' : 'A', positive ? 'S' : 'I'][axis];
}

/** Edge letters for an ImageOrientationPatient [row cosines, column cosines]. */
export function edgeMarkers(iop: readonly number[]): EdgeMarkers {
  const row = iop.slice(0, 3);
  const col = iop.slice(3, 6);
  const neg = (v: number[]) => v.map((x) => -x);
  return { right: directionLetter(row), left: directionLetter(neg(row)), bottom: directionLetter(col), top: directionLetter(neg(col)) };
}

/**
 * The scale bar: the longest "nice" length (1, 2 or 5 × 10^k mm) whose bar is at most `maxPx`
 * screen pixels at `pxPerMm`; its length in pixels and its label ("5 cm", "20 mm").
 */
export function scaleBar(pxPerMm: number, maxPx: number): { mm: number; px: number; label: string } | undefined {
  if (!(pxPerMm > 0) || !(maxPx > 0)) return undefined;
  const limit = maxPx / pxPerMm;
  let mm = 10 ** Math.floor(Math.log10(limit));
  for (const step of [5, 2]) if (mm * step <= limit) {
    mm *= step;
    break;
  }
  const label = mm >= 10 ? `${+(mm / 10).toPrecision(3)} cm` : `${+mm.toPrecision(3)} mm`;
  return { mm, px: mm * pxPerMm, label };
}
