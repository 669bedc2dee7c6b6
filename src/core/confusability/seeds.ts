/**
 * Seeds for confusability's random draws. Every view is drawn from its own stream, keyed by
 * (seed, volume id, slice index, role), so a slice gets the same views whichever subset S it is
 * measured in: ALL and a reduction are compared on common random numbers, and volumes do not
 * depend on their order.
 */
import { Rng } from '../ssl/rng';

/** FNV-1a of a string (32-bit). */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** One 32-bit word from several (a murmur3-style finaliser after each word). */
function mix(words: number[]): number {
  let h = 0x9747b28c;
  for (const w of words) {
    h = Math.imul(h ^ (w >>> 0), 0xcc9e2d51) >>> 0;
    h = (h ^ (h >>> 15)) >>> 0;
    h = Math.imul(h, 0x85ebca6b) >>> 0;
    h = (h ^ (h >>> 13)) >>> 0;
  }
  return h >>> 0;
}

/** w: the one view of y used as a negative; v1, v2: the anchor's two views. */
export type ViewRole = 'w' | 'v1' | 'v2';
const ROLE: Record<ViewRole | 'anchors', number> = { w: 1, v1: 2, v2: 3, anchors: 4 };

export function viewRng(seed: number, volumeId: string, slice: number, role: ViewRole): Rng {
  return new Rng(mix([seed, fnv1a(volumeId), slice, ROLE[role]]));
}

/** A seeded sample of `count` positions of 0..m−1 (all of them when count ≥ m), ascending. */
export function sampleAnchors(m: number, count: number | undefined, seed: number, volumeId: string): number[] {
  const all = Array.from({ length: m }, (_, i) => i);
  if (count === undefined || count >= m) return all;
  const rng = new Rng(mix([seed, fnv1a(volumeId), ROLE.anchors]));
  // partial Fisher–Yates: the first `count` entries are a uniform sample without replacement
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(m - i);
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.slice(0, count).sort((a, b) => a - b);
}
