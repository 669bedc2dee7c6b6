/**
 * Volume readers: `readVolumes` (everything at once) for DICOM series, NIfTI-1/2, MetaImage
 * (.mha, .mhd + data), NRRD (.nrrd, .nhdr + data), folders of 8-bit PNG slices and .npy, in the browser, in Workers and in Node; `discoverVolumes` + `loadVolume`
 * (./discover.ts) when one volume at a time should be in memory. See docs/formats.md.
 */
import type { Volume } from './types';
import {
  DEFAULT_VOLUME_BUDGET_BYTES,
  VolumeReadError,
  type InputFile,
  type ReadOptions,
  type ReadResult,
  type SkippedFile,
} from './input';
import { classifyFiles } from './discover';
import { readNifti } from './nifti';
import { readNpy } from './npy';
import { claimDataFiles, readHeaderVolume } from './headerVolume';
import { groupPngFiles, readPngGroup } from './png';
import { readDicomFiles } from './dicom/readDicom';
import { throwIfAborted } from '../runtime/abort';

export * from './types';
export * from './input';
export { detectFormat, fileFormat, type InputFormat } from './detect';
export { readNpy, isNpy } from './npy';
export { readNifti, streamNifti, isNiftiPath, type NiftiStreamOptions } from './nifti';
export { parseMetaImageHeader, isMetaImagePath } from './metaImage';
export { parseNrrdHeader, isNrrdPath } from './nrrd';
export { groupPngFiles } from './png';
export { voxelSha256, voxelSha256Sync, sha256Hex, littleEndianBytes, type Sha256Factory, type Sha256Stream } from './hash';
export { volumeInfo, voxelStats, type VolumeInfo } from './info';
export { naturalCompare } from './naturalSort';
export { discoverVolumes, loadVolume, streamVolume, streamOneVolume, type DiscoveredVolume, type Discovery, type LoadedVolume, type VolumeFormatFound } from './discover';
export { configureCodecWasm, TRANSFER_SYNTAXES, type WasmLocator } from './dicom/codecs';

/**
 * Reads every volume in `files`: one per DICOM series (or only `opts.seriesUID`), per NIfTI or
 * .npy file, per PNG group. Unusable files are listed in `skipped` with the reason; when nothing
 * is usable it throws a VolumeReadError that names the file(s) and the problem. Over-budget
 * volumes, an unknown `seriesUID` and (with `requireSingleSeries`) several series also throw.
 */
export async function readVolumes(files: InputFile[], opts: ReadOptions = {}): Promise<ReadResult> {
  if (files.length === 0) throw new VolumeReadError('no files to read (empty folder?)');
  const o = { ...opts, memoryBudgetBytes: opts.memoryBudgetBytes ?? DEFAULT_VOLUME_BUDGET_BYTES };
  const { by: byFormat, skipped } = classifyFiles(files);
  const errors: VolumeReadError[] = [];
  const volumes: Volume[] = [];
  /** Per-file readers: a failure skips that file (and is rethrown when nothing else is usable). */
  const attempt = async (path: string, read: () => Promise<Volume | undefined>) => {
    throwIfAborted(o.signal, 'reading');
    try {
      const v = await read();
      if (v) volumes.push(v);
    } catch (err) {
      if (!(err instanceof VolumeReadError) || /memory budget/.test(err.message)) throw err;
      errors.push(err);
      skipped.push({ path, reason: err.message });
    }
  };
  for (const f of byFormat.nifti) await attempt(f.path, () => readNifti(f, o));
  for (const f of [...byFormat.metaimage, ...byFormat.nrrd]) {
    await attempt(f.path, async () => {
      const { volume, dataFile } = await readHeaderVolume(f, files, o.memoryBudgetBytes);
      if (dataFile) claimDataFiles([dataFile.path], skipped);
      return volume;
    });
  }
  for (const f of byFormat.npy) await attempt(f.path, async () => readNpy(await f.read(), f.path));
  for (const g of groupPngFiles(byFormat.png)) await attempt(g.key, () => readPngGroup(g, o, skipped));
  let series;
  if (byFormat.dicom.length) {
    const dicom = await readDicomFiles(byFormat.dicom, o, skipped);
    volumes.push(...dicom.volumes);
    series = dicom.series;
  }
  if (!volumes.length) throw nothingReadable(files.length, skipped, errors);
  return { volumes, skipped, ...(series ? { series } : {}) };
}

function nothingReadable(count: number, skipped: SkippedFile[], errors: VolumeReadError[]): VolumeReadError {
  if (errors.length === 1 && skipped.length === 1) return errors[0];
  if (skipped.length === 1) return new VolumeReadError(skipped[0].reason, skipped[0].path);
  const shown = skipped.slice(0, 3).map((s) => s.reason).join('; ');
  const more = skipped.length > 3 ? `; and ${skipped.length - 3} more` : '';
  return new VolumeReadError(`no readable volume in ${count} file(s): ${shown}${more}`);
}
