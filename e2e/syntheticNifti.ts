/**
 * Synthetic NIfTI-1 volumes for browser tests and the UI benchmark: int16, slice k holds a disc
 * whose radius drifts slowly with k (so adjacent slices are alike and HASH has work to do) plus a
 * little seeded noise. Written by hand: a 348-byte header, 4 bytes of extension flag, voxels.
 */
export function syntheticNifti(slices: number, rows = 64, cols = 64, seed = 7): Buffer {
  const header = Buffer.alloc(352);
  header.writeInt32LE(348, 0); // sizeof_hdr
  const dims = [3, cols, rows, slices, 1, 1, 1, 1];
  dims.forEach((d, i) => header.writeInt16LE(d, 40 + 2 * i));
  header.writeInt16LE(4, 70); // datatype: int16
  header.writeInt16LE(16, 72); // bitpix
  [1, 1, 1, 1, 1, 1, 1, 1].forEach((p, i) => header.writeFloatLE(p, 76 + 4 * i)); // pixdim (qfac, mm)
  header.writeFloatLE(352, 108); // vox_offset
  header.writeFloatLE(1, 112); // scl_slope
  header.writeInt16LE(1, 254); // sform_code
  header.write('n+1\0', 344, 'latin1');
  const voxels = Buffer.alloc(slices * rows * cols * 2);
  let state = seed >>> 0;
  const noise = () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32 - 0.5) * 40;
  for (let k = 0; k < slices; k++) {
    const radius = cols * (0.2 + 0.15 * Math.sin(k / 23) + 0.05 * Math.sin(k / 5));
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const inside = (r - rows / 2) ** 2 + (c - cols / 2 - 6 * Math.sin(k / 37)) ** 2 < radius ** 2;
        voxels.writeInt16LE(Math.round((inside ? 60 + 400 * (r / rows) : -1000) + noise()), 2 * ((k * rows + r) * cols + c));
      }
    }
  }
  return Buffer.concat([header, voxels]);
}
