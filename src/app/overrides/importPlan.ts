/**
 * What an imported manifest's overrides would do to a volume's own, and the three ways to take
 * them (pure). The app asks only when something of the reviewer's would be lost.
 */
import type { OverrideMap } from '../store/overridesSlice';

export type OverrideImportChoice = 'replace' | 'merge' | 'keep';

export interface OverrideImportPlan {
  /** Slices only the file overrides. */
  added: number;
  /** Slices both override, differently. */
  conflicting: number;
  /** Slices both override the same way. */
  same: number;
  /** Slices only the reviewer overrides now (lost by replace). */
  onlyMine: number;
  /** True when replacing would lose or change something the reviewer has. */
  needsQuestion: boolean;
}

export function planOverrideImport(current: OverrideMap, incoming: OverrideMap): OverrideImportPlan {
  let added = 0;
  let conflicting = 0;
  let same = 0;
  for (const [k, kind] of Object.entries(incoming)) {
    const mine = current[Number(k)];
    if (mine === undefined) added++;
    else if (mine === kind) same++;
    else conflicting++;
  }
  const onlyMine = Object.keys(current).filter((k) => incoming[Number(k)] === undefined).length;
  return { added, conflicting, same, onlyMine, needsQuestion: conflicting + onlyMine > 0 };
}

/** The volume's overrides after the choice: merge keeps the reviewer's own where both differ. */
export function overridesAfterImport(current: OverrideMap, incoming: OverrideMap, choice: OverrideImportChoice): OverrideMap {
  if (choice === 'replace') return { ...incoming };
  if (choice === 'keep') return { ...current };
  return { ...incoming, ...current };
}

/** "3 added, 1 kept as yours" — what a choice did, for the status line. */
export function describeImportChoice(plan: OverrideImportPlan, choice: OverrideImportChoice): string {
  if (choice === 'keep') return 'your overrides kept, the file\'s ignored';
  if (choice === 'replace') return `overrides replaced by the file's (${plan.added + plan.same + plan.conflicting})`;
  return `overrides merged: ${plan.added} added from the file, ${plan.conflicting} conflicting kept as yours`;
}
