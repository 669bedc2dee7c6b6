/** WGSL snippets shared by the SSIM programs. */
import { gaussianTaps } from './gaussianWindow.cpu';

/** The 11 normalised Gaussian taps (σ 1.5) as a private WGSL array `TAPS` (dynamic indexing). */
export function wgslTaps(): string {
  const taps = Array.from(gaussianTaps(), (t) => t.toPrecision(9)).join(', ');
  return `var<private> TAPS : array<f32, 11> = array<f32, 11>(${taps});`;
}

/**
 * Σ_k w_k · term(k), k = 0..10, as one unrolled WGSL expression with the taps as literals, summed
 * left to right like a loop (no private array to initialise per thread, no dynamic indexing).
 */
export function wgslTapSum(term: (k: number) => string): string {
  return Array.from(gaussianTaps(), (t, k) => `${t.toPrecision(9)} * ${term(k)}`).join(' + ');
}
