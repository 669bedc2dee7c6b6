/**
 * Volumes described by a text header (MetaImage .mha/.mhd, NRRD .nrrd/.nhdr): reading one, and
 * finding at discovery which file holds a detached header's data (so that file is part of the
 * volume, not "skipped").
 */
import { VolumeReadError, fileChunks, type InputFile, type SkippedFile } from './input';
import { isNrrdPath, parseNrrdHeader, NRRD_HEADER_MAX_BYTES } from './nrrd';
import { parseMetaImageHeader, META_HEADER_MAX_BYTES } from './metaImage';
import { decodeRawImage, findDataFile, siblingPath, type RawImageHeader } from './rawImage';
import type { Volume } from './types';

const parseHeader = (bytes: Uint8Array, path: string): RawImageHeader => (isNrrdPath(path) ? parseNrrdHeader(bytes, path) : parseMetaImageHeader(bytes, path));

/** The first bytes of a file (enough for any header), without reading a large attached volume whole where the file can stream. */
async function head(file: InputFile): Promise<Uint8Array> {
  const max = Math.max(NRRD_HEADER_MAX_BYTES, META_HEADER_MAX_BYTES);
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const chunk of fileChunks(file)) {
    parts.push(chunk.slice(0, max - n));
    n += parts[parts.length - 1].length;
    if (n >= max) break;
  }
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** One MetaImage/NRRD volume: its header file, with the detached data file found among `files` or beside the header. */
export async function readHeaderVolume(header: InputFile, files: readonly InputFile[], memoryBudgetBytes: number): Promise<{ volume: Volume; dataFile?: InputFile }> {
  const bytes = await header.read();
  const h = parseHeader(bytes, header.path);
  if (h.dataFile === undefined) return { volume: decodeRawImage(h, bytes, { headerPath: header.path, dataPath: header.path }, memoryBudgetBytes) };
  const dataFile = await findDataFile(header, h.dataFile, files);
  return { volume: decodeRawImage(h, await dataFile.read(), { headerPath: header.path, dataPath: dataFile.path }, memoryBudgetBytes), dataFile };
}

export interface HeaderEntry {
  header: InputFile;
  /** The detached data file, when the header names one that is among the files. */
  dataFile?: InputFile;
  rows: number;
  cols: number;
  slices: number;
}

/**
 * Discovery: each header's size and data file, from its first bytes only. A header that cannot be
 * parsed goes to `skipped`; a data file a header claims is taken out of `skipped`.
 */
export async function scanHeaderFiles(headers: InputFile[], files: readonly InputFile[], skipped: SkippedFile[]): Promise<HeaderEntry[]> {
  const entries: HeaderEntry[] = [];
  for (const header of headers) {
    let h: RawImageHeader;
    try {
      h = parseHeader(await head(header), header.path);
    } catch (err) {
      if (!(err instanceof VolumeReadError)) throw err;
      skipped.push({ path: header.path, reason: err.message });
      continue;
    }
    const want = h.dataFile === undefined ? undefined : siblingPath(header.path, h.dataFile);
    const dataFile = want === undefined ? undefined : files.find((f) => f.path.replace(/\\/g, '/') === want);
    entries.push({ header, ...(dataFile ? { dataFile } : {}), cols: h.sizes[0], rows: h.sizes[1], slices: h.sizes[2] });
  }
  claimDataFiles(entries.flatMap((e) => (e.dataFile ? [e.dataFile.path] : [])), skipped);
  return entries;
}

/** Takes the data files of detached headers out of the skipped list (they are part of a volume). */
export function claimDataFiles(paths: string[], skipped: SkippedFile[]): void {
  const claimed = new Set(paths);
  for (let i = skipped.length - 1; i >= 0; i--) if (claimed.has(skipped[i].path)) skipped.splice(i, 1);
}
