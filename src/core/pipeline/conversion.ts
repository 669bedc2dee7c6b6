/**
 * Step 1 of the pipeline: a volume as 8-bit slices, and the conversion as the manifest records it.
 * The record is derived from what toUint8Stack actually does, so it can never disagree with it:
 * uint8 voxels (PNG slices, a uint8 .npy) under the default conversion are used unchanged
 * ('as-is'); anything else goes through the min/max or window mapping it names.
 */
import type { ManifestConversion } from '../manifest/types';
import { toUint8Stack, type Uint8Conversion } from '../preprocess/toUint8';
import type { SliceStack } from '../similarity/types';
import type { Volume } from '../volume/types';

export const DEFAULT_CONVERSION: Uint8Conversion = { kind: 'minmax' };

/** What a manifest records for `conv` applied to this volume's voxels. */
export function recordedConversion(volume: Pick<Volume, 'voxels'>, conv: Uint8Conversion = DEFAULT_CONVERSION): ManifestConversion {
  return conversionForStorage(volume.voxels instanceof Uint8Array ? 'uint8' : 'other', conv);
}

/** recordedConversion for voxels never held (a streamed read): only whether they are uint8 matters. */
export function conversionForStorage(storage: 'uint8' | 'other', conv: Uint8Conversion = DEFAULT_CONVERSION): ManifestConversion {
  if (storage === 'uint8' && conv.kind === 'minmax') return { kind: 'as-is' };
  return { ...conv };
}

export interface ConvertedVolume {
  stack: SliceStack;
  conversion: ManifestConversion;
}

/** The 8-bit stack the similarity methods score, with its manifest record. */
export function convertVolume(volume: Volume, conv: Uint8Conversion = DEFAULT_CONVERSION): ConvertedVolume {
  return { stack: toUint8Stack(volume, conv), conversion: recordedConversion(volume, conv) };
}
