/**
 * How much two reductions agree. The paper reports 9–30% equality between the kept sets of
 * different methods; these are the numbers that make such a comparison computable.
 *
 *   jaccard(A, B) = |A ∩ B| / |A ∪ B|          (1 when both are empty)
 *   overlap(A, B) = |A ∩ B| / min(|A|, |B|)    (Szymkiewicz–Simpson; 1 when either is empty)
 */

export interface KeptSetAgreement {
  jaccard: number;
  overlap: number;
  intersection: number;
  union: number;
  /** Kept by A only / by B only (ascending). */
  onlyA: number[];
  onlyB: number[];
}

/** Agreement of two kept sets of the same volume (slice indices, any order, no duplicates needed). */
export function compareKeptSets(a: Iterable<number>, b: Iterable<number>): KeptSetAgreement {
  const setA = new Set(a);
  const setB = new Set(b);
  const onlyA = [...setA].filter((i) => !setB.has(i)).sort((x, y) => x - y);
  const onlyB = [...setB].filter((i) => !setA.has(i)).sort((x, y) => x - y);
  const intersection = setA.size - onlyA.length;
  const union = setA.size + onlyB.length;
  const smaller = Math.min(setA.size, setB.size);
  return {
    jaccard: union === 0 ? 1 : intersection / union,
    overlap: smaller === 0 ? 1 : intersection / smaller,
    intersection,
    union,
    onlyA,
    onlyB,
  };
}

export interface NamedKeptSet {
  /** A label such as "hash T=6" or "ssim f=0.1". */
  name: string;
  kept: readonly number[];
}

/** Per slice 0..n-1: the names of the reductions that keep it (in the order given). */
export function keptByMethod(sets: readonly NamedKeptSet[], n: number): { index: number; keptBy: string[] }[] {
  const rows = Array.from({ length: n }, (_, index) => ({ index, keptBy: [] as string[] }));
  for (const { name, kept } of sets) {
    for (const i of kept) {
      if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`agreement: '${name}' keeps slice ${i}, outside 0..${n - 1}`);
      rows[i].keptBy.push(name);
    }
  }
  return rows;
}

/** Agreement of every unordered pair of named kept sets, in input order (a before b). */
export function agreementTable(sets: readonly NamedKeptSet[]): ({ a: string; b: string } & KeptSetAgreement)[] {
  const table: ({ a: string; b: string } & KeptSetAgreement)[] = [];
  for (let x = 0; x < sets.length; x++) {
    for (let y = x + 1; y < sets.length; y++) table.push({ a: sets[x].name, b: sets[y].name, ...compareKeptSets(sets[x].kept, sets[y].kept) });
  }
  return table;
}
