/**
 * DICOM Part 10 parsing with dicom-parser: the attributes ctsieve needs from one file, and the
 * bytes of one frame. Deflated files are inflated with fflate.
 */
import * as dicomParserModule from 'dicom-parser';
import type { DataSet, Element } from 'dicom-parser';
import { inflateSync } from 'fflate';
import { VolumeReadError } from '../input';

export type Vec3 = [number, number, number];

/** What one DICOM file contributes (per-frame data for multi-frame files). */
export interface DicomFileInfo {
  path: string;
  transferSyntaxUID: string;
  seriesInstanceUID: string;
  seriesDescription?: string;
  /** SeriesNumber (0020,0011). */
  seriesNumber?: number;
  sopInstanceUID?: string;
  modality: string;
  rows: number;
  cols: number;
  frames: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  samplesPerPixel: number;
  photometric: string;
  slope: number;
  intercept: number;
  instanceNumber?: number;
  /** ImagePositionPatient per frame (undefined when missing). */
  positions: (Vec3 | undefined)[];
  orientation?: [number, number, number, number, number, number];
  /** [row spacing, column spacing] as stored in PixelSpacing. */
  pixelSpacing?: [number, number];
  sliceThickness?: number;
  spacingBetweenSlices?: number;
  window?: { center: number; width: number };
}

const PIXEL_DATA = 'x7fe00010';

/** dicom-parser is a UMD bundle: Node's ESM loader exposes it as `default` only, bundlers as names. */
const dicomParser = ((dicomParserModule as { default?: typeof dicomParserModule }).default ?? dicomParserModule) as typeof dicomParserModule;
const { parseDicom, readEncapsulatedImageFrame, readEncapsulatedPixelDataFromFragments } = dicomParser;

/** Inflates a deflated dataset (everything after the file meta group). */
function inflater(bytes: Uint8Array, position: number): Uint8Array {
  const body = inflateSync(bytes.subarray(position));
  const full = new Uint8Array(position + body.length);
  full.set(bytes.subarray(0, position));
  full.set(body, position);
  return full;
}

/** Parses a Part 10 file; `headerOnly` stops before the pixel data. */
export function parseFile(bytes: Uint8Array, path: string, headerOnly: boolean): DataSet {
  if (bytes.length < 132 || String.fromCharCode(...bytes.subarray(128, 132)) !== 'DICM') {
    throw new VolumeReadError('unsupported format: not a DICOM Part 10 file (no "DICM" at byte 128), and not NIfTI, MetaImage, NRRD, PNG or .npy by its name', path);
  }
  try {
    return parseDicom(bytes, { inflater, ...(headerOnly ? { untilTag: PIXEL_DATA } : {}) });
  } catch (err) {
    const msg = err instanceof Error ? err.message : typeof err === 'string' ? err : String((err as { exception?: string })?.exception ?? err);
    throw new VolumeReadError(`corrupt or truncated DICOM (${msg})`, path);
  }
}

function numbers(ds: DataSet | undefined, tag: string): number[] | undefined {
  const s = ds?.string(tag);
  if (s === undefined) return undefined;
  const parts = s.split('\\').map((p) => parseFloat(p));
  return parts.every(Number.isFinite) ? parts : undefined;
}

function vec3(v: number[] | undefined): Vec3 | undefined {
  return v && v.length >= 3 ? [v[0], v[1], v[2]] : undefined;
}

/** First item's dataset of a sequence element, if any. */
function item(ds: DataSet | undefined, tag: string): DataSet | undefined {
  return ds?.elements[tag]?.items?.[0]?.dataSet;
}

/** Enhanced (multi-frame) CT/MR keep geometry in functional groups: shared, then per frame. */
function functionalGroups(ds: DataSet, frames: number) {
  const shared = item(ds, 'x52009229');
  const perFrame = ds.elements['x52009230']?.items ?? [];
  const pick = (frame: number | undefined, seq: string) => (frame !== undefined ? item(perFrame[frame]?.dataSet, seq) : undefined) ?? item(shared, seq);
  // A top-level ImagePositionPatient describes frame 1 only, so multi-frame files need per-frame groups.
  const positions = Array.from({ length: frames }, (_, f) => vec3(numbers(pick(f, 'x00209113') ?? (frames === 1 ? ds : undefined), 'x00200032')));
  return {
    positions,
    orientation: pick(0, 'x00209116'),
    measures: pick(0, 'x00289110'),
    transform: pick(0, 'x00289145'),
  };
}

export function fileInfo(ds: DataSet, path: string): DicomFileInfo {
  const rows = ds.uint16('x00280010');
  const cols = ds.uint16('x00280011');
  if (!rows || !cols) throw new VolumeReadError('no image (Rows/Columns missing): not an image object', path);
  const frames = Math.max(1, parseInt(ds.string('x00280008') ?? '1', 10) || 1);
  const fg = functionalGroups(ds, frames);
  const iop = numbers(fg.orientation ?? ds, 'x00200037');
  const spacing = numbers(fg.measures ?? ds, 'x00280030');
  const bitsAllocated = ds.uint16('x00280100') ?? 16;
  const wc = numbers(ds, 'x00281050')?.[0];
  const ww = numbers(ds, 'x00281051')?.[0];
  return {
    path,
    transferSyntaxUID: (ds.string('x00020010') ?? '1.2.840.10008.1.2').replace(/\0/g, '').trim(),
    seriesInstanceUID: ds.string('x0020000e') ?? '',
    seriesDescription: ds.string('x0008103e')?.trim() || undefined,
    seriesNumber: ds.intString('x00200011'),
    sopInstanceUID: ds.string('x00080018'),
    modality: ds.string('x00080060') ?? 'OT',
    rows,
    cols,
    frames,
    bitsAllocated,
    bitsStored: ds.uint16('x00280101') ?? bitsAllocated,
    pixelRepresentation: ds.uint16('x00280103') ?? 0,
    samplesPerPixel: ds.uint16('x00280002') ?? 1,
    photometric: ds.string('x00280004') ?? 'MONOCHROME2',
    slope: numbers(fg.transform ?? ds, 'x00281053')?.[0] ?? 1,
    intercept: numbers(fg.transform ?? ds, 'x00281052')?.[0] ?? 0,
    instanceNumber: ds.intString('x00200013'),
    positions: fg.positions,
    orientation: iop && iop.length === 6 ? [iop[0], iop[1], iop[2], iop[3], iop[4], iop[5]] : undefined,
    pixelSpacing: spacing && spacing.length >= 2 ? [spacing[0], spacing[1]] : undefined,
    sliceThickness: numbers(fg.measures ?? ds, 'x00180050')?.[0],
    spacingBetweenSlices: numbers(fg.measures ?? ds, 'x00180088')?.[0],
    window: wc !== undefined && ww !== undefined && ww > 0 ? { center: wc, width: ww } : undefined,
  };
}

/** The stored bytes of frame f: a native slice of the pixel data or one encapsulated frame. */
export function frameBytes(ds: DataSet, info: DicomFileInfo, frame: number, encapsulated: boolean): Uint8Array {
  const el: Element | undefined = ds.elements[PIXEL_DATA];
  if (!el) throw new VolumeReadError('no Pixel Data element', info.path);
  if (!encapsulated) {
    const frameLen = (info.rows * info.cols * info.samplesPerPixel * info.bitsAllocated) / 8;
    const start = el.dataOffset + frame * frameLen;
    const available = Math.min(ds.byteArray.length, el.dataOffset + el.length) - start;
    if (available < frameLen) throw new VolumeReadError(`truncated pixel data: frame ${frame + 1} needs ${frameLen} bytes, ${Math.max(0, available)} present`, info.path);
    return ds.byteArray.subarray(start, start + frameLen);
  }
  if (!el.encapsulatedPixelData || !el.fragments?.length) throw new VolumeReadError('encapsulated transfer syntax but the pixel data has no fragments', info.path);
  if (info.frames === 1) return readEncapsulatedPixelDataFromFragments(ds, el, 0, el.fragments.length);
  if (el.basicOffsetTable?.length) return readEncapsulatedImageFrame(ds, el, frame);
  if (el.fragments.length === info.frames) return readEncapsulatedPixelDataFromFragments(ds, el, frame, 1);
  throw new VolumeReadError(`cannot locate frame ${frame + 1}: no offset table and ${el.fragments.length} fragments for ${info.frames} frames`, info.path);
}
