/**
 * NRRD (Teem's .nrrd: header and data in one file; .nhdr: header, data in the file `data file`
 * names). The header starts with the magic `NRRD000N`, then `field: value` lines (`key:=value`
 * pairs and `#` comments are passed over) up to an empty line; attached data follows it.
 * Reference: https://teem.sourceforge.net/nrrd/format.html. Read: 2-D/3-D scalar images of the
 * integer and float types, either endian, encodings raw, gzip and text; `byte skip` (−1: the data is
 * the last bytes), `line skip`; spacing from `spacings`, else the lengths of `space directions`.
 * Not read: bzip2 and hex encodings, `data file: LIST` or patterns, vector (non-scalar) axes.
 */
import { VolumeReadError } from './input';
import type { RawImageHeader, RawType } from './rawImage';

/** NRRD type names (format.html "type") → storage. */
const TYPES: [RegExp, RawType][] = [
  [/^(signed char|int8|int8_t)$/, 'int8'],
  [/^(uchar|unsigned char|uint8|uint8_t)$/, 'uint8'],
  [/^(short|short int|signed short|signed short int|int16|int16_t)$/, 'int16'],
  [/^(ushort|unsigned short|unsigned short int|uint16|uint16_t)$/, 'uint16'],
  [/^(int|signed int|int32|int32_t)$/, 'int32'],
  [/^(uint|unsigned int|uint32|uint32_t)$/, 'uint32'],
  [/^float$/, 'float32'],
  [/^double$/, 'float64'],
];

export const NRRD_HEADER_MAX_BYTES = 1 << 16;

export function isNrrdPath(path: string): boolean {
  return /\.(nrrd|nhdr)$/i.test(path);
}

/** `(a,b,c)` vectors or `none` per axis → each vector's length (undefined for none). */
function directionLengths(v: string): (number | undefined)[] {
  return (v.match(/\([^)]*\)|none/g) ?? []).map((d) => (d === 'none' ? undefined : Math.hypot(...d.slice(1, -1).split(',').map(Number))));
}

/** Parses the header at the start of `bytes` (at least its first NRRD_HEADER_MAX_BYTES). */
export function parseNrrdHeader(bytes: Uint8Array, path: string): RawImageHeader {
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, NRRD_HEADER_MAX_BYTES));
  if (!/^NRRD000\d/.test(text)) throw new VolumeReadError('not a NRRD file (no NRRD000N magic)', path);
  const fields = new Map<string, string>();
  let offset = text.indexOf('\n') + 1;
  for (;;) {
    const nl = text.indexOf('\n', offset);
    const line = text.slice(offset, nl < 0 ? text.length : nl).replace(/\r$/, '');
    offset = nl < 0 ? text.length : nl + 1;
    if (line === '') break; // the header's end (attached data follows)
    if (!line.startsWith('#') && !line.includes(':=')) {
      const m = /^([^:]+):\s*(.*?)\s*$/.exec(line);
      if (!m) throw new VolumeReadError(`not a NRRD header line: ${JSON.stringify(line.slice(0, 60))}`, path);
      fields.set(m[1].trim().toLowerCase(), m[2]);
    }
    if (nl < 0) break;
  }
  const get = (k: string) => fields.get(k);
  const dim = Number(get('dimension'));
  const sizes = get('sizes')?.trim().split(/\s+/).map(Number);
  if (!(dim >= 2) || !sizes || sizes.length !== dim || sizes.some((d) => !(Number.isInteger(d) && d > 0))) {
    throw new VolumeReadError(`NRRD dimension '${get('dimension')}' / sizes '${get('sizes')}' do not give a 2-D or 3-D size`, path);
  }
  if (dim > 3 && sizes.slice(3).some((d) => d > 1)) throw new VolumeReadError(`${dim}-D NRRD (${sizes.join('×')}) is not supported: one 3-D scalar volume expected`, path);
  const kinds = get('kinds')?.trim().split(/\s+/) ?? [];
  if (kinds.some((k) => /vector|list|rgb|rgba|complex|tensor|covariant|point|normal/i.test(k))) throw new VolumeReadError(`NRRD kinds '${get('kinds')}': only scalar volumes are supported`, path);
  const typeName = get('type')?.trim().toLowerCase() ?? '';
  const type = TYPES.find(([re]) => re.test(typeName))?.[1];
  if (!type) throw new VolumeReadError(`unsupported NRRD type '${get('type')}' (integer types up to 32 bits, float, double)`, path);
  const enc = get('encoding')?.trim().toLowerCase();
  const encoding = enc === 'raw' ? 'raw' : enc === 'gzip' || enc === 'gz' ? 'gzip' : enc === 'text' || enc === 'txt' || enc === 'ascii' ? 'text' : undefined;
  if (!encoding) throw new VolumeReadError(`unsupported NRRD encoding '${get('encoding')}' (raw, gzip or text)`, path);
  const endian = get('endian')?.trim().toLowerCase();
  const bytesPer = { int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, float32: 4, float64: 8 }[type];
  if (bytesPer > 1 && encoding !== 'text' && endian !== 'little' && endian !== 'big') throw new VolumeReadError(`NRRD endian '${endian ?? '(missing)'}' must be little or big`, path);
  const dataFile = get('data file') ?? get('datafile');
  if (dataFile && (/^LIST/i.test(dataFile) || /\s/.test(dataFile.trim()))) throw new VolumeReadError(`NRRD data file '${dataFile}' (several files) is not supported`, path);
  const spacings = get('spacings')?.trim().split(/\s+/).map(Number);
  const lengths = get('space directions') ? directionLengths(get('space directions')!) : [];
  const spacing = [0, 1, 2].map((i) => {
    const s = spacings?.[i] ?? lengths[i];
    return s !== undefined && Number.isFinite(s) && Math.abs(s) > 0 ? Math.abs(s) : 1;
  }) as [number, number, number];
  const warnings: string[] = [];
  const dirs = get('space directions')?.match(/\([^)]*\)/g)?.map((d) => d.slice(1, -1).split(',').map(Number));
  if (dirs && dirs.some((d, i) => d.some((v, j) => (i === j ? v <= 0 : v !== 0)))) {
    warnings.push(`orientation (space directions${get('space') ? `, ${get('space')}` : ''}) not applied: slices are shown in file order (3rd axis), rows = 2nd axis, columns = 1st axis`);
  }
  return {
    format: 'nrrd',
    sizes: [sizes[0], sizes[1], dim >= 3 ? sizes[2] : 1],
    type,
    littleEndian: endian !== 'big',
    spacing,
    encoding,
    ...(dataFile ? { dataFile: dataFile.trim() } : {}),
    headerBytes: offset, // latin1: one character per byte
    byteSkip: Number(get('byte skip') ?? get('byteskip') ?? 0),
    lineSkip: Number(get('line skip') ?? get('lineskip') ?? 0),
    warnings,
  };
}
