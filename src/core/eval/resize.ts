/**
 * Bilinear resize of an 8-bit slice, half-pixel centres, edge-clamped, no antialiasing: the
 * semantics of torch's interpolate(mode='bilinear', align_corners=False) and tf.image.resizeBilinear
 * (halfPixelCenters). Source x for output column j: (j + 0.5) · cols / outCols − 0.5. Any numeric input (8-bit slices, float maps).
 */
export function resizeBilinear(pixels: ArrayLike<number>, rows: number, cols: number, outRows: number, outCols: number): Float32Array {
  const out = new Float32Array(outRows * outCols);
  if (rows === outRows && cols === outCols) {
    out.set(pixels);
    return out;
  }
  const sy = rows / outRows;
  const sx = cols / outCols;
  for (let i = 0; i < outRows; i++) {
    const y = Math.min(Math.max((i + 0.5) * sy - 0.5, 0), rows - 1);
    const y0 = Math.floor(y);
    const y1 = Math.min(y0 + 1, rows - 1);
    const fy = y - y0;
    for (let j = 0; j < outCols; j++) {
      const x = Math.min(Math.max((j + 0.5) * sx - 0.5, 0), cols - 1);
      const x0 = Math.floor(x);
      const x1 = Math.min(x0 + 1, cols - 1);
      const fx = x - x0;
      const top = pixels[y0 * cols + x0] * (1 - fx) + pixels[y0 * cols + x1] * fx;
      const bottom = pixels[y1 * cols + x0] * (1 - fx) + pixels[y1 * cols + x1] * fx;
      out[i * outCols + j] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}
