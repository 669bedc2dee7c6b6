/**
 * The COVID-CT repository's own layout (Zhao et al. 2020, github.com/UCSD-AI4H/COVID-CT) → entries
 * with the repository's split:
 *   Images-processed/CT_COVID/<image>, Images-processed/CT_NonCOVID/<image>   (PNG and JPEG)
 *     (or the repository's Images-processed/CT_COVID.zip and CT_NonCOVID.zip, read as they are)
 *   Data-split/COVID/{train,val,test}CT_COVID.txt, Data-split/NonCOVID/{train,val,test}CT_NonCOVID.txt
 *     (one image file name per line)
 * Classes are the folder names CT_COVID and CT_NonCOVID. Everything else in the tree is ignored.
 * A list file missing, a listed image missing, or an image in two lists is an error naming them.
 */
import { unzipSync } from 'fflate';
import { baseName, inputFileFromBytes, type InputFile } from '../volume/input';
import { isGreyImagePath } from './greyImage';
import { LabelledDataError } from './labelled';
import type { EntryList, LabelledEntry } from './labelledFiles';
import type { SplitName } from './types';

const IMAGES = 'Images-processed';
const LISTS = 'Data-split';
const CLASSES = [
  { label: 'CT_COVID', list: 'COVID' },
  { label: 'CT_NonCOVID', list: 'NonCOVID' },
] as const;
const SPLITS: SplitName[] = ['train', 'val', 'test'];

/** Whether relative paths look like the COVID-CT repository (both top folders present). */
export function isCovidCtLayout(paths: readonly string[]): boolean {
  return paths.some((p) => p.startsWith(`${LISTS}/`)) && paths.some((p) => p.startsWith(`${IMAGES}/`));
}

/**
 * Of a repository's relative paths, those the layout reads: the lists, the images, and a class's
 * .zip only where its folder holds no image (the app reads only these bytes of a picked clone).
 */
export function covidCtFilesNeeded(paths: readonly string[]): Set<string> {
  const unzipped = new Set(CLASSES.filter((c) => paths.some((p) => p.startsWith(`${IMAGES}/${c.label}/`) && isGreyImagePath(p))).map((c) => c.label));
  return new Set(paths.filter((p) => (p.startsWith(`${LISTS}/`) && /\.txt$/i.test(p))
    || (p.startsWith(`${IMAGES}/`) && isGreyImagePath(p))
    || CLASSES.some((c) => p === `${IMAGES}/${c.label}.zip` && !unzipped.has(c.label))));
}

/** The images of one class: its folder, else its .zip (entries matched by file name). */
async function classImages(byPath: Map<string, InputFile>, label: string, root: string): Promise<Map<string, InputFile>> {
  const images = new Map<string, InputFile>();
  for (const [p, f] of byPath) if (p.startsWith(`${IMAGES}/${label}/`)) images.set(baseName(p), f);
  if (images.size) return images;
  const zip = byPath.get(`${IMAGES}/${label}.zip`);
  if (!zip) throw new LabelledDataError(`${root}: neither ${IMAGES}/${label}/ nor ${IMAGES}/${label}.zip found`);
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(await zip.read(), { filter: (e) => isGreyImagePath(e.name) && !e.name.split('/').some((s) => s.startsWith('.') || s === '__MACOSX') });
  } catch (err) {
    throw new LabelledDataError(`${root}: ${zip.path}: not a readable zip file (${err instanceof Error ? err.message : String(err)})`);
  }
  for (const [name, bytes] of Object.entries(entries)) images.set(baseName(name), inputFileFromBytes(`${IMAGES}/${label}/${baseName(name)}`, bytes));
  return images;
}

function listLines(text: string): { name: string; line: number }[] {
  return text.split(/\r?\n/).map((l, i) => ({ name: l.trim(), line: i + 1 })).filter((l) => l.name !== '');
}

/** COVID-CT files (paths relative to the repository folder `root`) → entries with the given split. */
export async function covidCtEntries(files: readonly InputFile[], root: string): Promise<EntryList> {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const entries: LabelledEntry[] = [];
  const problems: string[] = [];
  let unlisted = 0;
  for (const c of CLASSES) {
    const images = await classImages(byPath, c.label, root);
    const splitOf = new Map<string, string>();
    for (const split of SPLITS) {
      const listPath = `${LISTS}/${c.list}/${split}CT_${c.list}.txt`;
      const list = byPath.get(listPath);
      if (!list) throw new LabelledDataError(`${root}: ${listPath} not found (COVID-CT's split lists are Data-split/{COVID,NonCOVID}/{train,val,test}CT_*.txt)`);
      for (const { name, line } of listLines(new TextDecoder().decode(await list.read()))) {
        const file = images.get(baseName(name));
        const where = `${listPath} line ${line}`;
        if (!file) problems.push(`${where}: ${name} is not in ${IMAGES}/${c.label}`);
        else if (splitOf.has(baseName(name))) problems.push(`${where}: ${name} is also listed in ${splitOf.get(baseName(name))}`);
        else {
          splitOf.set(baseName(name), listPath);
          entries.push({ file, label: c.label, split });
        }
      }
    }
    unlisted += [...images.keys()].filter((n) => !splitOf.has(n)).length;
  }
  if (problems.length) throw new LabelledDataError(`${root}: ${problems.length} problem(s) in the split lists: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? '; …' : ''}`);
  const notes = ["COVID-CT layout: the repository's train/val/test lists (Data-split) are the split for every run"];
  if (unlisted) notes.push(`${unlisted} image(s) in ${IMAGES} are in no split list and were not used`);
  return { entries, declaredClasses: CLASSES.map((c) => c.label), notes };
}
