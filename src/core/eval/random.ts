/** A seeded PRNG (mulberry32) for split shuffles, batch orders and initialisation: runs replay from their seed. */
import { mulberry32 } from '../runtime/mulberry32';

export type Rng = () => number;

export function createRng(seed: number): Rng {
  return mulberry32(seed);
}

/** Fisher–Yates shuffle in place. */
export function shuffleInPlace<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** Standard normal draw (Box–Muller). */
export function gaussian(rng: Rng): number {
  const u = 1 - rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}
