/**
 * A ZIP of the kept slices as 8-bit grayscale PNGs named `<volume>_<index>.png`, so training code
 * written for the reference pipeline's folders can read them as they are. fast-png encodes, fflate
 * zips (PNG is already deflated, so entries are stored). Entry times are fixed, so the same input
 * gives the same bytes.
 */
import { encode } from 'fast-png';
import { zipSync, type Zippable } from 'fflate';
import type { ManifestVolume } from '../manifest/types';
import type { SliceStack } from '../volume/types';
import { slicePngName, volumeStem } from './names';

/** 1980-01-01, the earliest time a ZIP entry can hold. */
const FIXED_MTIME = new Date(1980, 0, 1);

export interface KeptSlicesEntry {
  /** The volume's 8-bit slices (what the similarity methods saw). */
  stack: SliceStack;
  volume: Pick<ManifestVolume, 'id' | 'name' | 'n' | 'kept'>;
  /** File-name stem; defaults to the volume's name without extension. */
  name?: string;
}

/** One slice of a stack as an 8-bit grayscale PNG. */
export function slicePng(stack: SliceStack, index: number): Uint8Array {
  const len = stack.rows * stack.cols;
  const data = stack.pixels.subarray(index * len, (index + 1) * len);
  return encode({ width: stack.cols, height: stack.rows, data, channels: 1, depth: 8 });
}

/** ZIP bytes holding the kept slices of one volume. */
export function keptSlicesZip(stack: SliceStack, volume: KeptSlicesEntry['volume'], name?: string): Uint8Array {
  return keptSlicesZipMany([{ stack, volume, name }]);
}

/** ZIP bytes holding the kept slices of several volumes; file names must not collide. */
export function keptSlicesZipMany(entries: readonly KeptSlicesEntry[]): Uint8Array {
  const files: Zippable = {};
  for (const { stack, volume, name } of entries) {
    if (stack.n !== volume.n) throw new RangeError(`PNG ZIP: volume '${volume.id}' has ${volume.n} slices in the manifest but ${stack.n} in the stack`);
    if (stack.pixels.length < stack.n * stack.rows * stack.cols) throw new RangeError(`PNG ZIP: volume '${volume.id}': the stack holds fewer pixels than ${stack.n}×${stack.rows}×${stack.cols}`);
    const stem = name ?? volumeStem(volume);
    for (const index of volume.kept) {
      if (!Number.isInteger(index) || index < 0 || index >= stack.n) throw new RangeError(`PNG ZIP: volume '${volume.id}' keeps slice ${index}, outside 0..${stack.n - 1}`);
      const file = slicePngName(stem, index);
      if (file in files) throw new RangeError(`PNG ZIP: two slices would both be named ${file}; give the volumes distinct names`);
      files[file] = [slicePng(stack, index), { level: 0 }];
    }
  }
  return zipSync(files, { mtime: FIXED_MTIME });
}
