/** WGSL snippets shared by the SSIM programs. */
import { gaussianTaps } from './gaussianWindow.cpu';

/** The 11 normalised Gaussian taps (σ 1.5) as a private WGSL array `TAPS` (dynamic indexing). */
export function wgslTaps(): string {
  const taps = Array.from(gaussianTaps(), (t) => t.toPrecision(9)).join(', ');
  return `var<private> TAPS : array<f32, 11> = array<f32, 11>(${taps});`;
}
