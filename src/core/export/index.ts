/** Derived views of a manifest: CSV, MONAI datalist, ZIP of kept slices as PNG (docs/manifest.md). */
export { manifestToCsv, CSV_COLUMNS } from './csv';
export { manifestToMonaiDatalist } from './monai';
export type { MonaiDatalistOptions } from './monai';
export { keptSlicesZip, keptSlicesZipMany, slicePng } from './pngZip';
export type { KeptSlicesEntry } from './pngZip';
export { volumeStem, slicePngName } from './names';
export { commonRoot, DEFAULT_PATH_MODE, foldersToPseudonymise, manifestPaths, PATH_MODES, rewriteManifestPaths } from './paths';
export type { PathMode, PathRewrite } from './paths';
