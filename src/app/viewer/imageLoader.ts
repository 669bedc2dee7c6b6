/**
 * The Cornerstone image loader for `ctsieve:<volumeId>?slice=N`: builds one Cornerstone image from
 * a slice of a volume in the registry. No decoding happens here; the core readers decoded the
 * volume once, and app, worker and CLI share that decode path.
 */
import { utilities, type Types } from '@cornerstonejs/core';
import { sliceView, type Volume } from '../../core/volume/types';
import { getVolume } from '../volumes/registry';
import { parseSliceImageId } from './imageIds';
import { defaultWindow } from './metadataProvider';

function minMax(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** A Cornerstone IImage for one slice (a copy of the slice, so Cornerstone's cache owns it). */
export function createSliceImage(imageId: string, volume: Volume, slice: number): Types.IImage {
  const pixels = sliceView(volume, slice).slice();
  const voxelManager = utilities.VoxelManager.createImageVoxelManager({
    width: volume.cols, height: volume.rows, numberOfComponents: 1, scalarData: pixels,
  });
  const [minPixelValue, maxPixelValue] = minMax(pixels);
  const { center, width } = defaultWindow(volume);
  const image: Partial<Types.IImage> = {
    imageId, dataType: pixels.constructor.name as Types.PixelDataTypedArrayString,
    rows: volume.rows, columns: volume.cols, height: volume.rows, width: volume.cols,
    rowPixelSpacing: volume.spacing[1], columnPixelSpacing: volume.spacing[0],
    minPixelValue, maxPixelValue, slope: 1, intercept: 0, windowCenter: center, windowWidth: width,
    color: false, rgba: false, numberOfComponents: 1, invert: false,
    sizeInBytes: pixels.byteLength, getPixelData: () => voxelManager.getScalarData(),
    voxelManager: voxelManager as Types.IImage['voxelManager'],
  };
  // Cornerstone's own loaders return partial images too (getCanvas, render... are CPU-fallback only).
  return image as Types.IImage;
}

export function ctsieveImageLoader(imageId: string): Types.IImageLoadObject {
  const promise = (async () => {
    const parsed = parseSliceImageId(imageId);
    if (!parsed) throw new Error(`not a ctsieve image id: ${imageId}`);
    return createSliceImage(imageId, getVolume(parsed.volumeId), parsed.slice);
  })();
  return { promise };
}
