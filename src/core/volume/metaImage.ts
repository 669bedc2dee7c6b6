/**
 * MetaImage (ITK's .mha: header and data in one file; .mhd: header, data in the file ElementDataFile
 * names). The header is `Key = Value` lines; ElementDataFile is the last one, and with LOCAL the
 * data starts right after its line. Reference: https://itk.org/Wiki/ITK/MetaIO/Documentation
 * (MetaIO's metaImage.cxx). Read: 2-D/3-D single-channel images, MET_UCHAR/CHAR/SHORT/USHORT/INT/
 * UINT/FLOAT/DOUBLE, either byte order, CompressedData (zlib), HeaderSize (−1: data at the end).
 * Not read: ElementDataFile LIST or a file pattern (slices in separate files), multi-channel images.
 */
import { VolumeReadError } from './input';
import type { RawImageHeader, RawType } from './rawImage';

const ELEMENT_TYPES: Record<string, RawType> = {
  MET_UCHAR: 'uint8',
  MET_CHAR: 'int8',
  MET_SHORT: 'int16',
  MET_USHORT: 'uint16',
  MET_INT: 'int32',
  MET_UINT: 'uint32',
  MET_LONG: 'int32',
  MET_ULONG: 'uint32',
  MET_FLOAT: 'float32',
  MET_DOUBLE: 'float64',
};

/** Header text is ASCII; 64 KiB is far more than any MetaImage header. */
export const META_HEADER_MAX_BYTES = 1 << 16;

export function isMetaImagePath(path: string): boolean {
  return /\.(mha|mhd)$/i.test(path);
}

const numbers = (v: string | undefined): number[] | undefined => v?.trim().split(/\s+/).map(Number);
const isTrue = (v: string | undefined): boolean => /^(true|1|yes)$/i.test(v?.trim() ?? '');

/** Parses the header at the start of `bytes` (at least its first META_HEADER_MAX_BYTES). */
export function parseMetaImageHeader(bytes: Uint8Array, path: string): RawImageHeader {
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, META_HEADER_MAX_BYTES));
  const fields = new Map<string, string>();
  let offset = 0;
  let dataFile: string | undefined;
  for (;;) {
    const nl = text.indexOf('\n', offset);
    const line = text.slice(offset, nl < 0 ? text.length : nl).replace(/\r$/, '');
    const m = /^\s*([A-Za-z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) throw new VolumeReadError(`not a MetaImage header: line ${fields.size + 1} is not 'Key = Value' (${JSON.stringify(line.slice(0, 60))})`, path);
    fields.set(m[1], m[2]);
    offset = nl < 0 ? text.length : nl + 1;
    if (m[1] === 'ElementDataFile') {
      dataFile = m[2];
      break;
    }
    if (nl < 0) throw new VolumeReadError('not a MetaImage header: no ElementDataFile line', path);
  }
  const get = (k: string) => fields.get(k);
  if (get('ObjectType') && !/^image$/i.test(get('ObjectType')!)) throw new VolumeReadError(`MetaImage ObjectType '${get('ObjectType')}' is not an Image`, path);
  const ndims = Number(get('NDims'));
  const dims = numbers(get('DimSize'));
  if (!(ndims >= 2) || !dims || dims.length < ndims || dims.some((d) => !(Number.isInteger(d) && d > 0))) {
    throw new VolumeReadError(`MetaImage NDims '${get('NDims')}' / DimSize '${get('DimSize')}' do not give a 2-D or 3-D size`, path);
  }
  if (ndims > 3 && dims.slice(3, ndims).some((d) => d > 1)) throw new VolumeReadError(`${ndims}-D MetaImage (${dims.join('×')}) is not supported: one 3-D volume expected`, path);
  const channels = Number(get('ElementNumberOfChannels') ?? 1);
  if (channels !== 1) throw new VolumeReadError(`MetaImage with ${channels} channels per voxel is not supported (one expected)`, path);
  const type = ELEMENT_TYPES[get('ElementType')?.toUpperCase() ?? ''];
  if (!type) throw new VolumeReadError(`unsupported MetaImage ElementType '${get('ElementType')}' (supported: ${Object.keys(ELEMENT_TYPES).join(', ')})`, path);
  if (/^LIST/i.test(dataFile!) || /%/.test(dataFile!)) throw new VolumeReadError(`MetaImage ElementDataFile '${dataFile}' (one file per slice) is not supported; save the volume as one .mha`, path);
  const spacingField = numbers(get('ElementSpacing') ?? get('ElementSize'));
  const spacing = [0, 1, 2].map((i) => (i < ndims && spacingField && Math.abs(spacingField[i]) > 0 ? Math.abs(spacingField[i]) : 1)) as [number, number, number];
  const warnings: string[] = [];
  const transform = numbers(get('TransformMatrix') ?? get('Orientation') ?? get('Rotation'));
  if (transform && transform.some((v, i) => v !== (i % (ndims + 1) === 0 ? 1 : 0))) {
    warnings.push('orientation (TransformMatrix) not applied: slices are shown in file order (z), rows = y, columns = x');
  }
  const local = /^LOCAL$/i.test(dataFile!);
  const headerSize = Number(get('HeaderSize') ?? 0);
  return {
    format: 'metaimage',
    sizes: [dims[0], dims[1], ndims >= 3 ? dims[2] : 1],
    type,
    littleEndian: !isTrue(get('BinaryDataByteOrderMSB') ?? get('ElementByteOrderMSB')),
    spacing,
    encoding: isTrue(get('CompressedData')) ? 'zlib' : get('BinaryData') !== undefined && !isTrue(get('BinaryData')) ? 'text' : 'raw',
    ...(local ? {} : { dataFile }),
    headerBytes: offset, // latin1: one character per byte
    byteSkip: local ? 0 : headerSize,
    lineSkip: 0,
    warnings,
  };
}
