/**
 * MONAI datalist view of a manifest: `{"training": [{"image": ...}, ...]}` listing the kept
 * slices of every volume, in manifest order (load with `monai.data.load_decathlon_datalist`).
 */
import type { Manifest } from '../manifest/types';
import { slicePngName, volumeStem } from './names';

export interface MonaiDatalistOptions {
  /**
   * 'png' (default): the names keptSlicesZip writes, `<volume>_<index>.png`;
   * 'source': each slice's own file as recorded in the manifest (e.g. its DICOM file).
   */
  image?: 'png' | 'source';
  /** Prepended to every image path, e.g. "slices/". Default "". */
  prefix?: string;
  /** The datalist key. Default "training". */
  key?: string;
}

export function manifestToMonaiDatalist(m: Manifest, opts: MonaiDatalistOptions = {}): Record<string, { image: string }[]> {
  const { image = 'png', prefix = '', key = 'training' } = opts;
  const items: { image: string }[] = [];
  for (const v of m.volumes) {
    const stem = volumeStem(v);
    for (const index of v.kept) {
      if (image === 'png') {
        items.push({ image: `${prefix}${slicePngName(stem, index)}` });
        continue;
      }
      const file = v.slices[index]?.file;
      if (file === undefined) throw new RangeError(`MONAI datalist: volume '${v.id}' slice ${index} has no source file recorded; use image: 'png'`);
      items.push({ image: `${prefix}${file}` });
    }
  }
  return { [key]: items };
}
