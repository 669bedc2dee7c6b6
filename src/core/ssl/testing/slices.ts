/** Test support: small synthetic 8-bit "CT-like" slices (blobs on a gradient), seeded. */
import { Rng } from '../rng';
import type { TrainingSlices } from '../types';

export function syntheticSlices(count: number, rows: number, cols: number, seed = 1): TrainingSlices {
  const rng = new Rng(seed);
  const slices: Uint8Array[] = [];
  for (let s = 0; s < count; s++) {
    const img = new Uint8Array(rows * cols);
    const blobs = Array.from({ length: 3 }, () => ({ y: rng.uniform(0, rows), x: rng.uniform(0, cols), r: rng.uniform(3, rows / 3), v: rng.uniform(60, 255) }));
    for (let y = 0; y < rows; y++)
      for (let x = 0; x < cols; x++) {
        let v = (20 * y) / rows;
        for (const b of blobs) if ((y - b.y) ** 2 + (x - b.x) ** 2 < b.r ** 2) v = Math.max(v, b.v);
        img[y * cols + x] = Math.min(255, Math.round(v + 10 * rng.next()));
      }
    slices.push(img);
  }
  return { count, rows, cols, slice: (i) => slices[i], ids: slices.map((_, i) => `synthetic-${i}`) };
}
