/** Imperative viewer commands for keyboard shortcuts (the store does not hold camera state). */
import type { Types } from '@cornerstonejs/core';
import { cornerstone } from './cornerstoneSetup';

export const MAIN_VIEWPORT_ID = 'ctsieve-main';

/** Resets zoom and pan of the main viewport. */
export function resetCamera(): void {
  const viewport = cornerstone().engine.getViewport(MAIN_VIEWPORT_ID) as Types.IStackViewport | undefined;
  if (!viewport) return;
  viewport.resetCamera();
  viewport.render();
}
