/**
 * The label CSV: `path,label[,group][,split]`. A header row (with `path` and `label`) names the
 * columns in any order; without one they are positional. Paths are relative to the CSV file.
 */
import { LabelledDataError } from './labelled';
import type { SplitName } from './types';

const SPLITS: readonly string[] = ['train', 'val', 'test'];

export interface LabelRow {
  path: string;
  label: string;
  group?: string;
  split?: SplitName;
}

/** Parse `path,label[,group][,split]` rows (RFC 4180 quotes); a header row may name the columns. */
export function parseLabelCsv(text: string, name: string): LabelRow[] {
  const rows = csvRows(text).filter((r) => r.some((c) => c.trim() !== ''));
  if (rows.length === 0) throw new LabelledDataError(`${name}: the CSV file is empty`);
  const header = rows[0].map((c) => c.trim().toLowerCase());
  const hasHeader = header.includes('path') && header.includes('label');
  const col = (n: string, fallback: number) => (hasHeader ? header.indexOf(n) : fallback);
  const [ip, il, ig, is] = [col('path', 0), col('label', 1), col('group', 2), col('split', 3)];
  return rows.slice(hasHeader ? 1 : 0).map((r, k) => {
    const line = k + (hasHeader ? 2 : 1);
    const path = r[ip]?.trim();
    const label = r[il]?.trim();
    if (!path || !label) throw new LabelledDataError(`${name}: line ${line} needs a path and a label`);
    const group = ig >= 0 ? r[ig]?.trim() : undefined;
    const split = is >= 0 ? r[is]?.trim().toLowerCase() : undefined;
    if (split && !SPLITS.includes(split)) throw new LabelledDataError(`${name}: line ${line}: split '${split}' is not train, val or test`);
    return { path, label, ...(group ? { group } : {}), ...(split ? { split: split as SplitName } : {}) };
  });
}

/** RFC 4180 rows: quoted fields may hold commas, newlines and doubled quotes. */
export function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') endField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else field += ch;
  }
  if (field !== '' || row.length) endRow();
  return rows;
}

