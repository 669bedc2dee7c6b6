/**
 * Cornerstone metadata for `ctsieve:` image ids, answered from the volume registry.
 *
 * Cornerstone asks a chain of providers for DICOM-like modules per image id; this provider answers
 * for our scheme and returns undefined for everything else so other providers can answer.
 * The functions here do not import Cornerstone, so they are unit-tested in Node.
 */
import type { Volume } from '../../core/volume/types';
import { getVolume, hasVolume } from '../volumes/registry';
import { parseSliceImageId } from './imageIds';

/** Bits and sign of each voxel storage type, as DICOM describes them. */
function pixelFormat(volume: Volume): { bitsAllocated: number; pixelRepresentation: number } {
  if (volume.voxels instanceof Uint8Array) return { bitsAllocated: 8, pixelRepresentation: 0 };
  if (volume.voxels instanceof Float32Array) return { bitsAllocated: 32, pixelRepresentation: 1 };
  return { bitsAllocated: 16, pixelRepresentation: 1 };
}

/** Slice origin in mm: the file's position when known, else k × slice spacing along z. */
export function slicePosition(volume: Volume, slice: number): [number, number, number] {
  return volume.sources[slice]?.position ?? [0, 0, slice * volume.spacing[2]];
}

/** A display window: the file's suggestion, else a soft-tissue window for CT, else 0..255. */
export function defaultWindow(volume: Volume): { center: number; width: number } {
  if (volume.window) return volume.window;
  if (volume.voxels instanceof Uint8Array) return { center: 128, width: 256 };
  return { center: 40, width: 400 };
}

/** The metadata module `type` for slice `slice` of `volume`, or undefined for unknown types. */
export function sliceMetadata(volume: Volume, slice: number, type: string): unknown {
  const [colSpacing, rowSpacing, sliceSpacing] = volume.spacing;
  const { bitsAllocated, pixelRepresentation } = pixelFormat(volume);
  switch (type) {
    case 'imagePixelModule':
      return {
        samplesPerPixel: 1, photometricInterpretation: 'MONOCHROME2', rows: volume.rows, columns: volume.cols,
        bitsAllocated, bitsStored: bitsAllocated, highBit: bitsAllocated - 1, pixelRepresentation,
      };
    case 'imagePlaneModule': {
      const position = slicePosition(volume, slice);
      return {
        frameOfReferenceUID: `ctsieve.${volume.id}`, rows: volume.rows, columns: volume.cols,
        imageOrientationPatient: [1, 0, 0, 0, 1, 0], rowCosines: [1, 0, 0], columnCosines: [0, 1, 0],
        imagePositionPatient: position, sliceThickness: sliceSpacing, sliceLocation: position[2],
        pixelSpacing: [rowSpacing, colSpacing], rowPixelSpacing: rowSpacing, columnPixelSpacing: colSpacing,
      };
    }
    case 'generalSeriesModule':
      return { modality: volume.modality, seriesInstanceUID: volume.seriesInstanceUID ?? `ctsieve.${volume.id}`, seriesNumber: 1 };
    case 'generalImageModule':
      return { instanceNumber: volume.sources[slice]?.instanceNumber ?? slice + 1 };
    case 'voiLutModule': {
      const { center, width } = defaultWindow(volume);
      return { windowCenter: [center], windowWidth: [width] };
    }
    case 'modalityLutModule':
      return { rescaleSlope: 1, rescaleIntercept: 0 };
    case 'sopCommonModule':
      return { sopClassUID: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUID: volume.sources[slice]?.sopInstanceUID ?? `${volume.id}.${slice}` };
    default:
      return undefined;
  }
}

/** The provider registered with `metaData.addProvider`. */
export function ctsieveMetadataProvider(type: string, imageId: string): unknown {
  const parsed = parseSliceImageId(imageId);
  if (!parsed || !hasVolume(parsed.volumeId)) return undefined;
  return sliceMetadata(getVolume(parsed.volumeId), parsed.slice, type);
}
